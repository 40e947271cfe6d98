package dev.eaas.strimzi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates and reads the manifests under {@code manifests/}, relative to the module folder Maven runs tests in. */
final class ManifestFiles {

    static final Path ROOT = Path.of("manifests");

    private ManifestFiles() {
    }

    /**
     * Returns every YAML file under {@link #ROOT}, sorted by path.
     *
     * @throws IllegalStateException if the folder is missing, which means the tests run outside the module folder
     */
    static List<Path> yamlFiles() {
        if (!Files.isDirectory(ROOT)) {
            throw new IllegalStateException("Manifest folder not found: " + ROOT.toAbsolutePath()
                    + "; run the tests from the strimzi module folder, as Maven does");
        }
        try (Stream<Path> paths = Files.walk(ROOT)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + ROOT.toAbsolutePath(), e);
        }
    }

    /** Returns every document of every manifest file, in file order. */
    static List<StrictManifestReader.Manifest> readAll() throws IOException {
        List<StrictManifestReader.Manifest> manifests = new ArrayList<>();
        for (Path file : yamlFiles()) {
            manifests.addAll(StrictManifestReader.read(file));
        }
        return manifests;
    }

    /** Returns the resources of one model class among all manifests. */
    static <T> List<T> resourcesOf(Class<T> modelClass) throws IOException {
        return readAll().stream()
                .map(StrictManifestReader.Manifest::resource)
                .filter(modelClass::isInstance)
                .map(modelClass::cast)
                .toList();
    }
}

package dev.eaas.strimzi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads manifest files into the model classes of {@link ManifestKinds}, rejecting what Strimzi's and fabric8's
 * lenient parsing would accept.
 *
 * <p>Every Strimzi and fabric8 model class collects properties it does not declare in an any-setter, so a
 * misspelt field such as {@code replicaz} is kept silently and the operator later ignores it. This reader removes
 * the any-setter from every class in the {@code io.strimzi} and {@code io.fabric8} packages and fails on unknown
 * properties, so a misspelling anywhere in the object graph is an error that names the field and its path. It
 * also rejects duplicate keys, which YAML parsers otherwise resolve by keeping the last value.
 *
 * <p>The project's own model classes, such as {@link Kustomization}, declare no any-setter, so the same feature
 * rejects their unknown properties.
 *
 * <p>Free-form maps such as {@code spec.kafka.config} or a topic's {@code config} still take any key: this reader
 * cannot tell a misspelt Kafka setting from a real one.
 */
final class StrictManifestReader {

    /** One parsed YAML document of a manifest file. */
    record Manifest(Path file, int documentNumber, String kind, String apiVersion, Object resource) {

        /** Returns where the document is, for messages: the file and the document's 1-based number in it. */
        String location() {
            return file + " document " + documentNumber;
        }
    }

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(new SimpleModule("reject-unknown-model-properties").setDeserializerModifier(new WithoutAnySetter()))
            .build();

    private StrictManifestReader() {
    }

    /**
     * Reads every document of a YAML file, skipping empty ones.
     *
     * @throws IllegalArgumentException if a document is not valid YAML, has no entry in {@link ManifestKinds}, has
     *     another apiVersion than its kind's entry, or does not match the kind's model class exactly
     */
    static List<Manifest> read(Path file) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        int documentNumber = 0;
        try (JsonParser parser = MAPPER.createParser(Files.newBufferedReader(file));
             MappingIterator<JsonNode> documents = MAPPER.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                documentNumber++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                manifests.add(toManifest(file, documentNumber, document));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " document " + (documentNumber + 1) + " is not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
        return manifests;
    }

    /**
     * Reads one document given as text, for tests of the reader itself.
     *
     * @throws IllegalArgumentException as {@link #read(Path)} does
     */
    static Manifest readDocument(String yaml) throws IOException {
        return toManifest(Path.of("<inline>"), 1, MAPPER.readTree(yaml));
    }

    private static Manifest toManifest(Path file, int documentNumber, JsonNode document) {
        String location = file + " document " + documentNumber;
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");

        ManifestKinds.Kind entry = ManifestKinds.lookup(kind).orElseThrow(() -> new IllegalArgumentException(
                location + " has kind '" + kind + "', which no test can parse yet; add the kind's model class to "
                        + ManifestKinds.class.getSimpleName()));
        if (!entry.apiVersion().equals(apiVersion)) {
            throw new IllegalArgumentException(location + " (" + kind + ") has apiVersion '" + apiVersion
                    + "', expected '" + entry.apiVersion() + "'");
        }

        try {
            Object resource = MAPPER.treeToValue(document, entry.modelClass());
            return new Manifest(file, documentNumber, kind, apiVersion, resource);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(location + " (" + kind + ") does not match its model: "
                    + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(location + " (" + kind + ") does not match its model: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Drops the any-setter of Strimzi's and fabric8's model classes, so their unknown properties fail. */
    private static final class WithoutAnySetter extends BeanDeserializerModifier {

        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                     BeanDeserializerBuilder builder) {
            String className = description.getBeanClass().getName();
            if (className.startsWith("io.strimzi.") || className.startsWith("io.fabric8.")) {
                builder.setAnySetter(null);
            }
            return builder;
        }
    }
}

package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.eaas.topics.SuiteId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekFilesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path folder;

    @Test
    void createdFileLoadsAndWrapsDeks() throws GeneralSecurityException {
        Path file = folder.resolve("kek");

        Path created = KekFiles.createKeyFile(file, RANDOM);
        Kek kek = KekLoader.load(Map.of(KekLoader.KEK_FILE, created.toString()), name -> null);

        DekBinding binding = new DekBinding(1, 2, 3, 1, SuiteId.AES_256_GCM_SIV);
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM_SIV, RANDOM);
        assertThat(created).isEqualTo(file);
        assertThat(kek.fingerprints()).containsExactly(kek.currentFingerprint());
        assertThat(kek.unwrap(kek.wrap(dek, binding), binding)).isEqualTo(dek);
    }

    @Test
    void createdFileNamesFingerprintInComment() throws IOException {
        Path file = KekFiles.createKeyFile(folder.resolve("kek"), RANDOM);

        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        Kek kek = KekLoader.load(Map.of(KekLoader.KEK_FILE, file.toString()), name -> null);

        assertThat(lines).contains("# KEK " + kek.currentFingerprint());
        assertThat(lines.stream().filter(line -> !line.startsWith("#"))).hasSize(1);
    }

    @Test
    void createdFileIsOwnerOnly() throws IOException {
        assumeThat(folder.getFileSystem().supportedFileAttributeViews()).contains("posix");

        Path file = KekFiles.createKeyFile(folder.resolve("kek"), RANDOM);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void twoCreatedFilesHoldDifferentKeys() {
        Path first = KekFiles.createKeyFile(folder.resolve("first"), RANDOM);
        Path second = KekFiles.createKeyFile(folder.resolve("second"), RANDOM);

        Kek firstKek = KekLoader.load(Map.of(KekLoader.KEK_FILE, first.toString()), name -> null);
        Kek secondKek = KekLoader.load(Map.of(KekLoader.KEK_FILE, second.toString()), name -> null);

        assertThat(firstKek.currentFingerprint()).isNotEqualTo(secondKek.currentFingerprint());
    }

    @Test
    void existingFileIsNotOverwritten() throws IOException {
        Path file = Files.writeString(folder.resolve("kek"), "existing content\n");

        assertThatThrownBy(() -> KekFiles.createKeyFile(file, RANDOM))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK file " + file + " already exists")
                .hasMessageContaining("unreadable");
        assertThat(Files.readString(file)).isEqualTo("existing content\n");
    }

    @Test
    void missingFolderIsReported() {
        Path file = folder.resolve("no-such-folder").resolve("kek");

        assertThatThrownBy(() -> KekFiles.createKeyFile(file, RANDOM))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("folder " + folder.resolve("no-such-folder") + " does not exist");
        assertThat(file).doesNotExist();
    }
}

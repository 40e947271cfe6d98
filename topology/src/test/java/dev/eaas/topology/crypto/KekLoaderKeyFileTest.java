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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekLoaderKeyFileTest {

    private static final Function<String, String> NO_ENVIRONMENT = name -> null;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DekBinding BINDING = new DekBinding(54, 1, 2, 1, SuiteId.AES_256_GCM);

    @TempDir
    Path folder;

    @Test
    void firstKeyIsCurrentAndOthersUnwrap() throws Exception {
        byte[] current = KekTest.randomKey();
        byte[] older = KekTest.randomKey();
        byte[] oldest = KekTest.randomKey();
        Path file = write("# rotated keys, newest first", base64(current), "", base64(older), "  " + base64(oldest) + "  ");
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
        byte[] wrappedByOldest = Kek.of(oldest, List.of()).wrap(dek, BINDING);

        Kek kek = load(file);

        assertThat(kek.currentFingerprint()).isEqualTo(Kek.of(current, List.of()).currentFingerprint());
        assertThat(kek.fingerprints()).hasSize(3);
        assertThat(kek.unwrap(wrappedByOldest, BINDING)).isEqualTo(dek);
        assertThat(Kek.of(current, List.of()).unwrap(kek.wrap(dek, BINDING), BINDING)).isEqualTo(dek);
    }

    @Test
    void olderKeyUnwrapsWhatItWrapped() throws GeneralSecurityException, IOException {
        byte[] older = KekTest.randomKey();
        Path file = write(base64(KekTest.randomKey()), base64(older));
        byte[] dek = Kek.generateDek(SuiteId.DES_CBC, RANDOM);
        DekBinding desBinding = new DekBinding(54, 1, 2, 3, SuiteId.DES_CBC);

        Kek kek = load(file);

        assertThat(kek.unwrap(Kek.of(older, List.of()).wrap(dek, desBinding), desBinding)).isEqualTo(dek);
    }

    @Test
    void missingFileNamesPathAndSetting() {
        Path missing = folder.resolve("no-such-kek");

        assertThatThrownBy(() -> load(missing))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK file " + missing)
                .hasMessageContaining("from kek.file")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("eaas kek create");
    }

    @Test
    void folderInsteadOfFileIsRejected() {
        assertThatThrownBy(() -> load(folder))
                .isInstanceOf(KekException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("is a folder, not a file");
    }

    @Test
    void unreadableFileNamesPath() throws IOException {
        Path file = write(base64(KekTest.randomKey()));
        assumeThat(folder.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeThat(Files.isReadable(file)).as("the test runs as a user that permissions bind, not root").isFalse();

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK file " + file)
                .hasMessageContaining("cannot be read: permission denied");
    }

    @Test
    void pathBelowFileCannotBeRead() throws IOException {
        Path notFolder = write(base64(KekTest.randomKey()));
        Path file = notFolder.resolve("kek");

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK file " + file + " (from kek.file) cannot be read");
    }

    @Test
    void fileWithoutKeysIsRejected() throws IOException {
        Path file = write("# only a comment", "", "   ");

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK file " + file)
                .hasMessageContaining("contains no key");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = Files.createFile(folder.resolve("empty"));

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("contains no key");
    }

    @Test
    void invalidBase64LineNamesLineNumber() throws IOException {
        String secretLooking = "not*base64*secret";
        Path file = write("# comment", base64(KekTest.randomKey()), secretLooking);

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Line 3 of KEK file " + file + " is not valid base64")
                .hasMessageNotContaining(secretLooking)
                .hasMessageNotContaining("*");
    }

    @Test
    void shortKeyLineNamesLineAndSize() throws IOException {
        byte[] shortKey = new byte[16];
        RANDOM.nextBytes(shortKey);
        String line = base64(shortKey);
        Path file = write(base64(KekTest.randomKey()), "", line);

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Line 3 of KEK file " + file + " decodes to 16 bytes; a KEK is 32 bytes")
                .hasMessageNotContaining(line);
    }

    @Test
    void duplicateKeyNamesBothLines() throws IOException {
        byte[] key = KekTest.randomKey();
        Path file = write(base64(key), base64(KekTest.randomKey()), "# again", base64(key));

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Lines 1 and 4 of KEK file " + file + " contain the same key (KEK "
                        + Kek.of(key, List.of()).currentFingerprint() + ")")
                .hasMessageNotContaining(base64(key));
    }

    @Test
    void fileThatIsNotTextIsRejected() throws IOException {
        Path file = folder.resolve("binary");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void describeSourceNamesFile() throws IOException {
        Path file = write(base64(KekTest.randomKey()));

        String source = KekLoader.describeSource(Map.of(KekLoader.KEK_FILE, file.toString()), NO_ENVIRONMENT);

        assertThat(source).isEqualTo("key file " + file);
    }

    private Kek load(Path file) {
        return KekLoader.load(Map.of(KekLoader.KEK_FILE, file.toString()), NO_ENVIRONMENT);
    }

    private Path write(String... lines) throws IOException {
        return Files.write(folder.resolve("kek"), List.of(lines), StandardCharsets.UTF_8);
    }

    static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}

package dev.eaas.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eaas.client.Registration;
import dev.eaas.topics.SuiteId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationFileTest {

    private static final Registration REGISTRATION = new Registration(54, 2, 4, 11, SuiteId.CHACHA20_POLY1305);
    /** First 8 bytes of SHA-256("eaas-registration-v2|54|2|4|11|chacha20-poly1305"), computed outside Java. */
    private static final String REGISTRATION_CHECK = "317ccd23f71bd5c3";
    /** First 8 bytes of SHA-256("eaas-registration-v1|54|2|4|11"), computed outside Java. */
    private static final String CHECK_WITHOUT_SUITE = "5ff4a71dc393b36d";
    /** A file as written before the cipher suite was recorded. */
    private static final String FILE_WITHOUT_SUITE = "# EaaS registration of subscriber 54. The token is secret: keep this"
            + " private.\n# The check value detects changes to the other values: register again rather than edit them.\n"
            + "subscriber=54\ncoordinator=2\ndeception.factor.bits=4\ntoken=11\ncheck=" + CHECK_WITHOUT_SUITE + "\n";
    private static final String RECOVERY_ADVICE = "Register again with 'register --out FILE', which returns the"
            + " same registration for the same deception factor, or restore the file";

    @TempDir
    Path directory;

    @Test
    void formatListsEveryProperty() {
        String text = RegistrationFile.format(REGISTRATION);

        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .containsExactly("subscriber=54", "coordinator=2", "deception.factor.bits=4", "token=11",
                        "cipher.suite=chacha20-poly1305", "check=" + REGISTRATION_CHECK);
    }

    @Test
    void checkValueCoversEveryValue() {
        String check = RegistrationFile.checkValue(54, 2, 4, 11, SuiteId.CHACHA20_POLY1305);

        assertThat(check).isEqualTo(REGISTRATION_CHECK);
        assertThat(RegistrationFile.checkValue(55, 2, 4, 11, SuiteId.CHACHA20_POLY1305)).isNotEqualTo(check);
        assertThat(RegistrationFile.checkValue(54, 3, 4, 11, SuiteId.CHACHA20_POLY1305)).isNotEqualTo(check);
        assertThat(RegistrationFile.checkValue(54, 2, 5, 11, SuiteId.CHACHA20_POLY1305)).isNotEqualTo(check);
        assertThat(RegistrationFile.checkValue(54, 2, 4, 12, SuiteId.CHACHA20_POLY1305)).isNotEqualTo(check);
        assertThat(RegistrationFile.checkValue(54, 2, 4, 11, SuiteId.AES_256_GCM)).isNotEqualTo(check);
    }

    @Test
    void checkValueWithoutSuiteKeepsFirstFormula() {
        assertThat(RegistrationFile.checkValueWithoutSuite(54, 2, 4, 11)).isEqualTo(CHECK_WITHOUT_SUITE);
    }

    @Test
    void fileWithoutSuiteReadsWithDefaultSuite() {
        Registration registration = RegistrationFile.parse(FILE_WITHOUT_SUITE, "test input");

        assertThat(registration).isEqualTo(new Registration(54, 2, 4, 11, SuiteId.AES_256_GCM));
    }

    @Test
    void suiteAddedToFileWithoutSuiteIsDetected() {
        String text = FILE_WITHOUT_SUITE + "cipher.suite=aes-256-gcm\n";

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid test input: property 'check' does not match the subscriber, coordinator,"
                        + " deception factor, token and cipher suite, so the file was changed. " + RECOVERY_ADVICE);
    }

    @Test
    void suiteRemovedFromFileIsDetected() {
        String text = RegistrationFile.format(REGISTRATION).replace("cipher.suite=chacha20-poly1305\n", "");

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid test input: property 'check' does not match the subscriber, coordinator,"
                        + " deception factor and token, so the file was changed. " + RECOVERY_ADVICE);
    }

    @Test
    void unknownSuiteIsRejected() {
        String text = RegistrationFile.format(REGISTRATION).replace("chacha20-poly1305", "rot13");

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'rot13' of property 'cipher.suite' in test input; it must be one of "
                        + SuiteId.names());
    }

    @Test
    void editedValueIsDetected() throws IOException {
        Path file = directory.resolve("registration.properties");
        RegistrationFile.write(file, REGISTRATION);
        String written = Files.readString(file);
        List<String[]> edits = List.of(
                new String[] {"subscriber=54", "subscriber=45"},
                new String[] {"coordinator=2", "coordinator=1"},
                new String[] {"deception.factor.bits=4", "deception.factor.bits=5"},
                new String[] {"token=11", "token=12"},
                new String[] {"cipher.suite=chacha20-poly1305", "cipher.suite=aes-256-gcm"},
                new String[] {"check=" + REGISTRATION_CHECK, "check=" + REGISTRATION_CHECK.replace('5', '6')});

        for (String[] edit : edits) {
            assertThat(written).contains(edit[0]);
            Files.writeString(file, written.replace(edit[0], edit[1]));

            assertThatThrownBy(() -> RegistrationFile.read(file))
                    .as("after replacing %s with %s", edit[0], edit[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid registration file " + file + ": property 'check' does not match the"
                            + " subscriber, coordinator, deception factor, token and cipher suite, so the file was"
                            + " changed. " + RECOVERY_ADVICE);
        }
    }

    @Test
    void missingCheckIsRejected() {
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=4\ntoken=11\n";

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing property 'check' in test input, so a changed value would go unnoticed. "
                        + RECOVERY_ADVICE);
    }

    @Test
    void checkIgnoresCaseAndSpaces() {
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=4\ntoken=11\ncipher.suite=chacha20-poly1305\n"
                + "check= " + REGISTRATION_CHECK.toUpperCase() + " \n";

        assertThat(RegistrationFile.parse(text, "test input")).isEqualTo(REGISTRATION);
    }

    @Test
    void mismatchMessageHidesToken() {
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=4\ntoken=13\ncipher.suite=chacha20-poly1305\n"
                + "check=" + REGISTRATION_CHECK + "\n";

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("13")
                .doesNotContain(REGISTRATION_CHECK)
                .doesNotContain(RegistrationFile.checkValue(54, 2, 4, 13, SuiteId.CHACHA20_POLY1305));
    }

    @Test
    void writtenFileReadsBack() throws IOException {
        Path file = directory.resolve("registration.properties");

        RegistrationFile.write(file, REGISTRATION);

        assertThat(RegistrationFile.read(file)).isEqualTo(REGISTRATION);
    }

    @Test
    void writtenFileIsOwnerOnly() throws IOException {
        assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"));
        Path file = directory.resolve("registration.properties");

        boolean ownerOnly = RegistrationFile.write(file, REGISTRATION);

        assertThat(ownerOnly).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void writeReplacesExistingFile() throws IOException {
        Path file = directory.resolve("registration.properties");
        Files.writeString(file, "old content that is much longer than the new registration, to show it is replaced");

        RegistrationFile.write(file, REGISTRATION);

        assertThat(RegistrationFile.read(file)).isEqualTo(REGISTRATION);
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void missingPropertyIsNamed() {
        assertThatThrownBy(() -> RegistrationFile.parse("subscriber=54\ncoordinator=2\ntoken=1\n", "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing property 'deception.factor.bits' in test input");
    }

    @Test
    void invalidTokenValueIsNotEchoed() {
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=2\ntoken=s3cr3t\n";

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value of property 'token' in test input; it must be a decimal integer");
    }

    @Test
    void inconsistentRegistrationIsRejected() {
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=2\ntoken=9\ncipher.suite=aes-256-gcm\n"
                + "check=" + RegistrationFile.checkValue(54, 2, 2, 9, SuiteId.AES_256_GCM) + "\n";

        assertThatThrownBy(() -> RegistrationFile.parse(text, "test input"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid test input: Invalid token for deception factor 2 bits; it must be between 0 and 3");
    }

    @Test
    void missingFileIsReported() {
        Path file = directory.resolve("absent.properties");

        assertThatThrownBy(() -> RegistrationFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage("Registration file " + file + " not found; write it with 'register --out FILE'");
    }
}

package dev.eaas.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eaas.client.Registration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationFileTest {

    private static final Registration REGISTRATION = new Registration(54, 2, 4, 11);

    @TempDir
    Path directory;

    @Test
    void formatListsEveryProperty() {
        String text = RegistrationFile.format(REGISTRATION);

        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .containsExactly("subscriber=54", "coordinator=2", "deception.factor.bits=4", "token=11");
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
        String text = "subscriber=54\ncoordinator=2\ndeception.factor.bits=2\ntoken=9\n";

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

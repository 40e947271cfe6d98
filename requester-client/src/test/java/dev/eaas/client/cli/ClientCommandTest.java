package dev.eaas.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.client.Registration;
import dev.eaas.topics.SuiteId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the command line without a broker: option handling and every failure that happens before or instead of one. */
class ClientCommandTest {

    @TempDir
    Path directory;

    private Path registrationFile;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();

    @BeforeEach
    void writeRegistration() throws IOException {
        registrationFile = directory.resolve("registration.properties");
        RegistrationFile.write(registrationFile, new Registration(54, 2, 2, 1));
    }

    @Test
    void missingRegistrationFileFailsInOneLine() {
        int exitCode = run("plaintext", "encrypt", "--registration", directory.resolve("absent").toString(),
                "--requester", "1", "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("client encrypt: Registration file ")
                .endsWith(" not found; write it with 'register --out FILE'");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void editedRegistrationFileFailsInOneLine() throws IOException {
        String written = Files.readString(registrationFile);
        Files.writeString(registrationFile, written.replace("token=1", "token=2"));

        int exitCode = run("plaintext", "encrypt", "--registration", registrationFile.toString(),
                "--requester", "1", "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("client encrypt: Invalid registration file " + registrationFile + ": property 'check'"
                        + " does not match")
                .endsWith("or restore the file");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void missingOptionFailsInOneLine() {
        int exitCode = run("", "decrypt", "--registration", registrationFile.toString(), "--requester", "1");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client decrypt: Missing required option: '--pair=P' (see --help)");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void missingSubcommandFailsInOneLine() {
        int exitCode = run("");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client: Missing subcommand; use register, encrypt, decrypt or rewrap (see --help)");
    }

    @Test
    void invalidBase64FailsBeforeConnecting() {
        int exitCode = run("not base64!", "decrypt", "--base64", "--registration", registrationFile.toString(),
                "--requester", "1", "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("client decrypt: Invalid Base64 ciphertext on standard input: ");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void pairTooWideFailsBeforeConnecting() {
        int exitCode = run("plaintext", "encrypt", "--registration", registrationFile.toString(),
                "--requester", "1", "--pair", "70000");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client encrypt: Value 70000 of field 'pair' does not fit its width of 16 bits;"
                        + " the field holds 0 to 65535");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void unknownDecoysFailBeforeConnecting() {
        int exitCode = run("plaintext", "encrypt", "--registration", registrationFile.toString(),
                "--requester", "1", "--pair", "2", "--decoys", "words");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client encrypt: Unknown decoy generator 'words'; expected one of"
                        + " [shape-matched, uniform-random]");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void unreachableBrokerFailsInOneLine() throws IOException {
        String address = closedAddress();

        int exitCode = run("plaintext", "encrypt", "--registration", registrationFile.toString(),
                "--bootstrap-servers", address, "--timeout-ms", "300", "--requester", "1", "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("client encrypt: Failed to read the partitions and end offsets of topic eaas.replies.subscriber-54")
                .contains("reachable at " + address);
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void deceptionFactorAboveMaximumFailsRegistration() {
        int exitCode = run("", "register", "--subscriber", "54", "--deception-factor", "17");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client register: Invalid deception factor 17 bits; it must be between 0 and 16");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void subscriberTooWideFailsRegistration() {
        int exitCode = run("", "register", "--subscriber", "256", "--deception-factor", "2", "--subscriber-bits", "8");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client register: Value 256 of field 'subscriber' does not fit its width of 8 bits;"
                        + " the field holds 0 to 255");
    }

    @Test
    void invalidFieldWidthFailsInOneLine() {
        int exitCode = run("", "register", "--subscriber", "1", "--deception-factor", "2", "--sequence-bits", "40");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client register: Invalid width 40 for field 'sequence'; it must be between 1 and 31 bits");
    }

    @Test
    void unknownCipherSuiteFailsRegistration() {
        int exitCode = run("", "register", "--subscriber", "54", "--deception-factor", "2", "--cipher-suite", "rot13");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client register: Invalid cipherSuite 'rot13'; it must be one of " + SuiteId.names());
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void registerHelpListsCipherSuites() {
        CommandLine commandLine = ClientCommand.commandLine(new ClientCommand());
        StringWriter help = new StringWriter();
        commandLine.setOut(new PrintWriter(help));

        int exitCode = commandLine.execute("register", "--help");

        assertThat(exitCode).isZero();
        assertThat(help.toString().replaceAll("\\s+", " "))
                .contains("--cipher-suite=NAME")
                .contains("aes-256-gcm, chacha20-poly1305, aes-256-gcm-siv, des-cbc, blowfish-cbc");
    }

    @Test
    void emptyRewrapInputFailsBeforeConnecting() {
        int exitCode = run("", "rewrap", "--registration", registrationFile.toString(), "--requester", "1",
                "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client rewrap: Missing ciphertext on standard input; pass a ciphertext that encrypt or"
                        + " rewrap wrote");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void invalidBase64RewrapInputFailsBeforeConnecting() {
        int exitCode = run("not base64!", "rewrap", "--base64", "--registration", registrationFile.toString(),
                "--requester", "1", "--pair", "2");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("client rewrap: Invalid Base64 ciphertext on standard input: ");
        assertThat(stdout.toByteArray()).isEmpty();
    }

    @Test
    void rewrapRequiresPair() {
        int exitCode = run("", "rewrap", "--registration", registrationFile.toString(), "--requester", "1");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(stderrLines()).singleElement().asString()
                .isEqualTo("client rewrap: Missing required option: '--pair=P' (see --help)");
    }

    @Test
    void clientWorksAsSubcommandOfLauncher() {
        CommandLine launcher = new CommandLine(new Launcher()).addSubcommand(new ClientCommand());
        StringWriter help = new StringWriter();
        launcher.setOut(new PrintWriter(help));

        int exitCode = launcher.execute("client", "encrypt", "--help");

        assertThat(exitCode).isZero();
        assertThat(help.toString()).contains("Usage: launcher client encrypt").contains("--base64").contains("--decoys")
                .contains("--bootstrap-servers");
    }

    @Command(name = "launcher")
    static final class Launcher {
    }

    private int run(String stdin, String... args) {
        ClientCommand command = new ClientCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout);
        CommandLine commandLine = ClientCommand.commandLine(command);
        commandLine.setErr(new PrintWriter(stderr, true));
        return commandLine.execute(args);
    }

    private List<String> stderrLines() {
        return new ArrayList<>(stderr.toString().lines().toList());
    }

    /** Returns a local address where nothing listens. */
    private static String closedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }
}

package dev.eaas.client.cli;

import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code client} command: registers a subscriber, and encrypts, decrypts or rewraps standard input
 * through the service.
 *
 * <p>It can run on its own through {@link #main} or be added as a subcommand to another picocli command.
 * It never calls {@link System#exit}: each subcommand returns picocli's exit code, 0 on success, 1 when the
 * operation failed and 2 for invalid options. A failed operation prints one line to standard error and
 * nothing to standard output.
 */
@Command(name = "client",
        description = "Registers a subscriber with the EaaS service, and encrypts, decrypts or rewraps standard input"
                + " through it.",
        subcommands = {RegisterCommand.class, EncryptCommand.class, DecryptCommand.class, RewrapCommand.class})
public final class ClientCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final InputStream stdin;
    private final OutputStream stdout;

    /** Creates the command on the process's standard input and output. */
    public ClientCommand() {
        this(System.in, System.out);
    }

    /** Creates the command on other streams, for tests. */
    ClientCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ClientCommand()).execute(args));
    }

    /** Returns a command line for {@code command} that reports invalid options in one line. */
    static CommandLine commandLine(ClientCommand command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(ClientCommand::reportInvalidOptions);
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand; use register, encrypt, decrypt or rewrap");
    }

    InputStream stdin() {
        return stdin;
    }

    OutputStream stdout() {
        return stdout;
    }

    private static int reportInvalidOptions(ParameterException invalid, String[] args) {
        CommandLine command = invalid.getCommandLine();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + invalid.getMessage()
                + " (see --help)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}

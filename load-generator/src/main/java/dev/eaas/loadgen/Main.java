package dev.eaas.loadgen;

import dev.eaas.client.cli.ClientCommand;
import dev.eaas.loadgen.broker.BrokerCommand;
import dev.eaas.loadgen.crash.CrashTestCommand;
import dev.eaas.loadgen.evaluation.AttackCommand;
import dev.eaas.loadgen.evaluation.Figure9Command;
import dev.eaas.loadgen.load.BenchmarkCommand;
import dev.eaas.loadgen.load.ChartCommand;
import dev.eaas.loadgen.load.Figure10Command;
import dev.eaas.loadgen.load.FloodCommand;
import dev.eaas.loadgen.load.LoadCommand;
import dev.eaas.loadgen.replay.ReplayCommand;
import dev.eaas.topology.service.KekCommand;
import dev.eaas.topology.service.KeysCommand;
import dev.eaas.topology.service.ServiceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Entry point of {@code eaas-load-generator.jar}, run by the {@code eaas} script at the repository root. */
@Command(
    name = "eaas",
    mixinStandardHelpOptions = true,
    versionProvider = Main.ManifestVersion.class,
    description = "Encryption as a Service for microservices on Kafka: replay traces, measure load, reproduce the paper's"
            + " evaluation, run the service, use it as a client.",
    subcommands = {ReplayCommand.class, LoadCommand.class, ChartCommand.class, BenchmarkCommand.class, Figure9Command.class,
            Figure10Command.class, AttackCommand.class, CrashTestCommand.class, FloodCommand.class, ServiceCommand.class,
            ClientCommand.class, BrokerCommand.class, KeysCommand.class, KekCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Returns the command line with one-line error reporting: invalid options print the message and a pointer to
     * the help (exit 2), and a failure while running prints the message (exit 1). Setting the environment
     * variable EAAS_DEBUG=1 adds the stack trace.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((invalid, args) -> {
            CommandLine failed = invalid.getCommandLine();
            failed.getErr().println("eaas: " + invalid.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            failed.getErr().println("eaas: " + failed.getCommandName() + " failed: " + message);
            if ("1".equals(System.getenv("EAAS_DEBUG"))) {
                failure.printStackTrace(failed.getErr());
            }
            return failed.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine;
    }

    /** Reads the version from the jar manifest's Implementation-Version, which Maven writes at package. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            if (version == null) {
                return new String[] {"eaas (unknown version: not run from the packaged jar)"};
            }
            return new String[] {"eaas " + version};
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: name one of "
            + String.join(", ", spec.subcommands().keySet()) + ", or run 'eaas --help'.");
    }
}

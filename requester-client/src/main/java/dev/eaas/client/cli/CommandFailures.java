package dev.eaas.client.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;

/** Reports a failed operation of a subcommand as one line on standard error. */
final class CommandFailures {

    private CommandFailures() {
    }

    /** Prints the failure's message on one line and returns the exit code of a failed operation. */
    static int report(CommandSpec spec, Throwable failure) {
        Throwable reported = failure;
        while ((reported instanceof CompletionException || reported instanceof ExecutionException)
                && reported.getCause() != null) {
            reported = reported.getCause();
        }
        String message = reported.getMessage() == null ? reported.getClass().getName() : reported.getMessage();
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message.replaceAll("\\R+", " "));
        spec.commandLine().getErr().flush();
        return ExitCode.SOFTWARE;
    }
}

package dev.eaas.topology.service;

import dev.eaas.topology.crypto.KekFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Creates a KEK key file for deployments that do not keep their KEK in a PKCS#12 keystore. */
@Command(name = "kek", mixinStandardHelpOptions = true, description = "Creates the key-encryption key (KEK) that wraps pair keys.",
        subcommands = KekCommand.Create.class)
public final class KekCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a kek command: create");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Writes a new random AES-256 KEK as a key file readable by its owner only.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "PATH", description = "The key file to create; an existing file is never overwritten.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path created = KekFiles.createKeyFile(file, new SecureRandom());
            spec.commandLine().getOut().println("Created KEK file " + created + "; point kek.file or EAAS_KEK_FILE at it,"
                    + " and keep a copy: without it no stored pair key can be unwrapped.");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

package dev.eaas.client.cli;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.EaasException;
import dev.eaas.client.Registration;
import dev.eaas.topics.SuiteId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Registers a subscriber and prints or saves its registration. */
@Command(name = "register",
        description = {
            "Registers a subscriber with the registrar, creating its topics where they are missing, and prints the"
                    + " registration as Java properties: subscriber, coordinator, deception.factor.bits, token,"
                    + " cipher.suite and check, a check value that detects changes to the others.",
            "Registering a subscriber again returns its first registration. The token is a secret."})
final class RegisterCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ClientCommand parent;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--subscriber", required = true, paramLabel = "S", description = "Subscriber id.")
    private int subscriber;

    @Option(names = "--deception-factor", required = true, paramLabel = "D",
            description = "Deception factor in bits, 0 to 16: every request hides among 2^D frames.")
    private int deceptionFactorBits;

    @Option(names = "--cipher-suite", paramLabel = "NAME", completionCandidates = SuiteNames.class,
            description = "Cipher suite to encrypt the subscriber's data with: ${COMPLETION-CANDIDATES}. The legacy"
                    + " suites des-cbc and blowfish-cbc work only where the deployment allows them (default: the"
                    + " deployment's default suite).")
    private String cipherSuite;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the registration to FILE instead of standard output.")
    private Path out;

    @Option(names = "--topic-partitions", paramLabel = "COUNT",
            description = "Partitions of the subscriber topics created where missing (default: ${DEFAULT-VALUE}).")
    private int topicPartitions = EaasClientConfig.DEFAULT_TOPIC_PARTITIONS;

    @Option(names = "--replication-factor", paramLabel = "COUNT",
            description = "Replication factor of the topics created where missing (default: ${DEFAULT-VALUE}).")
    private short replicationFactor = EaasClientConfig.DEFAULT_TOPIC_REPLICATION_FACTOR;

    @Override
    public Integer call() {
        try {
            EaasClientConfig.Builder builder = connection.configBuilder()
                    .topicPartitions(topicPartitions)
                    .topicReplicationFactor(replicationFactor)
                    .cipherSuite(cipherSuite);
            if (connection.timeoutMs != null) {
                builder.registrationTimeoutMs(connection.timeoutMs);
            }
            Registration registration = EaasClient.register(builder.build(), subscriber, deceptionFactorBits);
            if (out == null) {
                OutputStream stdout = parent.stdout();
                stdout.write(RegistrationFile.format(registration).getBytes(StandardCharsets.UTF_8));
                stdout.flush();
            } else {
                boolean ownerOnly = RegistrationFile.write(out, registration);
                spec.commandLine().getErr().println("Warning: " + out + " contains the secret token of subscriber "
                        + subscriber + (ownerOnly ? " and is readable by its owner only" : "")
                        + "; keep it private.");
            }
            return ExitCode.OK;
        } catch (EaasException | KafkaException | IllegalArgumentException | IOException failure) {
            return CommandFailures.report(spec, failure);
        }
    }

    /** The names of the cipher suites, listed in the help of {@code --cipher-suite}. */
    static final class SuiteNames implements Iterable<String> {

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(SuiteId.values()).map(SuiteId::suiteName).iterator();
        }
    }
}

package dev.eaas.topology.service;

import dev.eaas.topics.avro.KeyAdminOperation;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.KeyVersionMetadata;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyMetadata;
import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Operator commands for pair keys: list their metadata, rotate them, set the minimum decryption version, and
 * wrap them again under the current KEK. Each prints what it did; none ever prints key material.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Lists, rotates and retires pair keys through the running key managers.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class, KeysCommand.SetMinVersion.class,
                KeysCommand.RewrapDeks.class})
public final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a keys command: list, rotate, set-min-version or rewrap-deks");
    }

    /** Options every keys command takes: where the cluster is, and which keys. */
    static final class Target {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka brokers to connect to (default: the config file's bootstrap.servers, else 127.0.0.1:9092).")
        String bootstrapServers;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Properties file with the service's Kafka client settings, for example security settings.")
        Path configFile;

        @Option(names = "--subscriber", required = true, paramLabel = "ID", description = "The subscriber whose keys to act on.")
        int subscriber;

        @Option(names = "--pair", paramLabel = "A,B",
                description = "The two requester ids of one pair, for example 1,2; without it, every pair of the subscriber.")
        String pair;

        @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS",
                description = "How long to wait for the key managers' replies (default: ${DEFAULT-VALUE}).")
        long timeoutMs;
    }

    /** Sends one command and prints the replies. The base of every subcommand. */
    abstract static class KeyCommand implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Spec
        CommandSpec spec;

        abstract KeyAdminOperation operation();

        /** Checks the subcommand's own options; the default has none to check. */
        void validate() {
        }

        private PairKey parsePair(String value) {
            String[] ids = value.split(",", -1);
            try {
                if (ids.length == 2) {
                    int first = Integer.parseInt(ids[0].trim());
                    int second = Integer.parseInt(ids[1].trim());
                    if (first >= 0 && second >= 0) {
                        return new PairKey(target.subscriber, Math.min(first, second), Math.max(first, second));
                    }
                }
            } catch (NumberFormatException notANumber) {
                // Reported below with the expected form.
            }
            throw new ParameterException(spec.commandLine(), "Invalid --pair '" + value
                    + "'; it takes two non-negative requester ids, for example --pair 1,2");
        }

        int minDecryptionVersion() {
            return 0;
        }

        @Override
        public Integer call() throws Exception {
            checkOptions();
            PairKey pair = target.pair == null ? null : parsePair(target.pair);
            KeyAdminRequest command = KeyAdminRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setOperation(operation())
                    .setSubscriber(target.subscriber)
                    .setPair(pair)
                    .setMinDecryptionVersion(minDecryptionVersion())
                    .setRequestedAtMs(System.currentTimeMillis())
                    .build();

            List<KeyAdminReply> replies;
            try (KeyAdminClient client = new KeyAdminClient(clientSettings())) {
                replies = client.send(command, Duration.ofMillis(target.timeoutMs));
            }
            return print(replies, spec.commandLine().getOut());
        }

        /** Rejects option values that no command could use, before anything connects. */
        private void checkOptions() {
            if (target.subscriber < 0) {
                throw new ParameterException(spec.commandLine(), "Invalid --subscriber " + target.subscriber
                        + "; subscriber ids are not negative");
            }
            if (target.timeoutMs < 1) {
                throw new ParameterException(spec.commandLine(), "Invalid --timeout-ms " + target.timeoutMs
                        + "; it must be at least 1");
            }
            validate();
        }

        /** Returns the Kafka client settings from the config file and the options. */
        private Map<String, Object> clientSettings() throws IOException {
            Map<String, Object> clientSettings;
            try {
                ServiceConfig config = new ServiceConfig(ServiceCommand.settings(target.configFile, target.bootstrapServers, Map.of()));
                clientSettings = new HashMap<>(config.originals());
                clientSettings.put(ServiceConfig.BOOTSTRAP_SERVERS, config.getString(ServiceConfig.BOOTSTRAP_SERVERS));
            } catch (ConfigException invalid) {
                throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
            } catch (NoSuchFileException missing) {
                throw new ParameterException(spec.commandLine(), "Config file not found: " + missing.getFile());
            }
            // The admin client's own calls must not give up before --timeout-ms, nor wait much longer.
            clientSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, target.timeoutMs));
            clientSettings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, target.timeoutMs));
            return clientSettings;
        }

        private int print(List<KeyAdminReply> replies, PrintWriter out) {
            int pairs = 0;
            int changes = 0;
            boolean rejected = false;
            Set<String> commandErrors = new LinkedHashSet<>();
            for (KeyAdminReply reply : replies) {
                if (reply.getErrorMessage() != null && commandErrors.add(reply.getErrorMessage())) {
                    out.println("Rejected: " + reply.getErrorMessage());
                }
                rejected |= reply.getErrorMessage() != null;
                for (String change : reply.getChanges()) {
                    out.println(change);
                    changes++;
                }
                for (String rejection : reply.getRejections()) {
                    out.println("Rejected: " + rejection);
                    rejected = true;
                }
            }
            for (KeyAdminReply reply : replies) {
                for (PairKeyMetadata metadata : reply.getPairs()) {
                    pairs++;
                    printPair(metadata, out);
                }
            }
            out.println(spec.name() + " for subscriber " + target.subscriber + ": " + count(pairs, "pair") + " with keys, "
                    + count(changes, "change") + ", from " + count(replies.size(), "key manager task"));
            out.flush();
            return rejected ? 1 : 0;
        }

        private static String count(int number, String noun) {
            return number + " " + noun + (number == 1 ? "" : "s");
        }

        private static void printPair(PairKeyMetadata metadata, PrintWriter out) {
            PairKey pair = metadata.getPair();
            out.println("pair {" + pair.getLow() + ", " + pair.getHigh() + "}: minimum decryption version "
                    + metadata.getMinDecryptionVersion());
            for (KeyVersionMetadata version : metadata.getVersions()) {
                out.printf("  version %d  %s  KEK %s  created %s  used %d of %d%s%n", version.getVersion(),
                        version.getSuite(), version.getKekFingerprint(), Instant.ofEpochMilli(version.getCreatedAtMs()),
                        version.getUsage(), version.getUsageLimit(),
                        version.getVersion() < metadata.getMinDecryptionVersion() ? "  (retired)" : "");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints key versions and their metadata, never key material.")
    static final class ListKeys extends KeyCommand {
        @Override
        KeyAdminOperation operation() {
            return KeyAdminOperation.LIST;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Adds a new key version; encryptions use it from now on and older versions still decrypt.")
    static final class Rotate extends KeyCommand {
        @Override
        KeyAdminOperation operation() {
            return KeyAdminOperation.ROTATE;
        }
    }

    @Command(name = "set-min-version", mixinStandardHelpOptions = true,
            description = {"Refuses decryption of ciphertexts under older key versions. Rewrap stored ciphertexts first.",
                    "While coordinators take key leases, a version must be older than coordinator.key.lease.ms plus 1 s;"
                            + " a younger one is rejected with the time to wait."})
    static final class SetMinVersion extends KeyCommand {
        @Option(names = "--min-version", required = true, paramLabel = "N",
                description = "The oldest key version that may still decrypt, from 1 to the pair's newest version. A lower"
                        + " value than the current minimum makes retired versions decrypt again.")
        int version;

        @Override
        void validate() {
            if (version < 1) {
                throw new ParameterException(spec.commandLine(), "Invalid --min-version " + version
                        + "; key versions start at 1");
            }
        }

        @Override
        KeyAdminOperation operation() {
            return KeyAdminOperation.SET_MIN_DECRYPTION_VERSION;
        }

        @Override
        int minDecryptionVersion() {
            return version;
        }
    }

    @Command(name = "rewrap-deks", mixinStandardHelpOptions = true,
            description = "Wraps stored pair keys again under the current KEK, so an older KEK can be removed.")
    static final class RewrapDeks extends KeyCommand {
        @Override
        KeyAdminOperation operation() {
            return KeyAdminOperation.REWRAP_DEKS;
        }
    }
}

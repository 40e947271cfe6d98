package dev.eaas.topology.service;

import dev.eaas.topics.avro.KeyAdminOperation;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.KeyVersionMetadata;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyMetadata;
import dev.eaas.topology.common.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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

        @Option(names = "--pair", paramLabel = "A,B", split = ",",
                description = "The two requester ids of one pair; without it, every pair of the subscriber.")
        int[] pair;

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

        int minDecryptionVersion() {
            return 0;
        }

        @Override
        public Integer call() throws Exception {
            PairKey pair = null;
            if (target.pair != null) {
                if (target.pair.length != 2 || target.pair[0] < 0 || target.pair[1] < 0) {
                    throw new ParameterException(spec.commandLine(), "--pair takes two non-negative requester ids, for example --pair 1,2");
                }
                pair = new PairKey(target.subscriber, Math.min(target.pair[0], target.pair[1]),
                        Math.max(target.pair[0], target.pair[1]));
            }
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
            KeyAdminRequest command = KeyAdminRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setOperation(operation())
                    .setSubscriber(target.subscriber)
                    .setPair(pair)
                    .setMinDecryptionVersion(minDecryptionVersion())
                    .setRequestedAtMs(System.currentTimeMillis())
                    .build();
            List<KeyAdminReply> replies;
            try (KeyAdminClient client = new KeyAdminClient(clientSettings)) {
                replies = client.send(command, Duration.ofMillis(target.timeoutMs));
            }
            return print(replies, spec.commandLine().getOut());
        }

        private int print(List<KeyAdminReply> replies, PrintWriter out) {
            int pairs = 0;
            int changes = 0;
            boolean rejected = false;
            for (KeyAdminReply reply : replies) {
                if (reply.getErrorMessage() != null) {
                    out.println("Rejected: " + reply.getErrorMessage());
                    rejected = true;
                }
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
            out.println(operation() + " for subscriber " + target.subscriber + ": " + pairs + " pairs with keys, "
                    + changes + " lines of changes, from " + replies.size() + " key manager tasks");
            out.flush();
            return rejected ? 1 : 0;
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
            description = "Refuses decryption of ciphertexts under older key versions. Rewrap stored ciphertexts first.")
    static final class SetMinVersion extends KeyCommand {
        @Option(names = "--version", required = true, paramLabel = "N",
                description = "The oldest key version that may still decrypt; at most the pair's newest version.")
        int version;

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

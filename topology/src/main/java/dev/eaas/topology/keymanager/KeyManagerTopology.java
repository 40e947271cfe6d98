package dev.eaas.topology.keymanager;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topology.common.AvroDecodingProcessor;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.common.SubscriberTable;
import dev.eaas.topology.crypto.Kek;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The key manager (Algorithm 2 of Javadpour et al., "Improving the Security of Service Mesh in Kubernetes"):
 * versioned keys per unordered pair {requester, pair} of a subscriber, in a persistent state store. Version 1 is
 * created on the first encryption for the pair, and a decryption never creates a key. Rotation adds a version,
 * on an operator's command or when a version reaches its usage limit. Older versions keep decrypting until an
 * operator raises the pair's minimum decryption version.
 *
 * <p>Every DEK is wrapped under the deployment's KEK before it reaches the store, its changelog or the topic to
 * the cryptors, and is bound there to its pair, version and suite.
 *
 * <p>Key requests are keyed by the unordered pair, so every request for one pair reaches the same task,
 * which makes fetch-or-create atomic without locks: exactly one key is created per pair and version even when
 * both ends ask at once. The role runs exactly-once, so a created key reaches the store's changelog in the same
 * transaction as the crypto request that uses it, and the cryptor, reading committed records only, never uses
 * a key that a crash could lose.
 */
public final class KeyManagerTopology {

    public static final String COMPONENT = "key-manager";
    public static final String KEY_STORE = "key-manager-pair-keys";

    /**
     * The max usage lent to a coordinator at once: 2^19, a thirty-second of the default usage limit of a 96-bit-nonce
     * suite's version, and about 4,000 encryptions of 1 KiB under a legacy suite, whose usage counts 64-bit blocks.
     * Coordinators start small and double only for pairs that spend their leases.
     */
    public static final long LEASE_USAGE_MAX = 1L << 19;
    static final String SUBSCRIBER_STORE = "key-manager-subscribers";
    static final String CRYPTO_REQUEST_SINK = "crypto-request-sink";
    static final String ADMIN_REPLY_SINK = "key-admin-reply-sink";

    private KeyManagerTopology() {
    }

    /**
     * Builds the key manager with the deployment's KEK.
     *
     * @param kek loaded once per process, see {@code dev.eaas.topology.crypto.KekLoader}
     */
    public static Topology build(ServiceConfig config, Kek kek) {
        KeyRings rings = new KeyRings(kek, config::usageLimit);
        boolean legacyAllowed = config.legacySuitesAllowed();

        Topology topology = new Topology();
        SubscriberTable.addTo(topology, SUBSCRIBER_STORE);

        topology.addSource("key-requests", new PairKeySerde(), Serdes.ByteArray().deserializer(),
                TopicCatalogue.KEY_REQUESTS);
        topology.addSource("key-admin", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                TopicCatalogue.KEY_ADMIN);
        topology.addProcessor("key-request-decoder", () -> new AvroDecodingProcessor<PairKey, KeyRequest>(COMPONENT,
                KeyRequest.class, "key-lookup", DeadLetters.SINK), "key-requests");
        topology.addProcessor("key-admin-decoder", () -> new AvroDecodingProcessor<byte[], KeyAdminRequest>(COMPONENT,
                KeyAdminRequest.class, "key-admin-processor", DeadLetters.SINK), "key-admin");
        topology.addProcessor("key-lookup",
                () -> new KeyLookupProcessor(rings, (SuiteId suite) -> !suite.legacy() || legacyAllowed),
                "key-request-decoder");
        topology.addProcessor("key-admin-processor", () -> new KeyAdminProcessor(rings, config.keyLeaseMs()), "key-admin-decoder");
        // Caching folds the usage updates of one pair within a commit interval into one changelog record.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KEY_STORE),
                        new PairKeySerde(), AvroSerde.of(PairKeyRing.class))
                .withCachingEnabled()
                .withLoggingEnabled(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                "key-lookup", "key-admin-processor");

        topology.addSink(CRYPTO_REQUEST_SINK, TopicCatalogue.CRYPTO_REQUESTS,
                new PairKeySerde(), AvroSerde.of(CryptoRequest.class), "key-lookup");
        topology.addSink(ADMIN_REPLY_SINK, TopicCatalogue.KEY_ADMIN_REPLIES,
                Serdes.String().serializer(), AvroSerde.of(KeyAdminReply.class), "key-admin-processor");
        topology.addSink(DeadLetters.SINK, TopicCatalogue.DEAD_LETTERS, Serdes.String().serializer(),
                AvroSerde.of(DeadLetter.class), "key-lookup", "key-admin-processor", "key-request-decoder",
                "key-admin-decoder");
        return topology;
    }

    /** Returns the name of the key store's changelog topic for the key manager's application id. */
    public static String changelogTopic(String applicationId) {
        return applicationId + "-" + KEY_STORE + "-changelog";
    }
}

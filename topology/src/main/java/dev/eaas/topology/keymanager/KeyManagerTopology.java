package dev.eaas.topology.keymanager;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRecord;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.SubscriberTable;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The key manager (Algorithm 2 of Javadpour et al., "Improving the Security of Service Mesh in Kubernetes"): one key per unordered pair {requester, pair} of a subscriber,
 * created on the first encryption for the pair in a persistent state store and never replaced. A decryption
 * never creates a key.
 *
 * <p>Key requests are keyed by the unordered pair, so every request for one pair reaches the same task,
 * which makes fetch-or-create atomic without locks: exactly one key is created even when both ends ask at
 * once. The role runs exactly-once, so a created key reaches the store's changelog in the same transaction
 * as the crypto request that uses it, and the cryptor, reading committed records only, never uses a key that
 * a crash could lose.
 *
 * <p>NOTE: keys are stored, logged to the changelog and sent to the cryptor in plaintext. Wrapping them
 * under a deployment key-encryption key, so that they exist in plaintext only in memory, is still to come.
 */
public final class KeyManagerTopology {

    public static final String COMPONENT = "key-manager";
    public static final String KEY_STORE = "key-manager-pair-keys";
    static final String SUBSCRIBER_STORE = "key-manager-subscribers";
    static final String CRYPTO_REQUEST_SINK = "crypto-request-sink";

    private KeyManagerTopology() {
    }

    public static Topology build() {
        Topology topology = new Topology();
        SubscriberTable.addTo(topology, SUBSCRIBER_STORE);

        topology.addSource("key-requests", new PairKeySerde(), AvroSerde.of(KeyRequest.class),
                TopicCatalogue.KEY_REQUESTS);
        topology.addProcessor("key-lookup", KeyLookupProcessor::new, "key-requests");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KEY_STORE),
                        new PairKeySerde(), AvroSerde.of(PairKeyRecord.class))
                .withLoggingEnabled(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                "key-lookup");

        topology.addSink(CRYPTO_REQUEST_SINK, TopicCatalogue.CRYPTO_REQUESTS,
                new PairKeySerde(), AvroSerde.of(CryptoRequest.class), "key-lookup");
        topology.addSink(DeadLetters.SINK, TopicCatalogue.DEAD_LETTERS, Serdes.String().serializer(),
                AvroSerde.of(DeadLetter.class), "key-lookup");
        return topology;
    }
}

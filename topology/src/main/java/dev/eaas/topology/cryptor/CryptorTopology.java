package dev.eaas.topology.cryptor;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topology.common.AvroDecodingProcessor;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.Kek;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** The cryptors: stateless workers that encrypt and decrypt with the key each request carries. */
public final class CryptorTopology {

    public static final String COMPONENT = "cryptor";

    private CryptorTopology() {
    }

    /**
     * Builds the cryptors with the deployment's KEK, which unwraps the pair keys the key manager attaches.
     * Each stream task gets its own engine, cipher objects and key cache.
     */
    public static Topology build(ServiceConfig config, Kek kek) {
        int keyCacheSize = config.getInt(ServiceConfig.CRYPTOR_KEY_CACHE_SIZE);
        boolean legacyAllowed = config.legacySuitesAllowed();
        Topology topology = new Topology();
        topology.addSource("crypto-requests", new PairKeySerde(), Serdes.ByteArray().deserializer(),
                TopicCatalogue.CRYPTO_REQUESTS);
        topology.addProcessor("crypto-request-decoder", () -> new AvroDecodingProcessor<PairKey, CryptoRequest>(
                COMPONENT, CryptoRequest.class, "cryptor", DeadLetters.SINK), "crypto-requests");
        topology.addProcessor("cryptor",
                () -> new CryptorProcessor(kek, keyCacheSize, legacyAllowed), "crypto-request-decoder");
        topology.addSink(DeadLetters.SINK, TopicCatalogue.DEAD_LETTERS, Serdes.String().serializer(),
                AvroSerde.of(DeadLetter.class), "crypto-request-decoder");
        TopicNameExtractor<PairKey, CryptoResult> coordinatorTopic =
                (pair, result, context) -> TopicCatalogue.cryptoResultTopic(result.getCoordinator());
        topology.addSink("result-sink", coordinatorTopic, new PairKeySerde(), AvroSerde.of(CryptoResult.class),
                "cryptor");
        return topology;
    }
}

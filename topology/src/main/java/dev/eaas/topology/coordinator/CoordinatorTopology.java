package dev.eaas.topology.coordinator;

import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topology.common.AvroDecodingProcessor;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.LentKeys;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.common.TopicCheck;
import dev.eaas.topology.common.TopicExistence;
import java.util.Map;
import java.util.function.Function;
import dev.eaas.topology.common.SubscriberTable;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * A coordinator, as in Algorithm 4 and Figure 8 of Javadpour et al., "Improving the Security of Service Mesh in
 * Kubernetes". It reads its subscribers' request frames and drops frames with a wrong token before any other
 * work. It sends valid requests to the key managers, and turns cryptor results into reply frames, fanning a
 * decryption reply out into 2^d frames.
 *
 * <p>The paper's coordinator keeps each request in a table while the key manager and the cryptor work on
 * it. Here the request travels with the work instead, so a coordinator holds no in-flight state that a
 * crash could lose, and any instance of the coordinator can finish a request another one started. Its only
 * state is a {@link ReplayWindow} per requester in the persistent store {@value #REPLAY_WINDOW_STORE}, in the
 * task of the request partition that carries the requester's frames.
 *
 * <p>With key leases on ({@code coordinator.key.lease.ms} above 0, and a KEK), a result can carry keys the key manager
 * lends the coordinator ({@link LentKeys}). Until the lease ends, the coordinator serves the pair's requests
 * itself, so an operation writes two records (frame and reply) instead of five. This departs from the paper, whose
 * coordinator never holds keys: the coordinator's process then needs the KEK, and a deployment that keeps keys out
 * of the process that reads requesters' frames sets the lease time to 0.
 */
public final class CoordinatorTopology {

    public static final String COMPONENT = "coordinator";
    static final String SUBSCRIBER_STORE = "coordinator-subscribers";
    static final String REPLAY_WINDOW_STORE = "coordinator-replay-windows";
    static final String KEY_REQUEST_SINK = "key-request-sink";
    static final String REPLY_SINK = "reply-sink";
    static final String RESULT_REPLY_SINK = "result-reply-sink";
    static final String RESULT_DEAD_LETTER_SINK = "result-dead-letter-sink";

    private CoordinatorTopology() {
    }

    /**
     * Builds the coordinator.
     *
     * @param lentKeys the keys key managers lend this process, or null for a coordinator that takes no key leases
     */
    public static Topology build(ServiceConfig config, LentKeys lentKeys) {
        return build(config, lentKeys, TopicExistence::new);
    }

    /**
     * Builds the topology with another way to check that reply topics exist, for tests without a cluster.
     *
     * @param lentKeys the keys key managers lend this process, or null for a coordinator that takes no key leases
     * @param topicChecks makes each processor's check from the application's configuration
     */
    public static Topology build(ServiceConfig config, LentKeys lentKeys,
                                 Function<Map<String, Object>, TopicCheck> topicChecks) {
        int coordinator = config.coordinatorId();
        FrameCodec codec = new FrameCodec(config.frameLayout());
        DecoyGenerator decoys = config.decoyGenerator();
        Topology topology = new Topology();

        SubscriberTable.addTo(topology, SUBSCRIBER_STORE);

        topology.addSource("requests", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                TopicCatalogue.requestTopicPattern(coordinator));
        int windowSequences = config.replayWindowSequences();
        topology.addProcessor("request-processor",
                () -> new RequestProcessor(coordinator, codec, windowSequences, topicChecks, lentKeys, decoys), "requests");
        // Caching folds a requester's window updates within a commit interval into one changelog record.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REPLAY_WINDOW_STORE),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled(), "request-processor");

        topology.addSource("results", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                TopicCatalogue.cryptoResultTopic(coordinator));
        topology.addProcessor("result-decoder", () -> new AvroDecodingProcessor<byte[], CryptoResult>(COMPONENT,
                CryptoResult.class, "result-processor", RESULT_DEAD_LETTER_SINK), "results");
        topology.addProcessor("result-processor",
                () -> new ResultProcessor(coordinator, codec, decoys, lentKeys, topicChecks), "result-decoder");

        topology.addSink(KEY_REQUEST_SINK, TopicCatalogue.KEY_REQUESTS,
                new PairKeySerde(), AvroSerde.of(KeyRequest.class), "request-processor");
        TopicNameExtractor<String, byte[]> replyTopic =
                (requester, frame, context) -> TopicCatalogue.replyTopic(codec.decodeHeader(frame).subscriber());
        // Each processor gets sinks of its own, so requests and results stay in separate sub-topologies and a
        // task of the request pattern never shares its input partitions with the result topic.
        topology.addSink(REPLY_SINK, replyTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "request-processor");
        topology.addSink(DeadLetters.SINK, TopicCatalogue.DEAD_LETTERS, Serdes.String().serializer(),
                AvroSerde.of(DeadLetter.class), "request-processor");
        topology.addSink(RESULT_REPLY_SINK, replyTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "result-processor");
        topology.addSink(RESULT_DEAD_LETTER_SINK, TopicCatalogue.DEAD_LETTERS, Serdes.String().serializer(),
                AvroSerde.of(DeadLetter.class), "result-processor", "result-decoder");
        return topology;
    }
}

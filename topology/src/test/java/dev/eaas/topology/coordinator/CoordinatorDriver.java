package dev.eaas.topology.coordinator;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.common.LentKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A coordinator of id 1 in a {@link TopologyTestDriver}, built by the production builder, with subscriber 54
 * (d = 2, token 2) registered. Every input record arrives on partition 0.
 */
final class CoordinatorDriver implements AutoCloseable {

    static final int COORDINATOR = 1;
    static final int SUBSCRIBER = 54;
    static final int TOKEN = 2;
    static final int D = 2;

    final FrameCodec codec;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> requests;
    final TestInputTopic<byte[], byte[]> rawResults;
    final TestOutputTopic<PairKey, KeyRequest> keyRequests;
    final TestOutputTopic<String, byte[]> replies;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    /**
     * @param settings service settings added to {@code coordinator.id=1}
     * @param requestPartitions the partition count every topic reports
     */
    CoordinatorDriver(Path stateDir, Map<String, String> settings, int requestPartitions) {
        this(stateDir, settings, requestPartitions, null);
    }

    /**
     * @param lentKeys takes the keys lent with results; null for a coordinator that takes no key leases
     */
    CoordinatorDriver(Path stateDir, Map<String, String> settings, int requestPartitions, LentKeys lentKeys) {
        Map<String, Object> values = new HashMap<>(settings);
        values.put(ServiceConfig.COORDINATOR_ID, COORDINATOR);
        ServiceConfig config = new ServiceConfig(values);
        codec = new FrameCodec(config.frameLayout());
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CoordinatorTopology.build(config, lentKeys,
                appConfigs -> new CoordinatorTopologyTest.FixedTopics(requestPartitions)), properties);

        driver.createInputTopic(TopicCatalogue.SUBSCRIBERS, Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class))
                .pipeInput(Integer.toString(SUBSCRIBER), new SubscriberRecord(SUBSCRIBER, D, TOKEN, COORDINATOR, 0L, "aes-256-gcm"));
        requests = driver.createInputTopic(TopicCatalogue.requestTopic(SUBSCRIBER, COORDINATOR),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        rawResults = driver.createInputTopic(TopicCatalogue.cryptoResultTopic(COORDINATOR),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        keyRequests = driver.createOutputTopic(TopicCatalogue.KEY_REQUESTS, new PairKeySerde(), AvroSerde.of(KeyRequest.class));
        replies = driver.createOutputTopic(TopicCatalogue.replyTopic(SUBSCRIBER), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS, Serdes.String().deserializer(),
                AvroSerde.of(DeadLetter.class));
    }

    /** Sends an encryption request as the client does: 2^d frames, the real data under the real token. */
    void sendEncryption(int requester, int sequence, int pair, byte[] data) {
        for (int token = 0; token < 1 << D; token++) {
            byte[] frameData = token == TOKEN ? data : new byte[data.length];
            requests.pipeInput(codec.encode(new Frame(SUBSCRIBER, requester, sequence, RequestType.ENCRYPT, pair, token, D,
                    frameData)));
        }
    }

    /** Returns the encoded frame of an encryption with the real token. */
    byte[] realEncryptionFrame(int requester, int sequence, int pair, byte[] data) {
        return codec.encode(new Frame(SUBSCRIBER, requester, sequence, RequestType.ENCRYPT, pair, TOKEN, D, data));
    }

    /** Returns the error code of a reply, or null for a reply that is no error. */
    static String errorCode(TestRecord<String, byte[]> reply) {
        Header header = reply.headers().lastHeader(ReplyHeaders.ERROR_CODE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Returns the message an error reply carries. */
    String errorMessage(TestRecord<String, byte[]> reply) {
        return new String(codec.decode(reply.value(), 0).data(), StandardCharsets.UTF_8);
    }

    /** Returns the sum of an event's counter over every task. */
    double counter(String event) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals(event + "-total"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Overwrites the stored replay window of a requester with bytes that are no valid window. */
    void corruptReplayWindow(int requester) {
        KeyValueStore<Long, byte[]> store = driver.getKeyValueStore(CoordinatorTopology.REPLAY_WINDOW_STORE);
        store.put(((long) SUBSCRIBER << 32) | requester, new byte[] {1, 2, 3});
    }

    /** Returns the number of requesters that have a replay window. */
    int replayWindowCount() {
        KeyValueStore<Long, byte[]> store = driver.getKeyValueStore(CoordinatorTopology.REPLAY_WINDOW_STORE);
        int count = 0;
        try (KeyValueIterator<Long, byte[]> windows = store.all()) {
            while (windows.hasNext()) {
                KeyValue<Long, byte[]> ignored = windows.next();
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        driver.close();
    }
}

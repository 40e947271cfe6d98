package dev.eaas.topology.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.common.TopicCheck;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorTopologyTest {

    private static final int COORDINATOR = 1;
    private static final int SUBSCRIBER = 54;
    private static final int TOKEN = 2;
    private static final int D = 2;
    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.DEFAULT);

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], CryptoResult> results;
    private TestOutputTopic<PairKey, KeyRequest> keyRequests;
    private TestOutputTopic<String, byte[]> replies;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.COORDINATOR_ID, COORDINATOR));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CoordinatorTopology.build(config, null, appConfigs -> new FixedTopics(1)), properties);

        driver.createInputTopic(TopicCatalogue.SUBSCRIBERS, Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class))
                .pipeInput(Integer.toString(SUBSCRIBER), new SubscriberRecord(SUBSCRIBER, D, TOKEN, COORDINATOR, 0L, "aes-256-gcm"));
        requests = driver.createInputTopic(TopicCatalogue.requestTopic(SUBSCRIBER, COORDINATOR),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        results = driver.createInputTopic(TopicCatalogue.cryptoResultTopic(COORDINATOR),
                Serdes.ByteArray().serializer(), AvroSerde.of(CryptoResult.class));
        keyRequests = driver.createOutputTopic(TopicCatalogue.KEY_REQUESTS, new PairKeySerde(), AvroSerde.of(KeyRequest.class));
        replies = driver.createOutputTopic(TopicCatalogue.replyTopic(SUBSCRIBER), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS, Serdes.String().deserializer(),
                AvroSerde.of(DeadLetter.class));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void onlyRealTokenReachesKeyManager() {
        for (int token = 0; token < 1 << D; token++) {
            requests.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 3, 7, RequestType.ENCRYPT, 1, token, D, new byte[] {(byte) token})));
        }

        List<KeyRequest> forwarded = keyRequests.readValuesToList();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).getData()).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) TOKEN}));
        assertThat(counter("dropped-wrong-token")).isEqualTo(3.0);
        assertThat(replies.isEmpty()).isTrue();
    }

    @Test
    void rewrapHeaderMarksTheKeyRequest() {
        requests.pipeInput(new TestRecord<>(null, CODEC.encode(new Frame(SUBSCRIBER, 3, 7, RequestType.ENCRYPT, 1, TOKEN, D,
                new byte[40])), rewrapHeader(RequestHeaders.REWRAP), (Instant) null));
        requests.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 3, 8, RequestType.ENCRYPT, 1, TOKEN, D, new byte[4])));

        List<KeyRequest> forwarded = keyRequests.readValuesToList();
        assertThat(forwarded).extracting(KeyRequest::getRewrap).containsExactly(true, false);
    }

    @Test
    void rewrapOnDecryptFrameIsRejected() {
        requests.pipeInput(new TestRecord<>(null, CODEC.encode(new Frame(SUBSCRIBER, 3, 7, RequestType.DECRYPT, 1, 0, 0,
                new byte[40])), rewrapHeader(RequestHeaders.REWRAP), (Instant) null));

        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(new String(reply.headers().lastHeader(ReplyHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8))
                .isEqualTo(ErrorCode.INVALID_REQUEST.name());
        assertThat(new String(CODEC.decode(reply.value(), 0).data(), StandardCharsets.UTF_8)).contains("encrypt-type frame");
        assertThat(keyRequests.isEmpty()).isTrue();
    }

    @Test
    void unknownOperationIsRejected() {
        requests.pipeInput(new TestRecord<>(null, CODEC.encode(new Frame(SUBSCRIBER, 3, 7, RequestType.ENCRYPT, 1, TOKEN, D,
                new byte[4])), rewrapHeader("shred"), (Instant) null));

        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(new String(CODEC.decode(reply.value(), 0).data(), StandardCharsets.UTF_8)).contains("'shred'");
        assertThat(keyRequests.isEmpty()).isTrue();
    }

    private static Headers rewrapHeader(String operation) {
        return new RecordHeaders()
                .add(RequestHeaders.OPERATION, operation.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyRequestIsKeyedByUnorderedPair() {
        requests.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 9, 0, RequestType.DECRYPT, 4, 0, 0, new byte[8])));

        assertThat(keyRequests.readKeyValue().key).isEqualTo(new PairKey(SUBSCRIBER, 4, 9));
    }

    @Test
    void unregisteredSubscriberGetsErrorReply() {
        int stranger = 77;
        TestInputTopic<byte[], byte[]> strangerRequests = driver.createInputTopic(
                TopicCatalogue.requestTopic(stranger, COORDINATOR), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        TestOutputTopic<String, byte[]> strangerReplies = driver.createOutputTopic(TopicCatalogue.replyTopic(stranger),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

        strangerRequests.pipeInput(CODEC.encode(new Frame(stranger, 3, 5, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        TestRecord<String, byte[]> reply = strangerReplies.readRecord();
        assertThat(new String(reply.headers().lastHeader(ReplyHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8))
                .isEqualTo(ErrorCode.NOT_REGISTERED.name());
        Frame frame = CODEC.decode(reply.value(), 0);
        assertThat(frame.requester()).isEqualTo(3);
        assertThat(frame.sequence()).isEqualTo(5);
        assertThat(new String(frame.data(), StandardCharsets.UTF_8)).contains("subscriber 77 is not registered");
        assertThat(keyRequests.isEmpty()).isTrue();
    }

    @Test
    void frameShorterThanHeaderIsDeadLettered() {
        requests.pipeInput(new byte[] {1, 2, 3});
        requests.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 3, 8, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).contains("too short");
        assertThat(letter.getComponent()).isEqualTo("coordinator");
        assertThat(keyRequests.readValuesToList()).as("the next valid request is still served").hasSize(1);
    }

    @Test
    void frameClaimingAnotherSubscriberIsRejected() {
        requests.pipeInput(CODEC.encode(new Frame(55, 3, 8, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(new String(reply.headers().lastHeader(ReplyHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8))
                .isEqualTo(ErrorCode.SUBSCRIBER_MISMATCH.name());
        assertThat(keyRequests.isEmpty()).isTrue();
    }

    @Test
    void decryptResultFansOutUnderEveryToken() {
        byte[] plaintext = "hello".getBytes(StandardCharsets.UTF_8);
        results.pipeInput(CryptoResult.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(3)
                .setSequence(11).setType(RequestType.DECRYPT).setPair(1).setData(ByteBuffer.wrap(plaintext))
                .setReceivedAtMs(0L).build());

        List<Frame> frames = replies.readValuesToList().stream().map(bytes -> CODEC.decode(bytes, D)).toList();
        assertThat(frames).hasSize(1 << D);
        assertThat(frames).extracting(Frame::token).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(frames).allSatisfy(frame -> assertThat(frame.data()).hasSize(plaintext.length));
        assertThat(frames).filteredOn(frame -> frame.token() == TOKEN).singleElement()
                .satisfies(frame -> assertThat(frame.data()).isEqualTo(plaintext));
    }

    @Test
    void decryptDecoysHavePlaintextShape() {
        byte[] plaintext = "{\"user\":\"svc\",\"pin\":4821}".getBytes(StandardCharsets.UTF_8);
        results.pipeInput(CryptoResult.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(3)
                .setSequence(12).setType(RequestType.DECRYPT).setPair(1).setData(ByteBuffer.wrap(plaintext))
                .setReceivedAtMs(0L).build());

        List<Frame> decoys = replies.readValuesToList().stream().map(bytes -> CODEC.decode(bytes, D))
                .filter(frame -> frame.token() != TOKEN).toList();
        assertThat(decoys).hasSize((1 << D) - 1);
        for (Frame decoy : decoys) {
            String data = new String(decoy.data(), StandardCharsets.UTF_8);
            assertThat(data).matches("\\{\"user\":\"[a-z]{3}\",\"pin\":[1-9]\\d{3}}");
            assertThat(decoy.data()).isNotEqualTo(plaintext);
        }
    }

    @Test
    void encryptResultIsOneFrameWithoutToken() {
        byte[] ciphertext = new byte[40];
        results.pipeInput(CryptoResult.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(3)
                .setSequence(12).setType(RequestType.ENCRYPT).setPair(1).setData(ByteBuffer.wrap(ciphertext))
                .setReceivedAtMs(0L).build());

        List<byte[]> frames = replies.readValuesToList();
        assertThat(frames).hasSize(1);
        assertThat(CODEC.decode(frames.get(0), 0).data()).isEqualTo(ciphertext);
    }

    @Test
    void topicOutsideSubscriberRangeIsDeadLettered() {
        TestInputTopic<byte[], byte[]> bogus = driver.createInputTopic(TopicCatalogue.requestTopic(70_000, COORDINATOR),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());

        bogus.pipeInput(CODEC.encode(new Frame(54, 3, 5, RequestType.DECRYPT, 1, 0, 0, new byte[4])));
        requests.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 3, 6, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        assertThat(deadLetters.readValue().getReason()).contains("eaas.requests.subscriber-70000.coordinator-1");
        assertThat(keyRequests.readValuesToList()).as("the next valid request is still served").hasSize(1);
    }

    @Test
    void topicWithLeadingZeroIsDeadLettered() {
        TestInputTopic<byte[], byte[]> aliased = driver.createInputTopic("eaas.requests.subscriber-054.coordinator-1",
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());

        aliased.pipeInput(CODEC.encode(new Frame(SUBSCRIBER, 3, 5, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        assertThat(deadLetters.readValue().getReason()).contains("eaas.requests.subscriber-054.coordinator-1");
        assertThat(keyRequests.isEmpty()).isTrue();
    }

    @Test
    void errorWithoutReplyTopicIsDeadLettered() {
        TestInputTopic<byte[], byte[]> orphan = driver.createInputTopic(TopicCatalogue.requestTopic(404, COORDINATOR),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());

        orphan.pipeInput(CODEC.encode(new Frame(404, 3, 5, RequestType.DECRYPT, 1, 0, 0, new byte[4])));

        assertThat(deadLetters.readValue().getReason())
                .contains("subscriber 404 is not registered")
                .contains("eaas.replies.subscriber-404 does not exist");
    }

    @Test
    void resultThatCannotBeFramedIsDeadLettered() {
        results.pipeInput(CryptoResult.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(70_000)
                .setSequence(12).setType(RequestType.ENCRYPT).setPair(1).setData(ByteBuffer.wrap(new byte[8]))
                .setReceivedAtMs(0L).build());

        assertThat(deadLetters.readValue().getReason()).contains("requester 70000");
        assertThat(replies.isEmpty()).isTrue();
    }

    private double counter(String event) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals(event + "-total"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** Every topic exists except the reply topic of subscriber 404, and every topic has the same partition count. */
    record FixedTopics(int partitions) implements TopicCheck {

        @Override
        public boolean exists(String topic) {
            return !topic.endsWith("subscriber-404");
        }

        @Override
        public int partitionCount(String topic) {
            return partitions;
        }
    }
}

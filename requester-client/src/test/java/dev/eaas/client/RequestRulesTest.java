package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.RequestLimits;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks what the client sends, and how it follows the coordinator's replay window, on fakes of Kafka. */
class RequestRulesTest {

    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.PAPER_EXAMPLE);
    private static final int REAL_TOKEN = 1;
    private static final Registration REGISTRATION = new Registration(54, 2, 2, REAL_TOKEN);
    private static final String REPLY_TOPIC = TopicCatalogue.replyTopic(54);
    private static final long WAIT_SECONDS = 5;

    private final MockProducer<String, byte[]> producer = FakeKafka.producer();
    private final FakeKafka.ReplyConsumer consumer = FakeKafka.consumer(REPLY_TOPIC);
    private EaasClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void dataOverLimitIsRejectedBeforeSending() {
        open();
        Requester requester = client.requester(1);
        byte[] tooLarge = new byte[RequestLimits.MAX_DATA_BYTES + 1];

        assertThatThrownBy(() -> requester.encrypt(2, tooLarge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid request data of 1044481 bytes")
                .hasMessageContaining("the maximum is 1044480 bytes")
                .hasMessageContaining("max.request.size");
        assertThatThrownBy(() -> requester.decrypt(2, tooLarge)).isInstanceOf(IllegalArgumentException.class);
        assertThat(producer.history()).isEmpty();
        assertThat(client.pendingRequests()).isZero();
    }

    @Test
    void dataAtLimitIsSent() {
        open();

        client.requester(1).encrypt(2, new byte[RequestLimits.MAX_DATA_BYTES]);

        assertThat(producer.history()).hasSize(REGISTRATION.framesPerRequest());
    }

    @Test
    void requesterBeyondWidthIsRejected() {
        open();

        assertThatThrownBy(() -> client.requester(32))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessage("Value 32 of field 'requester' does not fit its width of 5 bits; the field holds 0 to 31");
        assertThat(client.requester(31)).isNotNull();
    }

    @Test
    void subscriberBeyondWidthIsRejectedBeforeConnecting() {
        EaasClientConfig config = TestFixtures.config();

        assertThatThrownBy(() -> EaasClient.register(config, 256, 2))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessage("Value 256 of field 'subscriber' does not fit its width of 8 bits; the field holds 0 to 255");
    }

    @Test
    void everyFrameIsKeyedByRequester() {
        open();

        client.requester(17).encrypt(2, new byte[] {1});
        client.requester(9).decrypt(2, new byte[] {1});

        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly("17", "17", "17", "17", "9");
        assertThat(producer.history()).extracting(ProducerRecord::partition).containsOnlyNulls();
    }

    @Test
    void tooOldRequestResendsFromNextSequence() throws Exception {
        open();
        CompletableFuture<byte[]> result = client.requester(1).decrypt(2, new byte[] {5});
        int firstSequence = sentFrames().get(0).sequence();
        int coordinatorNext = (firstSequence + 1_000) % (int) CODEC.layout().sequenceModulus();

        consumer.addRecord(REPLY_TOPIC, errorReply(firstSequence), tooOldHeaders(coordinatorNext));
        awaitSentRecords(2);

        Frame resent = sentFrames().get(1);
        assertThat(resent.sequence()).isEqualTo(coordinatorNext);
        consumer.addRecord(REPLY_TOPIC, CODEC.encode(new Frame(54, 1, coordinatorNext, RequestType.DECRYPT, 2,
                REAL_TOKEN, 2, new byte[] {42})));
        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(42);
        assertThat(client.counters().retries()).isEqualTo(1);
    }

    private void open() {
        TopicEndPosition.seekToEnd(consumer, REPLY_TOPIC, 1_000, TestFixtures.BOOTSTRAP_SERVERS, "none");
        client = EaasClient.open(TestFixtures.config(), REGISTRATION, producer, consumer);
    }

    private List<Frame> sentFrames() {
        return producer.history().stream()
                .map(record -> CODEC.decodeHeader(record.value()).type() == RequestType.ENCRYPT
                        ? CODEC.decode(record.value(), 2) : CODEC.decode(record.value(), 0))
                .toList();
    }

    private void awaitSentRecords(int count) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (producer.history().size() < count && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
        assertThat(producer.history()).hasSize(count);
    }

    private static byte[] errorReply(int sequence) {
        return CODEC.encode(new Frame(54, 1, sequence, RequestType.DECRYPT, 2, 0, 0,
                "sequence is too old".getBytes(StandardCharsets.UTF_8)));
    }

    private static RecordHeaders tooOldHeaders(int nextSequence) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.ERROR_CODE, ErrorCode.SEQUENCE_TOO_OLD.name().getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.NEXT_SEQUENCE, Integer.toString(nextSequence).getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

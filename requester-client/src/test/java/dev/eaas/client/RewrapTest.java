package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.EnvelopeFormat;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sends rewrap requests through a client on fakes of the producer and the consumer, with no broker. */
class RewrapTest {

    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.PAPER_EXAMPLE);
    private static final int REAL_TOKEN = 1;
    private static final Registration REGISTRATION = new Registration(54, 2, 2, REAL_TOKEN);
    private static final String REQUEST_TOPIC = TopicCatalogue.requestTopic(54, 2);
    private static final String REPLY_TOPIC = TopicCatalogue.replyTopic(54);
    /** Shaped like an envelope: format version, suite id, key version 1, then nonce and cipher output. */
    private static final byte[] ENVELOPE = {1, 1, 0, 0, 0, 1, 23, -7, 42, 88, -128, 5, 61, 0, 19, -44, 3, 7};
    private static final byte[] NEW_ENVELOPE = {1, 1, 0, 0, 0, 2, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2};
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
    void rewrapSendsOneFramePerToken() {
        open(TestFixtures.config());

        client.requester(1).rewrap(2, ENVELOPE);

        List<Frame> frames = sentFrames();
        assertThat(frames).hasSize(REGISTRATION.framesPerRequest());
        assertThat(frames).extracting(Frame::token).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (Frame frame : frames) {
            assertThat(frame.subscriber()).isEqualTo(54);
            assertThat(frame.requester()).isEqualTo(1);
            assertThat(frame.sequence()).isEqualTo(frames.get(0).sequence());
            assertThat(frame.type()).isEqualTo(RequestType.ENCRYPT);
            assertThat(frame.pair()).isEqualTo(2);
        }
    }

    @Test
    void everyRewrapFrameCarriesOperationHeader() {
        open(TestFixtures.config());

        client.requester(1).rewrap(2, ENVELOPE);

        assertThat(producer.history()).hasSize(4);
        for (ProducerRecord<String, byte[]> record : producer.history()) {
            assertThat(record.topic()).isEqualTo(REQUEST_TOPIC);
            assertThat(operationHeaders(record)).containsExactly(RequestHeaders.REWRAP);
        }
    }

    @Test
    void onlyRealTokenCarriesEnvelope() {
        open(TestFixtures.config());

        client.requester(1).rewrap(2, ENVELOPE);

        List<Frame> frames = sentFrames();
        assertThat(frames).filteredOn(frame -> frame.token() == REAL_TOKEN).singleElement()
                .extracting(Frame::data).isEqualTo(ENVELOPE);
        List<Frame> decoys = frames.stream().filter(frame -> frame.token() != REAL_TOKEN).toList();
        assertThat(decoys).hasSize(3);
        for (Frame decoy : decoys) {
            assertThat(decoy.data()).as("decoy under token %d", decoy.token()).hasSameSizeAs(ENVELOPE);
            assertThat(decoy.data()).as("decoy under token %d", decoy.token()).isNotEqualTo(ENVELOPE);
            assertThat(Arrays.copyOf(decoy.data(), EnvelopeFormat.HEADER_SIZE_BYTES))
                    .as("cleartext header of decoy under token %d", decoy.token())
                    .isEqualTo(Arrays.copyOf(ENVELOPE, EnvelopeFormat.HEADER_SIZE_BYTES));
        }
    }

    @Test
    void rewrapDecoysIgnoreConfiguredGenerator() {
        DecoyGenerator zeros = (real, random) -> new byte[real.length];
        open(TestFixtures.config().toBuilder().decoyGenerator(zeros).build());

        client.requester(1).rewrap(2, ENVELOPE);

        for (Frame frame : sentFrames()) {
            assertThat(frame.data()).as("data under token %d", frame.token()).isNotEqualTo(new byte[ENVELOPE.length]);
        }
    }

    @Test
    void encryptFramesCarryNoOperationHeader() {
        open(TestFixtures.config());

        client.requester(1).encrypt(2, "plaintext".getBytes(StandardCharsets.UTF_8));

        assertThat(producer.history()).hasSize(4);
        for (ProducerRecord<String, byte[]> record : producer.history()) {
            assertThat(operationHeaders(record)).isEmpty();
        }
    }

    @Test
    void replyCompletesWithNewEnvelope() throws Exception {
        open(TestFixtures.config());
        CompletableFuture<byte[]> result = client.requester(1).rewrap(2, ENVELOPE);

        consumer.addRecord(REPLY_TOPIC, encryptReply(sentFrames().get(0).sequence(), NEW_ENVELOPE));

        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(NEW_ENVELOPE);
    }

    @Test
    void retiredKeyVersionFailsWithoutRetry() throws Exception {
        open(TestFixtures.config());
        CompletableFuture<byte[]> result = client.requester(1).rewrap(2, ENVELOPE);

        consumer.addRecord(REPLY_TOPIC, errorReply(sentFrames().get(0).sequence(), "key version 1 is retired"),
                errorHeaders(ErrorCode.KEY_VERSION_RETIRED));

        assertThatThrownBy(() -> result.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(EaasRequestException.class)
                .hasMessageStartingWith("Rewrap request of requester 1 for pair 2")
                .hasMessageEndingWith("failed with KEY_VERSION_RETIRED: key version 1 is retired")
                .extracting(failure -> ((EaasRequestException) failure).code())
                .isEqualTo(ErrorCode.KEY_VERSION_RETIRED);
        assertThat(producer.history()).hasSize(4);
        assertThat(client.counters().retries()).isZero();
    }

    @Test
    void retriableErrorResendsRewrap() throws Exception {
        open(TestFixtures.config());
        CompletableFuture<byte[]> result = client.requester(1).rewrap(2, ENVELOPE);
        int firstSequence = sentFrames().get(0).sequence();

        consumer.addRecord(REPLY_TOPIC, errorReply(firstSequence, "subscriber 54 is not registered yet"),
                errorHeaders(ErrorCode.NOT_REGISTERED));
        awaitSentRecords(8);

        List<ProducerRecord<String, byte[]>> resent = producer.history().subList(4, 8);
        List<Frame> resentFrames = resent.stream().map(record -> CODEC.decode(record.value(), 2)).toList();
        assertThat(resentFrames).extracting(Frame::sequence).containsOnly(resentFrames.get(0).sequence())
                .doesNotContain(firstSequence);
        assertThat(resentFrames).filteredOn(frame -> frame.token() == REAL_TOKEN).singleElement()
                .extracting(Frame::data).isEqualTo(ENVELOPE);
        assertThat(resent).allSatisfy(record ->
                assertThat(operationHeaders(record)).containsExactly(RequestHeaders.REWRAP));

        consumer.addRecord(REPLY_TOPIC, encryptReply(resentFrames.get(0).sequence(), NEW_ENVELOPE));
        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(NEW_ENVELOPE);
    }

    @Test
    void emptyEnvelopeIsRejected() {
        open(TestFixtures.config());
        Requester requester = client.requester(1);

        assertThatThrownBy(() -> requester.rewrap(2, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid empty envelope; a rewrap needs a ciphertext envelope that encrypt or rewrap"
                        + " returned");
        assertThat(producer.history()).isEmpty();
        assertThat(client.pendingRequests()).isZero();
    }

    private void open(EaasClientConfig config) {
        TopicEndPosition.seekToEnd(consumer, REPLY_TOPIC, 1_000, TestFixtures.BOOTSTRAP_SERVERS, "none");
        client = EaasClient.open(config, REGISTRATION, producer, consumer);
    }

    private List<Frame> sentFrames() {
        return producer.history().stream().map(record -> CODEC.decode(record.value(), 2)).toList();
    }

    private void awaitSentRecords(int count) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (producer.history().size() < count && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
        assertThat(producer.history()).hasSize(count);
    }

    private static List<String> operationHeaders(ProducerRecord<String, byte[]> record) {
        List<String> values = new ArrayList<>();
        for (Header header : record.headers().headers(RequestHeaders.OPERATION)) {
            values.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Encodes the service's reply to an encryption or a rewrap: one frame without a token. */
    private static byte[] encryptReply(int sequence, byte[] data) {
        return CODEC.encode(new Frame(54, 1, sequence, RequestType.ENCRYPT, 2, 0, 0, data));
    }

    /** Encodes an error reply to a rewrap as the service sends it: no token field, then a UTF-8 message. */
    private static byte[] errorReply(int sequence, String message) {
        return encryptReply(sequence, message.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordHeaders errorHeaders(ErrorCode code) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.ERROR_CODE, code.name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

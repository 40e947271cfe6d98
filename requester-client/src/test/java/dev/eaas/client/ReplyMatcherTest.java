package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplyMatcherTest {

    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.PAPER_EXAMPLE);
    private static final int REAL_TOKEN = 1;
    private static final Registration REGISTRATION = new Registration(54, 2, 2, REAL_TOKEN);
    private static final long NOW_MS = 10_000;

    private final PendingRequestTable table = new PendingRequestTable(TestFixtures.config(), REGISTRATION, new Counters());
    private final ReplyMatcher matcher = new ReplyMatcher(CODEC, REGISTRATION);

    @Test
    void realDecryptReplyIsPickedByToken() {
        // given
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);

        // when
        ReplyOutcome decoyZero = match(decryptReply(1, attempt.sequence(), 2, 0, "decoy-0"));
        ReplyOutcome real = match(decryptReply(1, attempt.sequence(), 2, REAL_TOKEN, "plaintext"));
        ReplyOutcome decoyTwo = match(decryptReply(1, attempt.sequence(), 2, 2, "decoy-2"));

        // then
        assertThat(decoyZero).isInstanceOf(ReplyOutcome.Decoy.class);
        assertThat(decoyTwo).isInstanceOf(ReplyOutcome.Decoy.class);
        assertThat(real).isInstanceOf(ReplyOutcome.Completed.class);
        ReplyOutcome.Completed completed = (ReplyOutcome.Completed) real;
        assertThat(completed.request()).isSameAs(attempt.request());
        assertThat(new String(completed.data(), StandardCharsets.UTF_8)).isEqualTo("plaintext");
    }

    @Test
    void decoysDoNotConsumeTheRequest() {
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        for (int token = 0; token < 4; token++) {
            if (token != REAL_TOKEN) {
                match(decryptReply(1, attempt.sequence(), 2, token, "decoy"));
            }
        }

        ReplyOutcome real = match(decryptReply(1, attempt.sequence(), 2, REAL_TOKEN, "plaintext"));

        assertThat(real).isInstanceOf(ReplyOutcome.Completed.class);
    }

    @Test
    void encryptReplyCompletesWithCiphertext() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] ciphertext = {1, 2, 3, 4};

        ReplyOutcome outcome = match(CODEC.encode(new Frame(54, 1, attempt.sequence(), RequestType.ENCRYPT, 2, 0, 0,
                ciphertext)));

        assertThat(outcome).isInstanceOf(ReplyOutcome.Completed.class);
        assertThat(((ReplyOutcome.Completed) outcome).data()).isEqualTo(ciphertext);
    }

    @Test
    void duplicateReplyIsIgnored() {
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = decryptReply(1, attempt.sequence(), 2, REAL_TOKEN, "plaintext");

        ReplyOutcome first = match(reply);
        ReplyOutcome second = match(reply);

        assertThat(first).isInstanceOf(ReplyOutcome.Completed.class);
        assertThat(second).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    @Test
    void replyForOtherRequesterIsIgnored() {
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);

        ReplyOutcome outcome = match(decryptReply(3, attempt.sequence(), 2, REAL_TOKEN, "for requester 3"));

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
        assertThat(((ReplyOutcome.Ignored) outcome).reason()).startsWith("no pending DECRYPT request of requester 3");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void replyForUnknownSequenceIsIgnored() {
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        int otherSequence = (int) ((attempt.sequence() + 1L) % FrameLayout.PAPER_EXAMPLE.sequenceModulus());

        ReplyOutcome outcome = match(decryptReply(1, otherSequence, 2, REAL_TOKEN, "old"));

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    @Test
    void replyWithOtherPairIsIgnored() {
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);

        ReplyOutcome outcome = match(decryptReply(1, attempt.sequence(), 3, REAL_TOKEN, "for pair 3"));

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    @Test
    void replyOfOtherSubscriberIsIgnored() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);

        ReplyOutcome outcome = match(CODEC.encode(new Frame(55, 1, attempt.sequence(), RequestType.ENCRYPT, 2, 0, 0,
                new byte[] {1})));

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
        assertThat(((ReplyOutcome.Ignored) outcome).reason()).isEqualTo("frame of subscriber 55");
    }

    @Test
    void truncatedReplyIsIgnored() {
        ReplyOutcome outcome = matcher.match(new byte[] {54}, new RecordHeaders(), table);

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    @Test
    void recordWithoutValueIsIgnored() {
        ReplyOutcome outcome = matcher.match(null, new RecordHeaders(), table);

        assertThat(outcome).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    @Test
    void errorHeaderBecomesRequestException() {
        // given
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.DECRYPT, 2, "decryption failed");

        // when
        ReplyOutcome outcome = matcher.match(reply, errorHeaders("DECRYPTION_FAILED"), table);

        // then
        assertThat(outcome).isInstanceOf(ReplyOutcome.Failed.class);
        ReplyOutcome.Failed failed = (ReplyOutcome.Failed) outcome;
        assertThat(failed.request()).isSameAs(attempt.request());
        assertThat(failed.error().code()).isEqualTo(ErrorCode.DECRYPTION_FAILED);
        assertThat(failed.error().retriable()).isFalse();
        assertThat(failed.error()).hasMessage("Decrypt request of requester 1 for pair 2 (sequence "
                + attempt.sequence() + ") failed with DECRYPTION_FAILED: decryption failed");
    }

    @Test
    void retriableErrorCodeIsMarkedRetriable() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.ENCRYPT, 2, "subscriber 54 is not registered");

        ReplyOutcome outcome = matcher.match(reply, errorHeaders("NOT_REGISTERED"), table);

        EaasRequestException error = ((ReplyOutcome.Failed) outcome).error();
        assertThat(error.code()).isEqualTo(ErrorCode.NOT_REGISTERED);
        assertThat(error.retriable()).isTrue();
        assertThat(error).hasMessageEndingWith("failed with NOT_REGISTERED: subscriber 54 is not registered");
    }

    @Test
    void sequenceTooOldCarriesNextSequence() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.ENCRYPT, 2, "too old");
        Headers headers = errorHeaders("SEQUENCE_TOO_OLD")
                .add(ReplyHeaders.NEXT_SEQUENCE, "1234".getBytes(StandardCharsets.UTF_8));

        ReplyOutcome outcome = matcher.match(reply, headers, table);

        ReplyOutcome.Failed failed = (ReplyOutcome.Failed) outcome;
        assertThat(failed.error().code()).isEqualTo(ErrorCode.SEQUENCE_TOO_OLD);
        assertThat(failed.error().retriable()).isTrue();
        assertThat(failed.nextSequence()).isEqualTo(1234);
    }

    @Test
    void nextSequenceOutsideLayoutIsIgnored() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.ENCRYPT, 2, "too old");
        Headers headers = errorHeaders("SEQUENCE_TOO_OLD").add(ReplyHeaders.NEXT_SEQUENCE,
                Long.toString(CODEC.layout().sequenceModulus()).getBytes(StandardCharsets.UTF_8));

        ReplyOutcome outcome = matcher.match(reply, headers, table);

        assertThat(((ReplyOutcome.Failed) outcome).nextSequence()).isEqualTo(-1);
    }

    @Test
    void unknownErrorCodeBecomesInternalError() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.ENCRYPT, 2, "quota exceeded");

        ReplyOutcome outcome = matcher.match(reply, errorHeaders("QUOTA_EXCEEDED"), table);

        EaasRequestException error = ((ReplyOutcome.Failed) outcome).error();
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error).hasMessageEndingWith("failed with INTERNAL_ERROR (sent as 'QUOTA_EXCEEDED'): quota exceeded");
    }

    @Test
    void errorReplyIsNoDecoy() {
        // The real token is 1: read with a token field, this frame would carry token 0 and look like a decoy.
        Attempt attempt = table.add(1, Operation.DECRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.DECRYPT, 2, "decryption failed");

        ReplyOutcome outcome = matcher.match(reply, errorHeaders("DECRYPTION_FAILED"), table);

        assertThat(outcome).isInstanceOf(ReplyOutcome.Failed.class);
    }

    @Test
    void duplicateErrorReplyIsIgnored() {
        Attempt attempt = table.add(1, Operation.ENCRYPT, 2, new byte[] {7}, new CompletableFuture<>(), NOW_MS);
        byte[] reply = errorReply(1, attempt.sequence(), RequestType.ENCRYPT, 2, "not registered");

        ReplyOutcome first = matcher.match(reply, errorHeaders("NOT_REGISTERED"), table);
        ReplyOutcome second = matcher.match(reply, errorHeaders("NOT_REGISTERED"), table);

        assertThat(first).isInstanceOf(ReplyOutcome.Failed.class);
        assertThat(second).isInstanceOf(ReplyOutcome.Ignored.class);
    }

    private ReplyOutcome match(byte[] reply) {
        return matcher.match(reply, new RecordHeaders(), table);
    }

    private static byte[] decryptReply(int requester, int sequence, int pair, int token, String data) {
        return CODEC.encode(new Frame(54, requester, sequence, RequestType.DECRYPT, pair, token, 2,
                data.getBytes(StandardCharsets.UTF_8)));
    }

    /** Encodes an error reply as the service sends it: no token field, then a UTF-8 message. */
    private static byte[] errorReply(int requester, int sequence, RequestType type, int pair, String message) {
        return CODEC.encode(new Frame(54, requester, sequence, type, pair, 0, 0, message.getBytes(StandardCharsets.UTF_8)));
    }

    private static Headers errorHeaders(String code) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.ERROR_CODE, code.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.FrameLayout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingRequestTableTest {

    private static final Registration REGISTRATION = new Registration(54, 2, 2, 1);
    private static final byte[] DATA = {1, 2, 3};
    private static final long START_MS = 10_000;

    private final Counters counters = new Counters();
    private final PendingRequestTable table = new PendingRequestTable(TestFixtures.config(), REGISTRATION, counters);

    @Test
    void sequencesStartAtZeroPerRequester() {
        List<Integer> requesterOne = List.of(add(1).sequence(), add(1).sequence(), add(1).sequence());
        int requesterTwo = add(2).sequence();

        assertThat(requesterOne).containsExactly(0, 1, 2);
        assertThat(requesterTwo).isZero();
    }

    @Test
    void sequenceWrapsModuloTwoToTheN() {
        PendingRequestTable smallTable = new PendingRequestTable(TestFixtures.config(new FrameLayout(8, 5, 2)),
                REGISTRATION, counters);
        Attempt first = smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        for (int i = 1; i < 4; i++) {
            smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        }
        smallTable.complete(smallTable.take(1, first.sequence(), RequestType.ENCRYPT, 7), DATA);

        Attempt fifth = smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);

        assertThat(fifth.sequence()).isZero();
    }

    @Test
    void inFlightSequenceIsNotReused() {
        PendingRequestTable smallTable = new PendingRequestTable(TestFixtures.config(new FrameLayout(8, 5, 2)),
                REGISTRATION, counters);
        for (int i = 0; i < 4; i++) {
            smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        }

        assertThatThrownBy(() -> smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS))
                .isInstanceOf(EaasException.class)
                .hasMessage("No free sequence number for requester 1: sequence 0 still waits for its reply, so all 4"
                        + " sequence numbers are in use. Wait for pending requests to complete, or give the frame"
                        + " layout more sequence bits on the service and every client");
        assertThat(smallTable.size()).isEqualTo(4);
    }

    @Test
    void freedSequenceIsTheNextOneUsed() {
        PendingRequestTable smallTable = new PendingRequestTable(TestFixtures.config(new FrameLayout(8, 5, 2)),
                REGISTRATION, counters);
        for (int i = 0; i < 4; i++) {
            smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        }
        assertThatThrownBy(() -> smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS))
                .isInstanceOf(EaasException.class);
        smallTable.complete(smallTable.take(1, 0, RequestType.ENCRYPT, 7), DATA);

        Attempt next = smallTable.add(1, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);

        assertThat(next.sequence()).isZero();
    }

    @Test
    void completeDeliversDataOnce() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);
        PendingRequest request = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);

        boolean first = table.complete(request, new byte[] {9});
        boolean second = table.complete(request, new byte[] {8});

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(result.join()).containsExactly(9);
        assertThat(table.size()).isZero();
    }

    @Test
    void takeRejectsOtherTypeOrPair() {
        Attempt attempt = add(3);

        PendingRequest otherPair = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 8);
        PendingRequest otherType = table.take(3, attempt.sequence(), RequestType.DECRYPT, 7);
        PendingRequest matching = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);
        PendingRequest duplicate = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);

        assertThat(otherPair).isNull();
        assertThat(otherType).isNull();
        assertThat(matching).isSameAs(attempt.request());
        assertThat(duplicate).isNull();
    }

    @Test
    void timeoutFailsFutureWithExpectedMessage() {
        // given
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);

        // when
        table.expireDue(START_MS + 999);
        boolean doneBeforeDeadline = result.isDone();
        table.expireDue(START_MS + 1_000);

        // then
        assertThat(doneBeforeDeadline).isFalse();
        assertThatThrownBy(result::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(EaasTimeoutException.class)
                .hasMessage("Encrypt request of requester 3 for pair 7 (sequence 0) timed out: no reply within 1000 ms."
                        + " Check that coordinator 2 of subscriber 54 is running and reachable at bootstrap servers "
                        + TestFixtures.BOOTSTRAP_SERVERS + ", or raise requestTimeoutMs");
        assertThat(counters.snapshot().timeouts()).isEqualTo(1);
        assertThat(table.size()).isZero();
    }

    @Test
    void timeoutReportsTimeoutMs() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        table.add(3, RequestType.DECRYPT, 7, DATA, result, START_MS);

        table.expireDue(START_MS + 5_000);

        EaasTimeoutException failure = failureOf(result, EaasTimeoutException.class);
        assertThat(failure.timeoutMs()).isEqualTo(1_000);
        assertThat(failure.getMessage()).startsWith("Decrypt request of requester 3 for pair 7 (sequence 0) timed out");
    }

    @Test
    void timedOutSequenceIsFreedAndReplyIgnored() {
        Attempt attempt = add(3);
        table.expireDue(START_MS + 1_000);

        PendingRequest lateReply = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);

        assertThat(lateReply).isNull();
    }

    @Test
    void retriableErrorResendsWithNewSequence() {
        // given
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt first = table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);
        PendingRequest request = table.take(3, first.sequence(), RequestType.ENCRYPT, 7);

        // when
        table.fail(request, notRegistered(), START_MS + 10);
        List<Attempt> tooEarly = table.takeDueResends(START_MS + 109);
        List<Attempt> due = table.takeDueResends(START_MS + 110);

        // then
        assertThat(result).isNotDone();
        assertThat(tooEarly).isEmpty();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).request()).isSameAs(request);
        assertThat(due.get(0).sequence()).isEqualTo(1);
        assertThat(due.get(0).number()).isEqualTo(2);
    }

    @Test
    void backoffDoublesUpToMaximum() {
        EaasClientConfig longTimeout = TestFixtures.config().toBuilder().requestTimeoutMs(10_000).build();
        PendingRequestTable table = new PendingRequestTable(longTimeout, REGISTRATION, counters);
        Attempt attempt = table.add(3, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        long now = START_MS;
        long[] waits = new long[4];

        for (int i = 0; i < waits.length; i++) {
            PendingRequest request = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);
            table.fail(request, notRegistered(), now);
            long sentAt = now;
            List<Attempt> due = List.of();
            while (due.isEmpty()) {
                now++;
                due = table.takeDueResends(now);
            }
            waits[i] = now - sentAt;
            attempt = due.get(0);
        }

        assertThat(waits).containsExactly(100, 200, 400, 400);
    }

    @Test
    void retriableErrorFailsWhenResendPassesDeadline() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);
        PendingRequest request = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);

        table.fail(request, notRegistered(), START_MS + 950);

        EaasRequestException failure = failureOf(result, EaasRequestException.class);
        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_REGISTERED);
        assertThat(failure.getMessage()).isEqualTo("not registered yet (attempt 1; no further resend fits the"
                + " 1000 ms request timeout)");
        assertThat(counters.snapshot().errors()).isEqualTo(1);
    }

    @Test
    void nonRetriableErrorFailsAtOnce() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, RequestType.DECRYPT, 7, DATA, result, START_MS);
        PendingRequest request = table.take(3, attempt.sequence(), RequestType.DECRYPT, 7);
        EaasRequestException error = new EaasRequestException(ErrorCode.DECRYPTION_FAILED, "decryption failed");

        table.fail(request, error, START_MS + 10);

        assertThat(failureOf(result, EaasRequestException.class)).isSameAs(error);
        assertThat(table.takeDueResends(START_MS + 1_000)).isEmpty();
        assertThat(table.size()).isZero();
    }

    @Test
    void timeoutAfterRetryNamesEarlierError() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);
        table.fail(table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7), notRegistered(), START_MS);
        table.takeDueResends(START_MS + 100);

        table.expireDue(START_MS + 1_000);

        EaasTimeoutException failure = failureOf(result, EaasTimeoutException.class);
        assertThat(failure.getMessage()).contains("(sequence 1) timed out")
                .endsWith(". An earlier attempt failed with NOT_REGISTERED");
        assertThat(failure.getCause()).isInstanceOf(EaasRequestException.class);
    }

    @Test
    void sendFailureFailsOnlyCurrentAttempt() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt first = table.add(3, RequestType.ENCRYPT, 7, DATA, result, START_MS);
        table.fail(table.take(3, first.sequence(), RequestType.ENCRYPT, 7), notRegistered(), START_MS);
        Attempt second = table.takeDueResends(START_MS + 100).get(0);

        table.failAttempt(first, new EaasException("late failure of the first attempt"));
        boolean pendingAfterStaleFailure = !result.isDone();
        table.failAttempt(second, new EaasException("send failed"));

        assertThat(pendingAfterStaleFailure).isTrue();
        assertThat(failureOf(result, EaasException.class)).hasMessage("send failed");
    }

    @Test
    void closeFailsPendingAndRejectsNew() {
        CompletableFuture<byte[]> inFlight = new CompletableFuture<>();
        CompletableFuture<byte[]> awaitingResend = new CompletableFuture<>();
        table.add(3, RequestType.ENCRYPT, 7, DATA, inFlight, START_MS);
        Attempt attempt = table.add(4, RequestType.DECRYPT, 8, DATA, awaitingResend, START_MS);
        table.fail(table.take(4, attempt.sequence(), RequestType.DECRYPT, 8), notRegistered(), START_MS);

        table.close();

        assertThat(failureOf(inFlight, EaasClientClosedException.class)).hasMessage("Encrypt request of requester 3"
                + " for pair 7 (sequence 0) failed because the EaaS client of subscriber 54 was closed before a reply came");
        assertThat(failureOf(awaitingResend, EaasClientClosedException.class)).hasMessageStartingWith("Decrypt request");
        assertThat(table.takeDueResends(START_MS + 1_000)).isEmpty();
        assertThatThrownBy(() -> add(3))
                .isInstanceOf(EaasClientClosedException.class)
                .hasMessage("The EaaS client of subscriber 54 is closed; open a new client to send requests");
    }

    private Attempt add(int requester) {
        return table.add(requester, RequestType.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
    }

    private static EaasRequestException notRegistered() {
        return new EaasRequestException(ErrorCode.NOT_REGISTERED, "not registered yet");
    }

    private static <T extends Throwable> T failureOf(CompletableFuture<byte[]> result, Class<T> type) {
        assertThat(result).isCompletedExceptionally();
        Throwable cause = result.handle((value, failure) -> failure).join();
        assertThat(cause).isInstanceOf(type);
        return type.cast(cause);
    }
}

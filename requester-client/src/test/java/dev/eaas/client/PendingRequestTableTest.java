package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.FrameLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingRequestTableTest {

    private static final Registration REGISTRATION = new Registration(54, 2, 2, 1);
    private static final byte[] DATA = {1, 2, 3};
    private static final long START_MS = 10_000;
    /** Sequence numbers of the layout of {@link TestFixtures#config()}. */
    private static final int MODULUS = (int) FrameLayout.PAPER_EXAMPLE.sequenceModulus();
    private static final FrameLayout SMALL_LAYOUT = new FrameLayout(8, 5, 2);
    private static final int SMALL_MODULUS = (int) SMALL_LAYOUT.sequenceModulus();

    private final Counters counters = new Counters();
    private final PendingRequestTable table = table(TestFixtures.config(), 1);

    @Test
    void sequencesCountUpPerRequester() {
        List<Integer> requesterOne = List.of(add(1).sequence(), add(1).sequence(), add(1).sequence());
        int first = requesterOne.get(0);

        assertThat(requesterOne).containsExactly(first, (first + 1) % MODULUS, (first + 2) % MODULUS);
        assertThat(add(2).sequence()).isBetween(0, MODULUS - 1);
    }

    @Test
    void tablesOfOneRequesterStartApart() {
        int firstOfOneTable = table(TestFixtures.config(), 1).add(1, Operation.ENCRYPT, 7, DATA,
                new CompletableFuture<>(), START_MS).sequence();
        int firstOfOtherTable = table(TestFixtures.config(), 2).add(1, Operation.ENCRYPT, 7, DATA,
                new CompletableFuture<>(), START_MS).sequence();

        assertThat(firstOfOneTable).isNotEqualTo(firstOfOtherTable);
    }

    @Test
    void startSequenceCoversEveryNumber() {
        Set<Integer> starts = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            PendingRequestTable seeded = table(TestFixtures.config(SMALL_LAYOUT), seed);
            starts.add(seeded.add(1, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS).sequence());
        }

        assertThat(starts).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void defaultTableStartsWithinRange() {
        PendingRequestTable secureRandomTable = new PendingRequestTable(TestFixtures.config(), REGISTRATION, counters);

        Attempt first = secureRandomTable.add(1, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);

        assertThat(first.sequence()).isBetween(0, MODULUS - 1);
    }

    @Test
    void sequenceWrapsModuloTwoToTheN() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        Attempt first = addTo(smallTable, START_MS);
        List<Integer> sequences = List.of(first.sequence(), addTo(smallTable, START_MS).sequence(),
                addTo(smallTable, START_MS).sequence(), addTo(smallTable, START_MS).sequence());
        smallTable.complete(smallTable.take(1, first.sequence(), RequestType.ENCRYPT, 7), DATA);

        Attempt fifth = addTo(smallTable, START_MS);

        int start = first.sequence();
        assertThat(sequences).containsExactly(start, (start + 1) % SMALL_MODULUS, (start + 2) % SMALL_MODULUS,
                (start + 3) % SMALL_MODULUS);
        assertThat(fifth.sequence()).isEqualTo(start);
    }

    @Test
    void inFlightSequenceIsNotReused() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        for (int i = 0; i < SMALL_MODULUS; i++) {
            addTo(smallTable, START_MS);
        }

        assertThatThrownBy(() -> addTo(smallTable, START_MS))
                .isInstanceOf(EaasException.class)
                .hasMessage("No free sequence number for requester 1: all 4 sequence numbers wait for their replies"
                        + " or are quarantined for 1000 ms after their request ended without one. Wait for pending"
                        + " requests to complete, or give the frame layout more sequence bits on the service and"
                        + " every client");
        assertThat(smallTable.size()).isEqualTo(SMALL_MODULUS);
    }

    @Test
    void freedSequenceIsFoundOutOfOrder() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        int start = addTo(smallTable, START_MS).sequence();
        for (int i = 1; i < SMALL_MODULUS; i++) {
            addTo(smallTable, START_MS);
        }
        int third = (start + 2) % SMALL_MODULUS;
        smallTable.complete(smallTable.take(1, third, RequestType.ENCRYPT, 7), DATA);

        Attempt next = addTo(smallTable, START_MS);

        assertThat(next.sequence()).isEqualTo(third);
    }

    @Test
    void timedOutSequenceIsQuarantined() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        int timedOut = fillThenTimeOutFirst(smallTable);

        Attempt withinGracePeriod = addTo(smallTable, START_MS + 1_999);
        PendingRequest lateReply = smallTable.take(1, timedOut, RequestType.ENCRYPT, 7);

        assertThat(withinGracePeriod.sequence()).isEqualTo((timedOut + 1) % SMALL_MODULUS);
        assertThat(lateReply).isNull();
    }

    @Test
    void quarantineEndsAfterGracePeriod() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        int timedOut = fillThenTimeOutFirst(smallTable);

        Attempt afterGracePeriod = addTo(smallTable, START_MS + 2_000);

        assertThat(afterGracePeriod.sequence()).isEqualTo(timedOut);
    }

    @Test
    void failedSendQuarantinesSequence() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        Attempt failed = addTo(smallTable, START_MS);
        for (int i = 1; i < SMALL_MODULUS; i++) {
            answer(smallTable, addTo(smallTable, START_MS));
        }
        smallTable.failAttempt(failed, new EaasException("send failed"), START_MS + 10);

        Attempt next = addTo(smallTable, START_MS + 10);

        assertThat(next.sequence()).isEqualTo((failed.sequence() + 1) % SMALL_MODULUS);
    }

    @Test
    void answeredSequenceIsNotQuarantined() {
        PendingRequestTable smallTable = table(TestFixtures.config(SMALL_LAYOUT), 1);
        Attempt first = addTo(smallTable, START_MS);
        answer(smallTable, first);
        for (int i = 1; i < SMALL_MODULUS; i++) {
            answer(smallTable, addTo(smallTable, START_MS));
        }

        Attempt fifth = addTo(smallTable, START_MS);

        assertThat(fifth.sequence()).isEqualTo(first.sequence());
    }

    @Test
    void completeDeliversDataOnce() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
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
        Attempt attempt = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);

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
                .hasMessage("Encrypt request of requester 3 for pair 7 (sequence " + attempt.sequence() + ") timed out:"
                        + " no reply within 1000 ms."
                        + " Check that coordinator 2 of subscriber 54 is running and reachable at bootstrap servers "
                        + TestFixtures.BOOTSTRAP_SERVERS + ", or raise the request timeout");
        assertThat(counters.snapshot().timeouts()).isEqualTo(1);
        assertThat(table.size()).isZero();
    }

    @Test
    void timeoutReportsTimeoutMs() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt = table.add(3, Operation.DECRYPT, 7, DATA, result, START_MS);

        table.expireDue(START_MS + 5_000);

        EaasTimeoutException failure = failureOf(result, EaasTimeoutException.class);
        assertThat(failure.timeoutMs()).isEqualTo(1_000);
        assertThat(failure.getMessage()).startsWith("Decrypt request of requester 3 for pair 7 (sequence "
                + attempt.sequence() + ") timed out");
    }

    @Test
    void timedOutAttemptIgnoresLateReply() {
        Attempt attempt = add(3);
        table.expireDue(START_MS + 1_000);

        PendingRequest lateReply = table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7);

        assertThat(lateReply).isNull();
    }

    @Test
    void retriableErrorResendsWithNewSequence() {
        // given
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt first = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
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
        assertThat(due.get(0).sequence()).isEqualTo((first.sequence() + 1) % MODULUS);
        assertThat(due.get(0).number()).isEqualTo(2);
    }

    @Test
    void tooOldResendUsesNextSequence() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt first = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
        PendingRequest request = table.take(3, first.sequence(), RequestType.ENCRYPT, 7);
        int coordinatorNext = (first.sequence() + MODULUS / 4) % MODULUS;

        table.resynchronize(3, coordinatorNext);
        table.fail(request, new EaasRequestException(ErrorCode.SEQUENCE_TOO_OLD, "too old"), START_MS + 10);
        List<Attempt> due = table.takeDueResends(START_MS + 110);

        assertThat(due).singleElement().satisfies(resend -> assertThat(resend.sequence()).isEqualTo(coordinatorNext));
        assertThat(result).isNotDone();
    }

    @Test
    void resynchronizeNeverMovesCounterBack() {
        Attempt first = table.add(3, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
        int behind = Math.floorMod(first.sequence() - 5, MODULUS);

        table.resynchronize(3, behind);
        Attempt second = table.add(3, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);

        assertThat(second.sequence()).isEqualTo((first.sequence() + 1) % MODULUS);
    }

    @Test
    void backoffDoublesUpToMaximum() {
        EaasClientConfig longTimeout = TestFixtures.config().toBuilder().requestTimeoutMs(10_000).build();
        PendingRequestTable table = new PendingRequestTable(longTimeout, REGISTRATION, counters);
        Attempt attempt = table.add(3, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
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
        Attempt attempt = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
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
        Attempt attempt = table.add(3, Operation.DECRYPT, 7, DATA, result, START_MS);
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
        Attempt attempt = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
        table.fail(table.take(3, attempt.sequence(), RequestType.ENCRYPT, 7), notRegistered(), START_MS);
        table.takeDueResends(START_MS + 100);

        table.expireDue(START_MS + 1_000);

        EaasTimeoutException failure = failureOf(result, EaasTimeoutException.class);
        assertThat(failure.getMessage()).contains("(sequence " + (attempt.sequence() + 1) % MODULUS + ") timed out")
                .endsWith(". An earlier attempt failed with NOT_REGISTERED");
        assertThat(failure.getCause()).isInstanceOf(EaasRequestException.class);
    }

    @Test
    void sendFailureFailsOnlyCurrentAttempt() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt first = table.add(3, Operation.ENCRYPT, 7, DATA, result, START_MS);
        table.fail(table.take(3, first.sequence(), RequestType.ENCRYPT, 7), notRegistered(), START_MS);
        Attempt second = table.takeDueResends(START_MS + 100).get(0);

        table.failAttempt(first, new EaasException("late failure of the first attempt"), START_MS + 100);
        boolean pendingAfterStaleFailure = !result.isDone();
        table.failAttempt(second, new EaasException("send failed"), START_MS + 100);

        assertThat(pendingAfterStaleFailure).isTrue();
        assertThat(failureOf(result, EaasException.class)).hasMessage("send failed");
    }

    @Test
    void closeFailsPendingAndRejectsNew() {
        CompletableFuture<byte[]> inFlight = new CompletableFuture<>();
        CompletableFuture<byte[]> awaitingResend = new CompletableFuture<>();
        Attempt inFlightAttempt = table.add(3, Operation.ENCRYPT, 7, DATA, inFlight, START_MS);
        Attempt resendAttempt = table.add(4, Operation.DECRYPT, 8, DATA, awaitingResend, START_MS);
        table.fail(table.take(4, resendAttempt.sequence(), RequestType.DECRYPT, 8), notRegistered(), START_MS);

        table.close();

        assertThat(failureOf(inFlight, EaasClientClosedException.class)).hasMessage("Encrypt request of requester 3"
                + " for pair 7 (sequence " + inFlightAttempt.sequence() + ") failed because the EaaS client of"
                + " subscriber 54 was closed before a reply came");
        assertThat(failureOf(awaitingResend, EaasClientClosedException.class)).hasMessageStartingWith("Decrypt request");
        assertThat(table.takeDueResends(START_MS + 1_000)).isEmpty();
        assertThatThrownBy(() -> add(3))
                .isInstanceOf(EaasClientClosedException.class)
                .hasMessage("The EaaS client of subscriber 54 is closed; open a new client to send requests");
    }

    private Attempt add(int requester) {
        return table.add(requester, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), START_MS);
    }

    private PendingRequestTable table(EaasClientConfig config, long seed) {
        return new PendingRequestTable(config, REGISTRATION, counters, new Random(seed));
    }

    /** Adds an encryption request of requester 1 for pair 7. */
    private static Attempt addTo(PendingRequestTable smallTable, long nowMs) {
        return smallTable.add(1, Operation.ENCRYPT, 7, DATA, new CompletableFuture<>(), nowMs);
    }

    /** Completes an attempt made by {@link #addTo} as its reply would. */
    private static void answer(PendingRequestTable smallTable, Attempt attempt) {
        smallTable.complete(smallTable.take(1, attempt.sequence(), RequestType.ENCRYPT, 7), DATA);
    }

    /**
     * Uses every number of a 2-bit table once, lets the first request time out at {@code START_MS + 1_000},
     * when its number enters a 1000 ms quarantine, and completes the others as replies would. Returns the timed-out number,
     * which is also the counter's next number.
     */
    private static int fillThenTimeOutFirst(PendingRequestTable smallTable) {
        Attempt timedOut = addTo(smallTable, START_MS);
        for (int i = 1; i < SMALL_MODULUS; i++) {
            answer(smallTable, addTo(smallTable, START_MS + 500));
        }
        smallTable.expireDue(START_MS + 1_000);
        return timedOut.sequence();
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

package dev.eaas.loadgen.crash;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasException;
import dev.eaas.client.EaasRequestException;
import dev.eaas.client.EaasTimeoutException;
import dev.eaas.client.Requester;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The round trips of a crash test: requester 2k+1 has a payload encrypted for requester 2k+2, then 2k+2 has the
 * ciphertext decrypted and compares it with the payload. Every ciphertext is kept, so that all of them can be
 * decrypted again once the kills have stopped.
 *
 * <p>Pair k first appears in round trip {@code k * roundTripsPerPair}, so new pair keys are created all through the
 * run. Every other round trip uses a pair drawn uniformly from those that have appeared so far.
 */
final class CrashWorkload {

    /** The shape of the workload; {@code CrashTestCommand} checks the values. */
    record Settings(long roundTrips, double ratePerSecond, int maxInFlight, int roundTripsPerPair, int payloadBytes,
            long seed) {

        int pairs() {
            return (int) ((roundTrips - 1) / roundTripsPerPair + 1);
        }
    }

    /** Counts of one pass over the ciphertexts; failure keys are an error code, TIMEOUT or an exception class. */
    record Counts(long attempted, long completed, long mismatched, Map<String, Long> failures, long unclearFailures) {

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final EaasClient client;
    private final Settings settings;
    private final Executor decryptSenders;
    private final int[] pairOf;
    private final long[] firstUseOfPair;
    private final byte[][] payloads;
    private final byte[][] ciphertexts;
    private final AtomicLong started = new AtomicLong();
    private final LongAdder ended = new LongAdder();

    CrashWorkload(EaasClient client, Settings settings, Executor decryptSenders) {
        this.client = client;
        this.settings = settings;
        this.decryptSenders = decryptSenders;
        int roundTrips = Math.toIntExact(settings.roundTrips());
        this.pairOf = new int[roundTrips];
        this.firstUseOfPair = new long[settings.pairs()];
        this.payloads = new byte[roundTrips][];
        this.ciphertexts = new byte[roundTrips][];
    }

    /** Called before each round trip starts; it may block, as the kill schedule does until a due kill happened. */
    @FunctionalInterface
    interface BeforeRoundTrip {
        void await(long index) throws InterruptedException;
    }

    /** Returns the number of round trips started so far; the kill schedule reads it from its own thread. */
    long started() {
        return started.get();
    }

    /** Returns the number of round trips that have completed or failed so far. */
    long ended() {
        return ended.sum();
    }

    /**
     * Runs every round trip at the configured rate, with at most {@code maxInFlight} under way, and returns once each
     * has completed or failed. A round trip ends at the latest after two request timeouts. A round trip that
     * {@code beforeRoundTrip} held back starts as soon as it returns, and the ones after it catch up with the rate.
     */
    Counts run(BeforeRoundTrip beforeRoundTrip) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        Tally tally = new Tally();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long startNanos = System.nanoTime();
        for (int index = 0; index < pairOf.length; index++) {
            long dueNanos = startNanos + Math.round(index * 1e9 / settings.ratePerSecond());
            LockSupport.parkNanos(dueNanos - System.nanoTime());
            beforeRoundTrip.await(index);
            inFlight.acquire();
            prepare(index, random);
            started.incrementAndGet();
            int current = index;
            roundTrip(current).whenComplete((ignored, failure) -> {
                tally.record(failure);
                ended.increment();
                inFlight.release();
            });
        }
        inFlight.acquire(settings.maxInFlight());
        inFlight.release(settings.maxInFlight());
        return tally.counts(pairOf.length);
    }

    /** Decrypts every ciphertext the run produced again, with the same requesters, and compares it with its payload. */
    Counts decryptAllAgain() throws InterruptedException {
        Tally tally = new Tally();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long attempted = 0;
        for (int index = 0; index < ciphertexts.length; index++) {
            if (ciphertexts[index] == null) {
                continue;
            }
            attempted++;
            inFlight.acquire();
            int current = index;
            decrypt(current, ciphertexts[current]).whenComplete((ignored, failure) -> {
                tally.record(failure);
                inFlight.release();
            });
        }
        inFlight.acquire(settings.maxInFlight());
        inFlight.release(settings.maxInFlight());
        return tally.counts(attempted);
    }

    /** Returns how many ciphertexts belong to pairs that first appeared before round trip {@code startedBefore}. */
    long ciphertextsOfPairsBefore(long startedBefore) {
        long count = 0;
        for (int index = 0; index < ciphertexts.length; index++) {
            if (ciphertexts[index] != null && firstUseOfPair[pairOf[index]] < startedBefore) {
                count++;
            }
        }
        return count;
    }

    private void prepare(int index, SplittableRandom random) {
        int pair;
        if (index % settings.roundTripsPerPair() == 0) {
            pair = index / settings.roundTripsPerPair();
            firstUseOfPair[pair] = index;
        } else {
            pair = random.nextInt(index / settings.roundTripsPerPair() + 1);
        }
        pairOf[index] = pair;
        byte[] payload = new byte[Math.max(Long.BYTES, settings.payloadBytes())];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).putLong(index);
        payloads[index] = payload;
    }

    private CompletableFuture<Void> roundTrip(int index) {
        int pair = pairOf[index];
        Requester sender = client.requester(2 * pair + 1);
        Requester receiver = client.requester(2 * pair + 2);
        return sender.encrypt(receiver.id(), payloads[index])
                .thenComposeAsync(ciphertext -> {
                    ciphertexts[index] = ciphertext;
                    return decrypt(index, ciphertext);
                }, decryptSenders);
    }

    private CompletableFuture<Void> decrypt(int index, byte[] ciphertext) {
        int pair = pairOf[index];
        return client.requester(2 * pair + 2).decrypt(2 * pair + 1, ciphertext).thenAccept(plaintext -> {
            if (!Arrays.equals(plaintext, payloads[index])) {
                throw new PayloadMismatchException(index);
            }
        });
    }

    /** A decryption that returned other bytes than the payload that was encrypted: data corruption, never a clear error. */
    static final class PayloadMismatchException extends RuntimeException {
        PayloadMismatchException(int index) {
            super("Round trip " + index + " decrypted to other bytes than its payload");
        }
    }

    /** Counts outcomes from the client's threads. */
    private static final class Tally {
        private final LongAdder completed = new LongAdder();
        private final LongAdder mismatched = new LongAdder();
        private final LongAdder unclear = new LongAdder();
        private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        void record(Throwable failure) {
            if (failure == null) {
                completed.increment();
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof PayloadMismatchException) {
                mismatched.increment();
                return;
            }
            if (!(cause instanceof EaasException)) {
                unclear.increment();
            }
            failures.computeIfAbsent(category(cause), unused -> new LongAdder()).increment();
        }

        Counts counts(long attempted) {
            Map<String, Long> byCategory = new TreeMap<>();
            failures.forEach((category, count) -> byCategory.put(category, count.sum()));
            return new Counts(attempted, completed.sum(), mismatched.sum(), byCategory, unclear.sum());
        }

        private static String category(Throwable cause) {
            if (cause instanceof EaasRequestException rejected) {
                return rejected.code().name();
            }
            if (cause instanceof EaasTimeoutException) {
                return "TIMEOUT";
            }
            return cause.getClass().getSimpleName();
        }
    }
}

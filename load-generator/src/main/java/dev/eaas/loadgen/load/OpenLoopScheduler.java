package dev.eaas.loadgen.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Starts round trips on a fixed schedule, whether or not earlier ones have finished, and records each latency
 * from the round trip's intended send time.
 *
 * <p>Round trip {@code i} is due at {@code start + i / ratePerSecond}. The first {@code warmupRoundTrips} run
 * but are neither recorded nor counted in the measured figures. Latency counts from the intended time rather
 * than from the moment the call was made, which keeps coordinated omission out of the figures. When the
 * generator or the system under test stalls, the round trips that should have started meanwhile carry the stall
 * in their latency.
 *
 * <p>When {@code maxInFlight} round trips are under way at a due time, that round trip is not started and
 * counts as dropped, so the schedule never waits for the system under test. A round trip started more than
 * {@link #LATE_THRESHOLD_NANOS} after its due time counts as late. This happens when the sending thread
 * itself falls behind, and its latency still counts from the due time.
 *
 * <p>Latencies are recorded in microseconds, with 3 significant digits, in an HdrHistogram {@link Recorder}.
 * Round trips complete on other threads, and recording from them is wait-free.
 */
public final class OpenLoopScheduler {

    /** How far behind its due time a round trip may start before it counts as late: 1 ms. */
    public static final long LATE_THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** One round trip against the system under test. */
    @FunctionalInterface
    public interface RoundTrip {
        /**
         * Starts round trip {@code index} and returns a future that completes when it has finished, or
         * completes exceptionally when it failed. May throw instead of returning a failed future.
         */
        CompletableFuture<?> start(long index);
    }

    /** The schedule of one run. */
    public record Plan(double ratePerSecond, long warmupRoundTrips, long measuredRoundTrips, int maxInFlight) {

        public Plan {
            if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("Invalid rate " + ratePerSecond + " round trips/s; expected a positive number");
            }
            if (warmupRoundTrips < 0 || measuredRoundTrips < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("Invalid plan: warmupRoundTrips=" + warmupRoundTrips
                        + " (at least 0), measuredRoundTrips=" + measuredRoundTrips + " (at least 1), maxInFlight="
                        + maxInFlight + " (at least 1)");
            }
        }

        long totalRoundTrips() {
            return warmupRoundTrips + measuredRoundTrips;
        }
    }

    /** Counts and latency percentiles at one moment; latencies are in microseconds, 0 when none was recorded. */
    public record Snapshot(long sent, long completed, long failed, long dropped, long late, long inFlight,
            long warmupCompleted, long warmupFailed, Histogram latencyMicros) {
    }

    private final NanoClock clock;
    private final Plan plan;
    private final RoundTrip roundTrip;

    private final Recorder recorder = new Recorder(3);
    private final Histogram latencyMicros = new Histogram(3);
    private Histogram intervalHistogram;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder warmupCompleted = new LongAdder();
    private final LongAdder warmupFailed = new LongAdder();
    private final AtomicLong firstCompletionNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastCompletionNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long startNanos;
    private volatile Throwable firstFailure;

    public OpenLoopScheduler(NanoClock clock, Plan plan, RoundTrip roundTrip) {
        this.clock = clock;
        this.plan = plan;
        this.roundTrip = roundTrip;
    }

    /**
     * Starts every round trip of the plan at its due time and returns after the last one has been started or
     * dropped. Round trips may still be under way then.
     */
    public void run() throws InterruptedException {
        startNanos = clock.nanoTime();
        for (long index = 0; index < plan.totalRoundTrips(); index++) {
            long dueNanos = dueNanos(index);
            clock.sleepUntil(dueNanos);
            boolean measured = index >= plan.warmupRoundTrips();
            if (inFlight.get() >= plan.maxInFlight()) {
                if (measured) {
                    dropped.increment();
                }
                continue;
            }
            if (measured) {
                sent.increment();
                if (clock.nanoTime() - dueNanos > LATE_THRESHOLD_NANOS) {
                    late.increment();
                }
            }
            inFlight.incrementAndGet();
            start(index, dueNanos, measured);
        }
    }

    /**
     * Waits until no round trip is under way or the clock reaches {@code deadlineNanos}, and returns the number
     * still under way.
     */
    public int awaitInFlight(long deadlineNanos) throws InterruptedException {
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(1);
        while (inFlight.get() > 0 && clock.nanoTime() < deadlineNanos) {
            clock.sleepUntil(Math.min(deadlineNanos, clock.nanoTime() + pollNanos));
        }
        return inFlight.get();
    }

    /** Returns the due time of round trip {@code index} on this run's clock; valid once {@link #run()} has started. */
    public long dueNanos(long index) {
        return startNanos + Math.round(index * (1e9 / plan.ratePerSecond()));
    }

    /** Returns the due time of the first measured round trip, from which the achieved rate is computed. */
    public long measuredStartNanos() {
        return dueNanos(plan.warmupRoundTrips());
    }

    /** Returns when the last measured round trip finished, or {@link Long#MIN_VALUE} if none has. */
    public long lastCompletionNanos() {
        return lastCompletionNanos.get();
    }

    /** Returns when the first measured round trip finished, or {@link Long#MAX_VALUE} if none has. */
    public long firstCompletionNanos() {
        return firstCompletionNanos.get();
    }

    /** Returns the first failure of a measured or warm-up round trip, or null if none failed. */
    public Throwable firstFailure() {
        return firstFailure;
    }

    /** Returns the counts so far and a copy of every latency recorded so far. */
    public synchronized Snapshot snapshot() {
        intervalHistogram = recorder.getIntervalHistogram(intervalHistogram);
        latencyMicros.add(intervalHistogram);
        return new Snapshot(sent.sum(), completed.sum(), failed.sum(), dropped.sum(), late.sum(), inFlight.get(),
                warmupCompleted.sum(), warmupFailed.sum(), latencyMicros.copy());
    }

    public Plan plan() {
        return plan;
    }

    private void start(long index, long dueNanos, boolean measured) {
        CompletableFuture<?> outcome;
        try {
            outcome = roundTrip.start(index);
        } catch (RuntimeException failure) {
            outcome = CompletableFuture.failedFuture(failure);
        }
        outcome.whenComplete((ignored, failure) -> finish(dueNanos, measured, failure));
    }

    private void finish(long dueNanos, boolean measured, Throwable failure) {
        long nowNanos = clock.nanoTime();
        if (failure != null && firstFailure == null) {
            firstFailure = failure;
        }
        if (!measured) {
            (failure == null ? warmupCompleted : warmupFailed).increment();
        } else if (failure != null) {
            failed.increment();
        } else {
            recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - dueNanos)));
            completed.increment();
            firstCompletionNanos.accumulateAndGet(nowNanos, Math::min);
            lastCompletionNanos.accumulateAndGet(nowNanos, Math::max);
        }
        // Decrementing last means that once awaitInFlight reads zero, every count above is already updated.
        inFlight.decrementAndGet();
    }
}

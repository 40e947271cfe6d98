package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The schedule driven by a hand-moved clock: due times, drops, late starts and what the histogram records. */
class OpenLoopSchedulerTest {

    /** A clock that moves only when the scheduler waits or a test moves it. */
    private static final class FakeClock implements NanoClock {
        long nowNanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nowNanos;
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            nowNanos = Math.max(nowNanos, deadlineNanos);
        }

        void advanceMillis(long millis) {
            nowNanos += TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final List<Long> startNanos = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    private OpenLoopScheduler.RoundTrip recordingRoundTrip() {
        return index -> {
            startNanos.add(clock.nanoTime());
            CompletableFuture<Void> outcome = new CompletableFuture<>();
            pending.add(outcome);
            return outcome;
        };
    }

    // HdrHistogram with 3 significant digits stores a value to within 0.1%, so latencies are compared within that.

    @Test
    void roundTripsStartAtFixedIntervals() throws Exception {
        long originNanos = clock.nanoTime();
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock,
                new OpenLoopScheduler.Plan(250, 0, 5, 100), recordingRoundTrip());

        scheduler.run();

        assertThat(startNanos).containsExactly(originNanos, originNanos + 4_000_000, originNanos + 8_000_000,
                originNanos + 12_000_000, originNanos + 16_000_000);
        assertThat(scheduler.snapshot().sent()).isEqualTo(5);
        assertThat(scheduler.snapshot().late()).isZero();
    }

    @Test
    void lateStartStillCountsFromDueTime() throws Exception {
        // Starting round trip 0 takes 3 ms, so round trip 1, due at 1 ms, starts 2 ms late at 3 ms.
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock, new OpenLoopScheduler.Plan(1000, 0, 2, 100), index -> {
            CompletableFuture<Void> outcome = new CompletableFuture<>();
            pending.add(outcome);
            if (index == 0) {
                clock.advanceMillis(3);
            }
            return outcome;
        });
        scheduler.run();

        clock.nowNanos = scheduler.dueNanos(1) + TimeUnit.MILLISECONDS.toNanos(10);
        pending.forEach(outcome -> outcome.complete(null));
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        // Round trip 1 is 10 ms from its due time (not 8 ms from its real start); round trip 0 is 11 ms.
        assertThat(snapshot.late()).isEqualTo(1);
        assertThat(snapshot.latencyMicros().getMinValue()).isCloseTo(10_000L, withinPercentage(0.1));
        assertThat(snapshot.latencyMicros().getMaxValue()).isCloseTo(11_000L, withinPercentage(0.1));
    }

    @Test
    void latencyOfLateCompletionIncludesWaitBeforeStart() throws Exception {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock,
                new OpenLoopScheduler.Plan(100, 0, 3, 100), recordingRoundTrip());
        scheduler.run();

        clock.nowNanos = scheduler.dueNanos(0) + TimeUnit.MILLISECONDS.toNanos(50);
        pending.forEach(outcome -> outcome.complete(null));
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        // Due at 0, 10 and 20 ms, all finished at 50 ms: 50, 40 and 30 ms from their due times.
        assertThat(snapshot.completed()).isEqualTo(3);
        assertThat(snapshot.latencyMicros().getMinValue()).isCloseTo(30_000L, withinPercentage(0.1));
        assertThat(snapshot.latencyMicros().getMaxValue()).isCloseTo(50_000L, withinPercentage(0.1));
        assertThat(snapshot.latencyMicros().getTotalCount()).isEqualTo(3);
    }

    @Test
    void roundTripsDueAtFullCapacityAreDropped() throws Exception {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock,
                new OpenLoopScheduler.Plan(1000, 0, 10, 3), recordingRoundTrip());

        scheduler.run();
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        assertThat(startNanos).hasSize(3);
        assertThat(snapshot.sent()).isEqualTo(3);
        assertThat(snapshot.dropped()).isEqualTo(7);
        assertThat(snapshot.inFlight()).isEqualTo(3);
    }

    @Test
    void capacityFreedByCompletionIsReused() throws Exception {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock, new OpenLoopScheduler.Plan(1000, 0, 6, 1), index -> {
            // Round trips with even indexes finish at once; the others stay under way.
            return index % 2 == 0 ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        });

        scheduler.run();
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        // 0 finishes, 1 stays under way, so 2 to 5 are dropped.
        assertThat(snapshot.sent()).isEqualTo(2);
        assertThat(snapshot.completed()).isEqualTo(1);
        assertThat(snapshot.dropped()).isEqualTo(4);
    }

    @Test
    void warmupRoundTripsAreNotMeasured() throws Exception {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock, new OpenLoopScheduler.Plan(1000, 4, 6, 100),
                index -> CompletableFuture.completedFuture(null));

        scheduler.run();
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        assertThat(snapshot.warmupCompleted()).isEqualTo(4);
        assertThat(snapshot.sent()).isEqualTo(6);
        assertThat(snapshot.completed()).isEqualTo(6);
        assertThat(snapshot.latencyMicros().getTotalCount()).isEqualTo(6);
        assertThat(scheduler.measuredStartNanos()).isEqualTo(scheduler.dueNanos(4));
    }

    @Test
    void failuresAreCountedNotRecorded() throws Exception {
        IllegalStateException failure = new IllegalStateException("decryption failed");
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock, new OpenLoopScheduler.Plan(1000, 0, 4, 100), index -> {
            if (index == 1) {
                throw failure;
            }
            return index == 2 ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(null);
        });

        scheduler.run();
        OpenLoopScheduler.Snapshot snapshot = scheduler.snapshot();

        assertThat(snapshot.failed()).isEqualTo(2);
        assertThat(snapshot.completed()).isEqualTo(2);
        assertThat(snapshot.latencyMicros().getTotalCount()).isEqualTo(2);
        assertThat(scheduler.firstFailure()).isSameAs(failure);
        assertThat(snapshot.inFlight()).isZero();
    }

    @Test
    void awaitInFlightStopsAtDeadline() throws Exception {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(clock,
                new OpenLoopScheduler.Plan(1000, 0, 2, 100), recordingRoundTrip());
        scheduler.run();
        pending.get(0).complete(null);

        int unfinished = scheduler.awaitInFlight(clock.nanoTime() + TimeUnit.SECONDS.toNanos(1));

        assertThat(unfinished).isEqualTo(1);
    }

    @Test
    void planRejectsNonPositiveRate() {
        assertThatThrownBy(() -> new OpenLoopScheduler.Plan(0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid rate 0.0");
    }
}

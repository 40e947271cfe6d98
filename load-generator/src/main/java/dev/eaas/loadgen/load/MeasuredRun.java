package dev.eaas.loadgen.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one open-loop schedule against a round trip that is ready to start, prints progress, waits for the round
 * trips under way and turns the final counts into a {@link LoadResult}. It starts and stops nothing else, so
 * several runs can share one broker and one service.
 */
final class MeasuredRun {

    /** The columns of the result row that describe what ran. */
    record Labels(String mode, String scenario, String cipherSuite, int deceptionFactorBits, String payloadBytes) {
    }

    private MeasuredRun() {
    }

    /**
     * Runs {@code plan} and returns its outcome. Round trips still under way {@code roundTripTimeoutMs} plus 1 s
     * after the last one was due count as errors.
     */
    static LoadRunner.Outcome measure(OpenLoopScheduler.RoundTrip roundTrip, OpenLoopScheduler.Plan plan,
            long roundTripTimeoutMs, Labels labels, long progressIntervalMs, PrintStream progress)
            throws InterruptedException {
        return measure(roundTrip, plan, roundTripTimeoutMs, labels, progressIntervalMs, progress, outcomeSoFar -> { });
    }

    /**
     * Runs {@code plan} like {@link #measure(OpenLoopScheduler.RoundTrip, OpenLoopScheduler.Plan, long, Labels,
     * long, PrintStream)}, and first passes {@code onStart} a supplier of the outcome so far. That supplier may be
     * called from any thread, also after this method has returned. Its round trips still under way are not
     * counted as errors but are in the snapshot's {@code inFlight}.
     */
    static LoadRunner.Outcome measure(OpenLoopScheduler.RoundTrip roundTrip, OpenLoopScheduler.Plan plan,
            long roundTripTimeoutMs, Labels labels, long progressIntervalMs, PrintStream progress,
            Consumer<Supplier<LoadRunner.Outcome>> onStart) throws InterruptedException {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(NanoClock.SYSTEM, plan, roundTrip);
        onStart.accept(() -> outcome(scheduler, labels, 0));
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(
                LoadRunner.daemonThreads("eaas-load-progress"));
        long startNanos = System.nanoTime();
        AtomicLong lastCompleted = new AtomicLong();
        AtomicLong lastReportNanos = new AtomicLong(startNanos);
        reporter.scheduleAtFixedRate(() -> reportProgress(scheduler, startNanos, lastCompleted, lastReportNanos, progress),
                progressIntervalMs, progressIntervalMs, TimeUnit.MILLISECONDS);
        int unfinished;
        try {
            scheduler.run();
            long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(roundTripTimeoutMs + 1_000);
            unfinished = scheduler.awaitInFlight(deadlineNanos);
        } finally {
            reporter.shutdownNow();
        }
        return outcome(scheduler, labels, unfinished);
    }

    /** Returns the outcome of the round trips finished so far, counting {@code unfinished} more as errors. */
    private static LoadRunner.Outcome outcome(OpenLoopScheduler scheduler, Labels labels, int unfinished) {
        OpenLoopScheduler.Plan plan = scheduler.plan();
        OpenLoopScheduler.Snapshot last = scheduler.snapshot();
        long lastCompletionNanos = scheduler.lastCompletionNanos();
        double measuredSeconds = lastCompletionNanos == Long.MIN_VALUE ? 0
                : (lastCompletionNanos - scheduler.measuredStartNanos()) / 1e9;
        LoadResult result = LoadResult.of(labels.mode(), labels.scenario(), labels.cipherSuite(),
                labels.deceptionFactorBits(), labels.payloadBytes(), plan.ratePerSecond(), measuredSeconds,
                last.completed(), last.failed() + unfinished, last.dropped(), last.latencyMicros());
        long windowNanos = lastCompletionNanos - scheduler.firstCompletionNanos();
        double completionRate = last.completed() < 2 || windowNanos <= 0 ? 0 : (last.completed() - 1) / (windowNanos / 1e9);
        return new LoadRunner.Outcome(result, last, unfinished, scheduler.firstFailure(), completionRate);
    }

    private static void reportProgress(OpenLoopScheduler scheduler, long startNanos, AtomicLong lastCompleted,
            AtomicLong lastReportNanos, PrintStream progress) {
        OpenLoopScheduler.Snapshot now = scheduler.snapshot();
        long nowNanos = System.nanoTime();
        double intervalSeconds = Math.max(1e-9, (nowNanos - lastReportNanos.getAndSet(nowNanos)) / 1e9);
        long completedInInterval = now.completed() + now.warmupCompleted() - lastCompleted.getAndSet(now.completed() + now.warmupCompleted());
        Histogram latency = now.latencyMicros();
        boolean any = latency.getTotalCount() > 0;
        progress.printf(Locale.ROOT, "[load] %.0f s: sent %d, completed %d, errors %d, dropped %d, in flight %d,"
                        + " %.0f round trips/s, p50 %s, p99 %s%n",
                (nowNanos - startNanos) / 1e9, now.sent(), now.completed(), now.failed() + now.warmupFailed(),
                now.dropped(), now.inFlight(), completedInInterval / intervalSeconds,
                any ? String.format(Locale.ROOT, "%.2f ms", latency.getValueAtPercentile(50) / 1000.0) : "-",
                any ? String.format(Locale.ROOT, "%.2f ms", latency.getValueAtPercentile(99) / 1000.0) : "-");
    }
}

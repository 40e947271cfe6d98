package dev.eaas.loadgen.replay;

import dev.eaas.client.EaasClient;
import dev.eaas.client.Requester;
import dev.eaas.loadgen.trace.CallTrace;
import dev.eaas.loadgen.trace.ServiceCall;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Replays a call trace through the service: for every call the caller encrypts a payload for the callee,
 * then the callee decrypts the ciphertext, and the result must equal the payload.
 *
 * <p>Every service of the trace becomes one requester of the client's subscriber, numbered from 1 in the
 * trace's order of services. Calls start in trace order, at most {@code maxInFlight} at a time, either as
 * fast as that allows or paced at the trace's recorded times divided by {@code speed}.
 *
 * <p>Each decryption is sent from a thread of the runner, not from the client's reply thread that completes
 * the encryption, because sending may block and the client's callbacks must not.
 */
public final class ReplayRunner {

    /** Settings of one replay. */
    public record Options(int payloadBytes, int maxInFlight, double speed, long progressIntervalMs) {

        public Options {
            if (payloadBytes < 0 || maxInFlight < 1 || speed < 0 || progressIntervalMs < 1) {
                throw new IllegalArgumentException("Invalid replay options: payloadBytes=" + payloadBytes
                        + " (at least 0), maxInFlight=" + maxInFlight + " (at least 1), speed=" + speed
                        + " (at least 0), progressIntervalMs=" + progressIntervalMs + " (at least 1)");
            }
        }
    }

    private static final int MAX_DISTINCT_FAILURES = 20;
    private static final int DECRYPT_SENDER_THREADS = 2;

    private final EaasClient client;
    private final CallTrace trace;
    private final Options options;
    private final PrintStream progress;
    private final Map<String, Requester> requesters = new HashMap<>();

    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    private final LongAdder verified = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong started = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    public ReplayRunner(EaasClient client, CallTrace trace, Options options, PrintStream progress) {
        this.client = client;
        this.trace = trace;
        this.options = options;
        this.progress = progress;
        int maxRequester = client.config().frameLayout().maxRequester();
        List<String> services = trace.services();
        if (services.size() > maxRequester) {
            throw new IllegalArgumentException("The trace has " + services.size() + " services but requester ids"
                    + " have " + client.config().frameLayout().requesterBits() + " bits (at most " + maxRequester
                    + "); raise the requester width");
        }
        for (int i = 0; i < services.size(); i++) {
            requesters.put(services.get(i), client.requester(i + 1));
        }
    }

    /** Replays every call and returns the summary once the last call has finished or failed. */
    public ReplaySummary run() throws InterruptedException {
        List<ServiceCall> calls = trace.calls();
        Semaphore inFlight = new Semaphore(options.maxInFlight());
        ScheduledExecutorService reporter =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("eaas-replay-progress"));
        ExecutorService decryptSenders = Executors.newFixedThreadPool(DECRYPT_SENDER_THREADS,
                daemonThreads("eaas-replay-decrypt"));
        long startNanos = System.nanoTime();
        reporter.scheduleAtFixedRate(() -> reportProgress(calls.size(), startNanos),
                options.progressIntervalMs(), options.progressIntervalMs(), TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < calls.size(); i++) {
                ServiceCall call = calls.get(i);
                waitForScheduledTime(call, startNanos);
                inFlight.acquire();
                started.incrementAndGet();
                roundTrip(i, call, decryptSenders).whenComplete((ignored, failure) -> inFlight.release());
            }
            inFlight.acquire(options.maxInFlight());
        } finally {
            reporter.shutdownNow();
            decryptSenders.shutdownNow();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        reportProgress(calls.size(), startNanos);
        return summary(calls.size(), seconds);
    }

    private CompletableFuture<Void> roundTrip(long index, ServiceCall call, ExecutorService decryptSenders) {
        byte[] payload = Payloads.forCall(index, call, options.payloadBytes());
        Requester caller = requesters.get(call.caller());
        Requester callee = requesters.get(call.callee());
        long sentNanos = System.nanoTime();
        CompletableFuture<byte[]> decrypted;
        try {
            decrypted = caller.encrypt(callee.id(), payload)
                    .thenComposeAsync(ciphertext -> callee.decrypt(caller.id(), ciphertext), decryptSenders);
        } catch (RuntimeException failure) {
            decrypted = CompletableFuture.failedFuture(failure);
        }
        return decrypted.handle((plaintext, failure) -> {
            if (failure != null) {
                fail(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            } else if (!Arrays.equals(plaintext, payload)) {
                fail(new IllegalStateException("decrypted payload differs from the payload sent"));
            } else {
                latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentNanos) / 1_000));
                verified.increment();
            }
            return null;
        });
    }

    private void fail(Throwable failure) {
        failed.increment();
        // Messages name sequence numbers and ids; without digits, failures of one kind count together.
        String kind = failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage()).replaceAll("\\d+", "N");
        if (failures.size() < MAX_DISTINCT_FAILURES || failures.containsKey(kind)) {
            failures.computeIfAbsent(kind, unused -> new LongAdder()).increment();
        } else {
            failures.computeIfAbsent("(other failures)", unused -> new LongAdder()).increment();
        }
    }

    private void waitForScheduledTime(ServiceCall call, long startNanos) {
        if (options.speed() <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (call.offsetNanos() / options.speed());
        long waitNanos;
        while ((waitNanos = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    private void reportProgress(int total, long startNanos) {
        long done = verified.sum() + failed.sum();
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        progress.printf("[replay] %d/%d calls done (%d verified, %d failed), %d in flight, %.0f calls/s%n",
                done, total, verified.sum(), failed.sum(), started.get() - done, done / seconds);
    }

    private ReplaySummary summary(int calls, double seconds) {
        Map<String, Long> failureCounts = new LinkedHashMap<>();
        failures.forEach((message, count) -> failureCounts.put(message, count.sum()));
        boolean anyLatency = latencyMicros.getTotalCount() > 0;
        return new ReplaySummary(trace.source(), trace.services().size(), client.registration().deceptionFactorBits(),
                options.payloadBytes(), calls, verified.sum(), failed.sum(), round(seconds),
                round(verified.sum() / Math.max(seconds, 1e-9)),
                anyLatency ? round(latencyMicros.getValueAtPercentile(50) / 1000.0) : 0,
                anyLatency ? round(latencyMicros.getValueAtPercentile(99) / 1000.0) : 0,
                anyLatency ? round(latencyMicros.getMaxValue() / 1000.0) : 0,
                failureCounts);
    }

    private static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger created = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, namePrefix + "-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

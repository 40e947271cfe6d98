package dev.eaas.loadgen.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Measures the heap that requests under way occupy, in this JVM, with the service stopped from processing so
 * that they stay under way.
 *
 * <p>Method: pause the service, collect garbage and read the heap in use; start {@code count} requests and wait
 * {@code settleMs} for them to leave the client; collect garbage and read again; then resume the service and wait
 * for every request to finish. The difference divided by {@code count} is the heap per request under way. It
 * counts everything in this JVM that keeps a request reachable: the client's pending entry and future, the payload, the
 * producer's buffers and whatever the paused service has fetched. The broker keeps its log in files, not on the
 * heap. Each reading is the lowest of three after {@link System#gc()}, which on G1 and the other standard
 * collectors runs a full collection unless {@code -XX:+DisableExplicitGC} is set.
 */
final class HeapPerInFlight {

    /** The two readings and the count of requests between them. */
    record Measurement(int count, long idleHeapBytes, long loadedHeapBytes) {

        double bytesPerRequest() {
            return (double) (loadedHeapBytes - idleHeapBytes) / count;
        }
    }

    private static final int READINGS = 3;

    private HeapPerInFlight() {
    }

    static Measurement measure(int count, long settleMs, long finishTimeoutMs, Runnable pause, Runnable resume,
            LongFunction<CompletableFuture<?>> startRequest) throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("Invalid request count " + count + "; expected at least 1");
        }
        List<CompletableFuture<?>> underWay = new ArrayList<>(count);
        pause.run();
        try {
            Thread.sleep(settleMs);
            long idle = usedHeapAfterGcBytes();
            for (long index = 0; index < count; index++) {
                underWay.add(startRequest.apply(index));
            }
            Thread.sleep(settleMs);
            long loaded = usedHeapAfterGcBytes();
            return new Measurement(count, idle, loaded);
        } finally {
            resume.run();
            CompletableFuture.allOf(underWay.toArray(CompletableFuture[]::new))
                    .get(finishTimeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Returns the lowest of three readings of the heap in use, each after a full garbage collection. */
    static long usedHeapAfterGcBytes() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < READINGS; i++) {
            System.gc();
            Thread.sleep(100);
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}

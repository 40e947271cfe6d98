package dev.eaas.loadgen.evaluation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The offered load: chains started at a fixed rate through the same services' protection, whatever the
 * earlier ones are doing (open loop), with at most {@code maxInFlight} under way. An arrival that finds
 * {@code maxInFlight} chains under way is counted as skipped. These chains use requesters after the attacked
 * chain's and an account of their own, so the adversaries leave their traffic out.
 */
public final class BackgroundLoad implements AutoCloseable {

    private final ScheduledExecutorService arrivals;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    private final LongAdder started = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder rawHops = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * Starts the load; a rate of 0 or less starts nothing.
     *
     * @param firstRequester requester id of the first service of every background chain
     */
    public BackgroundLoad(ServiceChain chain, PasswordDatabase.Account account, int firstRequester,
                          double chainsPerSecond, int maxInFlight) {
        AtomicInteger threadIds = new AtomicInteger();
        arrivals = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "eaas-evaluation-load-arrivals"));
        workers = Executors.newFixedThreadPool(maxInFlight,
                task -> daemon(task, "eaas-evaluation-load-" + threadIds.incrementAndGet()));
        inFlight = new Semaphore(maxInFlight);
        if (chainsPerSecond <= 0) {
            return;
        }
        long periodMicros = Math.max(1, (long) (1e6 / chainsPerSecond));
        AtomicInteger chainIds = new AtomicInteger();
        arrivals.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                skipped.increment();
                return;
            }
            started.increment();
            workers.execute(() -> {
                try {
                    ServiceChain.Result result = chain.run("load-" + chainIds.incrementAndGet(), firstRequester, account);
                    rawHops.add(result.rawHops());
                    if (!result.completed()) {
                        failed.increment();
                    }
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.release();
                }
            });
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Returns a one-line account of the load so far. */
    public String describe() {
        return "background chains started " + started.sum() + ", skipped at the in-flight limit " + skipped.sum()
                + ", failed " + failed.sum() + ", raw hops " + rawHops.sum();
    }

    @Override
    public void close() {
        arrivals.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

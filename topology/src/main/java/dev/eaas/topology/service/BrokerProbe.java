package dev.eaas.topology.service;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes the cluster at a fixed interval, for the readiness check. Kafka Streams stays RUNNING while
 * the brokers are unreachable, so its state alone would keep a cut-off instance ready.
 */
final class BrokerProbe implements AutoCloseable {

    /** Interval between two describe requests to the cluster. */
    static final long INTERVAL_MS = 5_000;
    /** Age after which the last response no longer counts, so the brokers are unreachable. */
    static final long STALE_AFTER_MS = 3 * INTERVAL_MS;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final Admin admin;
    private final LongSupplier clockMs;
    private final ScheduledExecutorService scheduler;
    private volatile long lastResponseMs = -1;
    private volatile String lastFailure = "none";

    BrokerProbe(Admin admin, LongSupplier clockMs) {
        this.admin = admin;
        this.clockMs = clockMs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "eaas-broker-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the describe requests: one now, then one every {@link #INTERVAL_MS}. */
    BrokerProbe start() {
        scheduler.scheduleWithFixedDelay(this::probe, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sends one describe request and records the response time or the failure. */
    void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) INTERVAL_MS)).nodes()
                    .get(INTERVAL_MS, TimeUnit.MILLISECONDS);
            if (lastResponseMs >= 0 && clockMs.getAsLong() - lastResponseMs > STALE_AFTER_MS) {
                LOG.info("Brokers reachable again");
            }
            lastResponseMs = clockMs.getAsLong();
        } catch (ExecutionException | TimeoutException failure) {
            Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
            lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.debug("Broker probe failed: {}", lastFailure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            lastFailure = failure.toString();
            LOG.warn("Broker probe failed", failure);
        }
    }

    /** Returns null if the cluster responded within {@link #STALE_AFTER_MS}, else the reason it is unreachable. */
    String unreachableReason() {
        long respondedMs = lastResponseMs;
        if (respondedMs >= 0 && clockMs.getAsLong() - respondedMs <= STALE_AFTER_MS) {
            return null;
        }
        String since = respondedMs < 0 ? "no response yet" : "no response for " + (clockMs.getAsLong() - respondedMs) + " ms";
        return "brokers unreachable (" + since + "; last failure " + lastFailure + ")";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}

package dev.eaas.topology.service;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's metrics in the Prometheus text format: every Kafka Streams metric of each role's instance, the
 * service's own counters among them, tagged with {@code role}, and the JVM's memory, thread and CPU metrics.
 *
 * <p>Kafka Streams metrics keep their group and name, with dots and dashes turned into underscores: the
 * coordinator's counter {@code dropped-wrong-token-total} in group {@code stream-eaas-coordinator-metrics} becomes
 * {@code kafka_stream_eaas_coordinator_dropped_wrong_token_total}. A task registers its metrics when it is assigned,
 * after the instance starts, so the instance's metric list is read again every {@link #REFRESH_INTERVAL}.
 */
final class ServiceMetrics implements AutoCloseable {

    /** The content type of the Prometheus text format that {@link #scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** How often the metric list of each instance is read again, to export the metrics of newly assigned tasks. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "eaas-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final List<KafkaStreamsMetrics> binders = new ArrayList<>();

    ServiceMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Exports the metrics of a role's instance, tagged with the role's name. */
    synchronized void bind(Role role, KafkaStreams instance) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(instance, Tags.of("role", role.cliName()), refresher,
                REFRESH_INTERVAL);
        binder.bindTo(registry);
        binders.add(binder);
    }

    /** Returns every metric in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        binders.forEach(KafkaStreamsMetrics::close);
        binders.clear();
        refresher.shutdownNow();
        registry.close();
    }
}

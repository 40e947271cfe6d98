package dev.eaas.topology.service;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CoordinatorHeartbeat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the registrar at a fixed interval that a coordinator is running, while it is. */
final class HeartbeatSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final int coordinator;
    private final KafkaProducer<String, CoordinatorHeartbeat> producer;
    private final ScheduledExecutorService timer;

    HeartbeatSender(Map<String, Object> producerConfigs, int coordinator, long intervalMs, BooleanSupplier alive) {
        this.coordinator = coordinator;
        Map<String, Object> configs = new HashMap<>(producerConfigs);
        configs.keySet().retainAll(ProducerConfig.configNames());
        configs.put(ProducerConfig.CLIENT_ID_CONFIG, "eaas-coordinator-" + coordinator + "-heartbeat");
        this.producer = new KafkaProducer<>(configs, new StringSerializer(), AvroSerde.of(CoordinatorHeartbeat.class));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eaas-coordinator-" + coordinator + "-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            // An exception would cancel the schedule for good, and the registrar would then treat this
            // coordinator as dead, so every failure is logged and the next beat tried.
            try {
                if (alive.getAsBoolean()) {
                    send();
                }
            } catch (RuntimeException failure) {
                LOG.warn("[coordinator {}] Failed to send a heartbeat: {}", coordinator, failure.toString());
            }
        }, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Sends a heartbeat now, on the sender's own thread. */
    void sendNow() {
        try {
            timer.execute(() -> {
                try {
                    send();
                } catch (RuntimeException failure) {
                    LOG.warn("[coordinator {}] Failed to send a heartbeat: {}", coordinator, failure.toString());
                }
            });
        } catch (RejectedExecutionException closed) {
            // The sender is closed, so the coordinator is stopping: no heartbeat is due.
        }
    }

    private void send() {
        CoordinatorHeartbeat heartbeat = new CoordinatorHeartbeat(coordinator, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(TopicCatalogue.COORDINATOR_HEARTBEATS, Integer.toString(coordinator), heartbeat),
                (metadata, failure) -> {
                    if (failure != null) {
                        LOG.warn("[coordinator {}] Failed to send a heartbeat: {}", coordinator, failure.toString());
                    }
                });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}

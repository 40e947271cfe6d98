package dev.eaas.topology.common;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Counts events of a processor as Kafka Streams metrics named {@code <event>-total} and {@code <event>-rate}
 * in group {@code stream-eaas-<component>-metrics}, tagged with the task id. They are read from
 * {@code KafkaStreams.metrics()} and exported wherever the application exports Kafka metrics.
 */
public final class Counters {

    private Counters() {
    }

    /** Returns a sensor that counts one event per {@code record()} call. */
    public static Sensor counter(ProcessorContext<?, ?> context, String component, String event) {
        return context.metrics().addRateTotalSensor("eaas-" + component, context.taskId().toString(), event,
                Sensor.RecordingLevel.INFO);
    }
}

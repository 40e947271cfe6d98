package dev.eaas.topology.common;

import dev.eaas.topics.avro.DeadLetter;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead letters for records that can be neither served nor replied to. */
public final class DeadLetters {

    /** Name of the sink node every topology gives its dead letters to. */
    public static final String SINK = "dead-letter-sink";

    private DeadLetters() {
    }

    /** Returns a dead letter for the record the context is processing, without its payload. */
    public static DeadLetter of(ProcessorContext<?, ?> context, String component, String reason, int payloadSizeBytes) {
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setComponent(component)
                .setSourceTopic(metadata == null ? "" : metadata.topic())
                .setPartition(metadata == null ? -1 : metadata.partition())
                .setOffset(metadata == null ? -1L : metadata.offset())
                .setReason(reason)
                .setPayloadSizeBytes(payloadSizeBytes)
                .setRecordedAtMs(System.currentTimeMillis())
                .build();
    }

    /** Returns where the record the context is processing came from, for log lines. */
    public static String origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(metadata -> metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset())
                .orElse("(unknown)");
    }
}

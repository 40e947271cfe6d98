package dev.eaas.topology.common;

import dev.eaas.topics.AvroSerde;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the Avro values of an internal topic and passes them to one child processor, dead-lettering every value
 * that does not decode.
 *
 * <p>A source with an Avro deserializer would hand such a value to the deserialization exception handler, which
 * can only log and skip it. Decoding here lets the operator find each one on the dead-letter topic with its reason:
 * most often a writer schema this version does not know ({@code MissingSchemaException}, from a newer or an older
 * release), or bytes that are not Avro's single-object encoding at all ({@code BadHeaderException}). A record
 * without a value goes to the child unchanged, and the child decides what a missing value means.
 *
 * @param <K> the record key, passed on unchanged
 * @param <T> the generated Avro class of the values
 */
public final class AvroDecodingProcessor<K, T extends SpecificRecord> implements Processor<K, byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroDecodingProcessor.class);

    private final String component;
    private final Class<T> type;
    private final AvroSerde<T> serde;
    private final String child;
    private final String deadLetterSink;
    private ProcessorContext<Object, Object> context;

    /**
     * @param child the processor that receives decoded records
     * @param deadLetterSink the sink node that writes to the dead-letter topic
     */
    public AvroDecodingProcessor(String component, Class<T> type, String child, String deadLetterSink) {
        this.component = component;
        this.type = type;
        this.serde = AvroSerde.of(type);
        this.child = child;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, byte[]> record) {
        String topic = context.recordMetadata().map(metadata -> metadata.topic()).orElse("");
        T value;
        try {
            value = serde.deserialize(topic, record.value());
        } catch (SerializationException unreadable) {
            String reason = "value is not a readable " + type.getSimpleName() + ": " + rootMessage(unreadable)
                    + (isUnknownSchema(unreadable)
                            ? ". A writer schema this release does not know means a newer or an older release wrote it"
                            : "");
            LOG.warn("[{}] Dead-lettered record {}: {}", component, DeadLetters.origin(context), reason);
            context.forward(new Record<>(null, (Object) DeadLetters.of(context, component, reason,
                    record.value().length), System.currentTimeMillis()), deadLetterSink);
            return;
        }
        context.forward(new Record<>((Object) record.key(), (Object) value, record.timestamp(), record.headers()), child);
    }

    private static boolean isUnknownSchema(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof MissingSchemaException) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + " " + cause.getMessage();
    }
}

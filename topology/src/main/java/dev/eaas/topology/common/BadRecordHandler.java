package dev.eaas.topology.common;

import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record whose content a processor could not handle, and fails on everything else.
 *
 * <p>The processors dead-letter every bad input they know of. An exception caused by a record's content that they
 * did not foresee costs that one record, logged with its topic, partition and offset, rather than the stream
 * thread. An exception from Kafka, a state store or the cluster (a timeout, a fenced producer, a store fault) is
 * not about the record. It fails the task as usual, and the thread restarts from the last commit, because skipping
 * would drop every record while the fault lasts.
 */
public final class BadRecordHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BadRecordHandler.class);

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!causedByRecord(exception)) {
            return ProcessingHandlerResponse.FAIL;
        }
        LOG.warn("[{}] Skipped the record at {}-{}@{} in processor {}: {}", context.taskId(), context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString());
        return ProcessingHandlerResponse.CONTINUE;
    }

    /** Returns whether the exception comes from the record's content rather than from Kafka or the cluster. */
    static boolean causedByRecord(Exception exception) {
        if (exception instanceof KafkaException) {
            return false;
        }
        return exception instanceof IllegalArgumentException
                || exception instanceof AvroRuntimeException
                || exception instanceof IndexOutOfBoundsException
                || exception instanceof NullPointerException
                || exception instanceof ClassCastException;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure.
    }
}

package dev.eaas.client;

import static dev.eaas.client.Messages.sentence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Positions a consumer without a group at the end of a topic, before anything is sent that it must read. */
final class TopicEndPosition {

    /** Pause between two metadata requests for a topic that the brokers do not know yet. */
    private static final long METADATA_RETRY_MS = 50;

    private TopicEndPosition() {
    }

    /**
     * Assigns every partition of {@code topic} to {@code consumer}, seeks to their ends and reads each
     * position, so a record written after this method returns is read by the next polls. A topic created
     * just before may take a moment to appear in the metadata, so a missing topic is asked for again
     * until {@code timeoutMs} has passed.
     *
     * @param missingTopicAdvice what to do when the topic is still missing at the deadline
     * @throws EaasException if the topic is missing or the brokers do not respond within {@code timeoutMs}
     */
    static void seekToEnd(Consumer<?, ?> consumer, String topic, long timeoutMs, String bootstrapServers,
                          String missingTopicAdvice) {
        long deadlineMs = nowMs() + timeoutMs;
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, remaining(deadlineMs));
            while (partitions == null || partitions.isEmpty()) {
                if (nowMs() + METADATA_RETRY_MS >= deadlineMs) {
                    throw new EaasException("Topic " + topic + " was not found within " + timeoutMs + " ms; "
                            + missingTopicAdvice);
                }
                Thread.sleep(METADATA_RETRY_MS);
                partitions = consumer.partitionsFor(topic, remaining(deadlineMs));
            }
            List<TopicPartition> assignment = partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            for (TopicPartition partition : assignment) {
                consumer.position(partition, remaining(deadlineMs));
            }
        } catch (KafkaException failure) {
            throw new EaasException("Failed to read the partitions and end offsets of topic " + topic + " within "
                    + timeoutMs + " ms: " + sentence(failure.getMessage()) + " Check that the brokers are reachable at "
                    + bootstrapServers, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EaasException("Interrupted while waiting for the partitions of topic " + topic, interrupted);
        }
    }

    private static Duration remaining(long deadlineMs) {
        return Duration.ofMillis(Math.max(1, deadlineMs - nowMs()));
    }

    private static long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}

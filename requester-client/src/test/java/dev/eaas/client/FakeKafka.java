package dev.eaas.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka's own fakes of a producer and a consumer, set up as the client uses them, with no broker. */
final class FakeKafka {

    private FakeKafka() {
    }

    /** Returns a producer that records every record and acknowledges it at once. */
    static MockProducer<String, byte[]> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Returns a consumer whose metadata lists {@code topic} with one empty partition, so the client can
     * position it at the end. Records added later with {@link ReplyConsumer#addRecord} are read from offset 0.
     */
    static ReplyConsumer consumer(String topic) {
        ReplyConsumer consumer = new ReplyConsumer();
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 0L));
        return consumer;
    }

    /**
     * A {@link MockConsumer} of one partition that numbers the records added to it. Its polls return at once,
     * so an empty poll pauses for a moment to keep a polling thread from spinning.
     */
    static final class ReplyConsumer extends MockConsumer<byte[], byte[]> {

        private static final long EMPTY_POLL_PAUSE_MS = 5;

        private long nextOffset;

        ReplyConsumer() {
            super("earliest");
        }

        /** Adds a record with a value and headers to partition 0 of {@code topic}, after the records added before. */
        synchronized void addRecord(String topic, byte[] value, Headers headers) {
            addRecord(new ConsumerRecord<>(topic, 0, nextOffset++, 0L, TimestampType.CREATE_TIME, -1, value.length,
                    null, value, headers, Optional.empty()));
        }

        synchronized void addRecord(String topic, byte[] value) {
            addRecord(topic, value, new RecordHeaders());
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                try {
                    Thread.sleep(EMPTY_POLL_PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }
    }
}

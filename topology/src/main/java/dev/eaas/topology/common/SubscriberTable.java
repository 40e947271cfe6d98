package dev.eaas.topology.common;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.SubscriberRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A role's read-only copy of the subscriber table, kept as a global store keyed by subscriber id, so every
 * task of the role can look up every subscriber.
 */
public final class SubscriberTable {

    private SubscriberTable() {
    }

    /** Adds a global store named {@code storeName} that follows the subscriber table topic. */
    public static void addTo(Topology topology, String storeName) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName),
                        Serdes.Integer(), AvroSerde.of(SubscriberRecord.class)).withLoggingDisabled(),
                storeName + "-source", Serdes.String().deserializer(), AvroSerde.of(SubscriberRecord.class),
                TopicCatalogue.SUBSCRIBERS, storeName + "-updater", () -> new Updater(storeName));
    }

    private static final class Updater implements Processor<String, SubscriberRecord, Void, Void> {

        private final String storeName;
        private KeyValueStore<Integer, SubscriberRecord> subscribers;

        Updater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            subscribers = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, SubscriberRecord> record) {
            if (record.value() != null) {
                subscribers.put(record.value().getSubscriber(), record.value());
            } else if (record.key() != null && record.key().matches("\\d{1,9}")) {
                subscribers.delete(Integer.valueOf(record.key()));
            }
        }
    }
}

package dev.eaas.topology.coordinator;

import dev.eaas.topics.avro.SubscriberRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the coordinator's copy of the subscriber table, keyed by subscriber id. */
final class SubscriberTableUpdater implements Processor<String, SubscriberRecord, Void, Void> {

    private KeyValueStore<Integer, SubscriberRecord> subscribers;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        subscribers = context.getStateStore(CoordinatorTopology.SUBSCRIBER_STORE);
    }

    @Override
    public void process(Record<String, SubscriberRecord> record) {
        if (record.value() != null) {
            subscribers.put(record.value().getSubscriber(), record.value());
        } else if (record.key() != null) {
            subscribers.delete(Integer.valueOf(record.key()));
        }
    }
}

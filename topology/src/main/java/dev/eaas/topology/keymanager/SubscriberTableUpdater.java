package dev.eaas.topology.keymanager;

import dev.eaas.topics.avro.SubscriberRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the key manager's copy of the subscriber table, used to check who sent a key request. */
final class SubscriberTableUpdater implements Processor<String, SubscriberRecord, Void, Void> {

    private KeyValueStore<Integer, SubscriberRecord> subscribers;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        subscribers = context.getStateStore(KeyManagerTopology.SUBSCRIBER_STORE);
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

package dev.eaas.topology.registrar;

import dev.eaas.topics.avro.CoordinatorHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Remembers when each coordinator was last heard from. */
final class HeartbeatProcessor implements Processor<String, CoordinatorHeartbeat, Void, Void> {

    private KeyValueStore<Integer, Long> lastHeartbeatMs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        lastHeartbeatMs = context.getStateStore(RegistrarTopology.COORDINATOR_STORE);
    }

    @Override
    public void process(Record<String, CoordinatorHeartbeat> record) {
        CoordinatorHeartbeat heartbeat = record.value();
        if (heartbeat == null) {
            return;
        }
        Long previous = lastHeartbeatMs.get(heartbeat.getCoordinator());
        if (previous == null || previous < heartbeat.getSentAtMs()) {
            lastHeartbeatMs.put(heartbeat.getCoordinator(), heartbeat.getSentAtMs());
        }
    }
}

package dev.eaas.topology.registrar;

import dev.eaas.topics.avro.CoordinatorHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Remembers when each coordinator was last heard from. */
final class HeartbeatProcessor implements Processor<String, CoordinatorHeartbeat, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatProcessor.class);

    private KeyValueStore<Integer, Long> lastHeartbeatMs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        lastHeartbeatMs = context.getStateStore(RegistrarTopology.COORDINATOR_STORE);
    }

    @Override
    public void process(Record<String, CoordinatorHeartbeat> record) {
        CoordinatorHeartbeat heartbeat = record.value();
        if (heartbeat == null || heartbeat.getCoordinator() < 0) {
            LOG.warn("[registrar] Skipped a heartbeat without a valid coordinator id");
            return;
        }
        // Liveness compares the coordinator's clock with the registrar's, so clocks are assumed to agree within a
        // small part of the liveness timeout. A beat from the future is capped at now, or it would keep a
        // coordinator alive long after it stopped.
        long sentAtMs = Math.min(heartbeat.getSentAtMs(), System.currentTimeMillis());
        Long previous = lastHeartbeatMs.get(heartbeat.getCoordinator());
        if (previous == null || previous < sentAtMs) {
            lastHeartbeatMs.put(heartbeat.getCoordinator(), sentAtMs);
        }
    }
}

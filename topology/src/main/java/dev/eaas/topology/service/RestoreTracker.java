package dev.eaas.topology.service;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Counts the store partitions that each role is restoring from their changelogs, for the readiness check. A role
 * that restores its key store cannot serve keys yet, and requests wait in their topics until it can.
 */
final class RestoreTracker {

    private final Map<String, Map<TopicPartition, Long>> restoring = new ConcurrentHashMap<>();

    /** Returns the listener to register on the role's Kafka Streams instance. */
    StateRestoreListener listener(Role role) {
        Map<TopicPartition, Long> partitions = restoring.computeIfAbsent(role.cliName(), name -> new ConcurrentHashMap<>());
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
                partitions.put(partition, endingOffset - startingOffset);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
                // Progress is not tracked; only whether a restoration is under way.
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
                partitions.remove(partition);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
                partitions.remove(partition);
            }
        };
    }

    /** Returns, by role name, how many store partitions are being restored, leaving out roles that restore none. */
    Map<String, Integer> restoringPartitions() {
        Map<String, Integer> counts = new TreeMap<>();
        restoring.forEach((role, partitions) -> {
            if (!partitions.isEmpty()) {
                counts.put(role, partitions.size());
            }
        });
        return counts;
    }
}

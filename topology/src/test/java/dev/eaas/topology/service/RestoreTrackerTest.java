package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;

class RestoreTrackerTest {

    private static final TopicPartition FIRST = new TopicPartition("eaas-key-manager-pair-keys-changelog", 0);
    private static final TopicPartition SECOND = new TopicPartition("eaas-key-manager-pair-keys-changelog", 1);

    private final RestoreTracker tracker = new RestoreTracker();

    @Test
    void countsPartitionsUnderWay() {
        StateRestoreListener listener = tracker.listener(Role.KEY_MANAGER);

        listener.onRestoreStart(FIRST, "pair-keys", 0, 100);
        listener.onRestoreStart(SECOND, "pair-keys", 0, 50);

        assertThat(tracker.restoringPartitions()).isEqualTo(Map.of("key-manager", 2));
    }

    @Test
    void endedAndSuspendedPartitionsLeave() {
        StateRestoreListener listener = tracker.listener(Role.KEY_MANAGER);
        listener.onRestoreStart(FIRST, "pair-keys", 0, 100);
        listener.onRestoreStart(SECOND, "pair-keys", 0, 50);

        listener.onRestoreEnd(FIRST, "pair-keys", 100);
        listener.onRestoreSuspended(SECOND, "pair-keys", 10);

        assertThat(tracker.restoringPartitions()).isEmpty();
    }

    @Test
    void rolesAreCountedApart() {
        tracker.listener(Role.KEY_MANAGER).onRestoreStart(FIRST, "pair-keys", 0, 100);
        tracker.listener(Role.REGISTRAR).onRestoreStart(new TopicPartition("eaas-registrar-changelog", 0), "subscribers", 0, 1);

        assertThat(tracker.restoringPartitions()).isEqualTo(Map.of("key-manager", 1, "registrar", 1));
    }
}

package dev.eaas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RequestPartitionsTest {

    @Test
    void partitionMatchesKafkaDefaultPartitionerForRequesterKey() {
        for (int partitionCount = 1; partitionCount <= 12; partitionCount++) {
            for (int requester = 0; requester < 2_000; requester++) {
                byte[] key = Integer.toString(requester).getBytes(StandardCharsets.UTF_8);

                int expected = BuiltInPartitioner.partitionForKey(key, partitionCount);

                assertThat(RequestPartitions.partitionOf(requester, partitionCount))
                        .as("requester %d of %d partitions", requester, partitionCount)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void largestRequesterIdHasValidPartition() {
        assertThat(RequestPartitions.partitionOf(Integer.MAX_VALUE, 7)).isBetween(0, 6);
    }

    @Test
    void zeroPartitionsIsRejected() {
        assertThatThrownBy(() -> RequestPartitions.partitionOf(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition count 0");
    }
}

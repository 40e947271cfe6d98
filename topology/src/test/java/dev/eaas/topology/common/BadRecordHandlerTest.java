package dev.eaas.topology.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.frame.FieldOverflowException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class BadRecordHandlerTest {

    @Test
    void recordContentFaultsAreSkipped() {
        assertThat(BadRecordHandler.causedByRecord(new FieldOverflowException("requester", 70_000, 16))).isTrue();
        assertThat(BadRecordHandler.causedByRecord(new IllegalArgumentException("bad value"))).isTrue();
        assertThat(BadRecordHandler.causedByRecord(new NullPointerException())).isTrue();
    }

    @Test
    void clusterFaultsFailTheTask() {
        assertThat(BadRecordHandler.causedByRecord(new TimeoutException("metadata"))).isFalse();
        assertThat(BadRecordHandler.causedByRecord(new StreamsException("admin timed out"))).isFalse();
        assertThat(BadRecordHandler.causedByRecord(new IllegalStateException("store closed"))).isFalse();
    }
}

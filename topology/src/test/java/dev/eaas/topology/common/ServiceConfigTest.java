package dev.eaas.topology.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    @Test
    void heartbeatAboveHalfLivenessIsRejected() {
        Map<String, Object> values = Map.of(ServiceConfig.COORDINATOR_HEARTBEAT_INTERVAL_MS, 6_000L,
                ServiceConfig.COORDINATOR_LIVENESS_TIMEOUT_MS, 10_000L);

        assertThatThrownBy(() -> new ServiceConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("coordinator.heartbeat.interval.ms")
                .hasMessageContaining("at most half of coordinator.liveness.timeout.ms");
    }

    @Test
    void hugeHeartbeatIntervalIsRejected() {
        Map<String, Object> values = Map.of(ServiceConfig.COORDINATOR_HEARTBEAT_INTERVAL_MS, Long.MAX_VALUE / 2 + 1);

        assertThatThrownBy(() -> new ServiceConfig(values)).isInstanceOf(ConfigException.class);
    }

    @Test
    void unknownSettingsPassThrough() {
        ServiceConfig config = new ServiceConfig(Map.of("commit.interval.ms", "5", ServiceConfig.COORDINATOR_ID, 3));

        assertThat(config.passThrough()).containsOnlyKeys("commit.interval.ms");
        assertThat(config.coordinatorId()).isEqualTo(3);
    }
}

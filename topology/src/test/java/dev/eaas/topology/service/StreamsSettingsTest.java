package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topology.common.BadRecordHandler;
import dev.eaas.topology.common.ServiceConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void keyManagerRunsExactlyOnce() {
        Properties properties = StreamsSettings.forRole(new ServiceConfig(Map.of()), Role.KEY_MANAGER);

        assertThat(properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(properties.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("eaas-key-manager");
    }

    @Test
    void cryptorReadsCommittedKeysOnly() {
        Properties properties = StreamsSettings.forRole(new ServiceConfig(Map.of()), Role.CRYPTOR);

        assertThat(properties.get("main.consumer.isolation.level")).isEqualTo("read_committed");
        assertThat(properties.get("global.consumer.isolation.level")).isEqualTo("read_committed");
    }

    @Test
    void badRecordHandlerIsInstalled() {
        Properties properties = StreamsSettings.forRole(new ServiceConfig(Map.of()), Role.COORDINATOR);

        assertThat(properties.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(BadRecordHandler.class);
        assertThat(properties.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("eaas-coordinator-1");
    }

    @Test
    void coordinatorRunsExactlyOnceWithItsCommitInterval() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.COORDINATOR_COMMIT_INTERVAL_MS, "25"));

        Properties properties = StreamsSettings.forRole(config, Role.COORDINATOR);

        assertThat(properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(25L);
    }

    @Test
    void userSessionTimeoutWins() {
        Properties defaults = StreamsSettings.forRole(new ServiceConfig(Map.of()), Role.CRYPTOR);
        Properties chosen = StreamsSettings.forRole(new ServiceConfig(Map.of("session.timeout.ms", "30000")), Role.CRYPTOR);

        assertThat(defaults.get("consumer.session.timeout.ms")).isEqualTo(10_000);
        assertThat(chosen.get("consumer.session.timeout.ms")).isNull();
        assertThat(chosen.get("session.timeout.ms")).isEqualTo("30000");
    }

    @Test
    void roleIdentityReachesOnlyItsStreams() {
        ServiceConfig config = new ServiceConfig(Map.of("security.protocol", "SASL_PLAINTEXT",
                "role.registrar.sasl.jaas.config", "registrar", "role.cryptor.sasl.jaas.config", "cryptor"));

        Properties registrar = StreamsSettings.forRole(config, Role.REGISTRAR);
        Properties cryptor = StreamsSettings.forRole(config, Role.CRYPTOR);
        Properties coordinator = StreamsSettings.forRole(config, Role.COORDINATOR);

        assertThat(registrar.get("sasl.jaas.config")).isEqualTo("registrar");
        assertThat(cryptor.get("sasl.jaas.config")).isEqualTo("cryptor");
        assertThat(coordinator.get("sasl.jaas.config")).isNull();
        assertThat(coordinator.get("security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(registrar.keySet()).noneMatch(key -> key.toString().startsWith(ServiceConfig.ROLE_PREFIX));
    }

    @Test
    void roleNamesMatchCommandLineNames() {
        assertThat(ServiceConfig.ROLE_NAMES).containsExactly(
                java.util.Arrays.stream(Role.values()).map(Role::cliName).toArray(String[]::new));
    }
}

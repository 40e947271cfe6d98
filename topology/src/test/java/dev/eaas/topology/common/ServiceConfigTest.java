package dev.eaas.topology.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.decoy.DecoyGenerator;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    @Test
    void oversizedReplayWindowIsRejected() {
        Map<String, String> values = Map.of(ServiceConfig.FRAME_SEQUENCE_BITS, "8",
                ServiceConfig.COORDINATOR_REPLAY_WINDOW_SEQUENCES, "129");

        assertThatThrownBy(() -> new ServiceConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be at most 128")
                .hasMessageContaining(ServiceConfig.FRAME_SEQUENCE_BITS);
    }

    @Test
    void replayWindowOfHalfSequenceSpaceIsAccepted() {
        Map<String, String> values = Map.of(ServiceConfig.FRAME_SEQUENCE_BITS, "8",
                ServiceConfig.COORDINATOR_REPLAY_WINDOW_SEQUENCES, "128");

        assertThat(new ServiceConfig(values).replayWindowSequences()).isEqualTo(128);
    }

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
    void decoysDefaultToShapeMatched() {
        assertThat(new ServiceConfig(Map.of()).decoyGenerator()).isSameAs(DecoyGenerator.shapeMatched());
    }

    @Test
    void decoysSettingSelectsUniformRandom() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.DECEPTION_DECOYS, "uniform-random"));

        assertThat(config.decoyGenerator()).isSameAs(DecoyGenerator.uniformRandom());
    }

    @Test
    void unknownDecoysSettingIsRejected() {
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.DECEPTION_DECOYS, "words")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value words for configuration deception.decoys: expected one of"
                        + " [shape-matched, uniform-random]");
    }

    @Test
    void unknownSettingsPassThrough() {
        ServiceConfig config = new ServiceConfig(Map.of("commit.interval.ms", "5", ServiceConfig.COORDINATOR_ID, 3));

        assertThat(config.passThrough()).containsOnlyKeys("commit.interval.ms");
        assertThat(config.coordinatorId()).isEqualTo(3);
    }

    @Test
    void healthPortOutsideRangeIsRejected() {
        Map<String, Object> values = Map.of(ServiceConfig.HEALTH_PORT, 65_536);

        assertThatThrownBy(() -> new ServiceConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("health.port");
    }

    @Test
    void healthSettingsDoNotPassThrough() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.HEALTH_PORT, 0,
                ServiceConfig.HEALTH_BIND_ADDRESS, "127.0.0.1"));

        assertThat(config.passThrough()).isEmpty();
    }

    @Test
    void legacyDefaultSuiteNeedsPermission() {
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.CIPHER_SUITE_DEFAULT, "des-cbc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cipher.suite.default")
                .hasMessageContaining("56-bit")
                .hasMessageContaining("cipher.suites.legacy.allowed=true");
    }

    @Test
    void legacyDefaultSuiteStartsWhenAllowed() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.CIPHER_SUITE_DEFAULT, "blowfish-cbc",
                ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, "true"));

        assertThat(config.defaultSuite()).isEqualTo(SuiteId.BLOWFISH_CBC);
        assertThat(config.suiteRejection("des-cbc")).isNull();
    }

    @Test
    void unknownDefaultSuiteIsRejected() {
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.CIPHER_SUITE_DEFAULT, "rot13")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rot13")
                .hasMessageContaining("aes-256-gcm, chacha20-poly1305");
    }

    @Test
    void suiteRefusalNamesTheReason() {
        ServiceConfig config = new ServiceConfig(Map.of());

        assertThat(config.suiteRejection(null)).isNull();
        assertThat(config.suiteRejection("AES-256-GCM-SIV")).isNull();
        assertThat(config.suiteRejection("blowfish-cbc")).contains("legacy", "Sweet32");
        assertThat(config.suiteRejection("rot13")).contains("Unknown cipher suite 'rot13'");
    }

    @Test
    void usageLimitsStayBelowTheBounds() {
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.KEYS_MAX_ENCRYPTIONS, (1L << 31) + 1)))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.KEYS_LEGACY_MAX_BLOCKS, (1L << 28) + 1)))
                .isInstanceOf(ConfigException.class);
        ServiceConfig defaults = new ServiceConfig(Map.of());
        assertThat(defaults.usageLimit(SuiteId.AES_256_GCM)).isEqualTo(1L << 24);
        assertThat(defaults.usageLimit(SuiteId.DES_CBC)).isEqualTo(1L << 23);
    }

    @Test
    void roleSettingOverridesSharedSetting() {
        ServiceConfig config = new ServiceConfig(Map.of(
                "sasl.jaas.config", "shared",
                "security.protocol", "SASL_PLAINTEXT",
                "role.key-manager.sasl.jaas.config", "key manager",
                "role.key-manager.ssl.keystore.location", "/etc/eaas/key-manager.p12"));

        Map<String, Object> keyManager = config.clientSettings("key-manager");
        Map<String, Object> cryptor = config.clientSettings("cryptor");

        assertThat(keyManager).containsEntry("sasl.jaas.config", "key manager");
        assertThat(keyManager).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(keyManager).containsEntry("ssl.keystore.location", "/etc/eaas/key-manager.p12");
        assertThat(cryptor).containsEntry("sasl.jaas.config", "shared");
        assertThat(cryptor).doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void roleSettingsStayOutOfSharedSettings() {
        ServiceConfig config = new ServiceConfig(Map.of("role.coordinator.sasl.jaas.config", "coordinator",
                "linger.ms", "2"));

        assertThat(config.passThrough()).containsOnlyKeys("linger.ms");
        assertThat(config.clientSettings("registrar")).doesNotContainKey("sasl.jaas.config");
        assertThat(config.clientSettings("registrar")).doesNotContainKey("role.coordinator.sasl.jaas.config");
    }

    @Test
    void withoutRoleSettingsEveryRoleGetsSharedSettings() {
        ServiceConfig config = new ServiceConfig(Map.of("linger.ms", "2", ServiceConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9093"));

        for (String role : ServiceConfig.ROLE_NAMES) {
            assertThat(config.clientSettings(role)).as(role)
                    .isEqualTo(Map.of("linger.ms", "2", ServiceConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9093"));
        }
    }

    @Test
    void roleBootstrapServersOverrideShared() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                "role.cryptor.bootstrap.servers", "127.0.0.1:9094"));

        assertThat(config.clientSettings("cryptor")).containsEntry(ServiceConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9094");
        assertThat(config.clientSettings("registrar")).containsEntry(ServiceConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    }

    @Test
    void unknownRoleInPrefixIsRejected() {
        Map<String, Object> values = Map.of("role.keymanager.sasl.jaas.config", "secret");

        assertThatThrownBy(() -> new ServiceConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("role.keymanager.sasl.jaas.config")
                .hasMessageContaining("key-manager")
                .hasMessageNotContaining("secret");
    }

    @Test
    void roleKeyWithoutSettingIsRejected() {
        Map<String, Object> values = Map.of("role.cryptor.", "x");

        assertThatThrownBy(() -> new ServiceConfig(values)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("role.<role>.<setting>");
    }

    @Test
    void serviceSettingPerRoleIsRejected() {
        Map<String, Object> values = Map.of("role.coordinator.coordinator.id", 2);

        assertThatThrownBy(() -> new ServiceConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("coordinator.id is a service setting");
    }

    @Test
    void leaseTimeBelowOneSecondRejected() {
        assertThatThrownBy(() -> new ServiceConfig(Map.of(ServiceConfig.COORDINATOR_KEY_LEASE_MS, "500")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected 0 (no key leases) or 1000 to 3600000");
        assertThat(new ServiceConfig(Map.of(ServiceConfig.COORDINATOR_KEY_LEASE_MS, "0")).keyLeaseMs()).isZero();
        assertThat(new ServiceConfig(Map.of(ServiceConfig.COORDINATOR_KEY_LEASE_MS, "1000")).keyLeaseMs()).isEqualTo(1000);
    }
}

package dev.eaas.client;

import dev.eaas.topics.decoy.DecoyGenerator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.frame.FrameLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EaasClientConfigTest {

    @Test
    void defaultsApplyWhenUnset() {
        EaasClientConfig config = EaasClientConfig.builder().bootstrapServers(" broker:9092 ").build();

        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.frameLayout()).isEqualTo(FrameLayout.DEFAULT);
        assertThat(config.requestTimeoutMs()).isEqualTo(10_000);
        assertThat(config.registrationTimeoutMs()).isEqualTo(30_000);
        assertThat(config.retryBackoffMs()).isEqualTo(100);
        assertThat(config.retryBackoffMaxMs()).isEqualTo(1_000);
        assertThat(config.topicPartitions()).isEqualTo(2);
        assertThat(config.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.decoyGenerator()).isSameAs(DecoyGenerator.shapeMatched());
        assertThat(config.cipherSuite()).isEmpty();
        assertThat(config.kafkaProperties()).isEmpty();
    }

    @Test
    void cipherSuiteIsFoundByName() {
        EaasClientConfig config = builder().cipherSuite(" ChaCha20-Poly1305 ").build();

        assertThat(config.cipherSuite()).contains(SuiteId.CHACHA20_POLY1305);
    }

    @Test
    void cipherSuiteIsSetByConstant() {
        EaasClientConfig config = builder().cipherSuite(SuiteId.AES_256_GCM_SIV).build();

        assertThat(config.cipherSuite()).contains(SuiteId.AES_256_GCM_SIV);
    }

    @Test
    void unknownCipherSuiteIsRejected() {
        assertThatThrownBy(() -> builder().cipherSuite("rot13").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid cipherSuite 'rot13'; it must be one of aes-256-gcm, chacha20-poly1305,"
                        + " aes-256-gcm-siv, des-cbc, blowfish-cbc");
    }

    @Test
    void blankCipherSuiteIsRejected() {
        assertThatThrownBy(() -> builder().cipherSuite(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid cipherSuite ' '; it must be one of " + SuiteId.names());
    }

    @Test
    void missingBootstrapServersIsRejected() {
        assertThatThrownBy(() -> EaasClientConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing bootstrapServers; set the Kafka bootstrap servers, for example 127.0.0.1:9092");
    }

    @Test
    void blankBootstrapServersIsRejected() {
        assertThatThrownBy(() -> EaasClientConfig.builder().bootstrapServers("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Missing bootstrapServers");
    }

    @Test
    void zeroRequestTimeoutIsRejected() {
        assertThatThrownBy(() -> builder().requestTimeoutMs(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid requestTimeoutMs 0; it must be at least 1");
    }

    @Test
    void negativeRegistrationTimeoutIsRejected() {
        assertThatThrownBy(() -> builder().registrationTimeoutMs(-5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid registrationTimeoutMs -5; it must be at least 1");
    }

    @Test
    void backoffMaximumBelowBackoffIsRejected() {
        assertThatThrownBy(() -> builder().retryBackoffMs(500).retryBackoffMaxMs(200).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid retryBackoffMaxMs 200; it must be at least retryBackoffMs (500)");
    }

    @Test
    void zeroTopicPartitionsIsRejected() {
        assertThatThrownBy(() -> builder().topicPartitions(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid topicPartitions 0; it must be at least 1");
    }

    @Test
    void reservedKafkaPropertyIsRejected() {
        assertThatThrownBy(() -> builder().kafkaProperty("acks", "1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Kafka property 'acks'; the client sets it itself (the client always sends"
                        + " with acks=all), so remove it from kafkaProperties");
    }

    @Test
    void isolationLevelIsReserved() {
        assertThatThrownBy(() -> builder().kafkaProperty("isolation.level", "read_uncommitted").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Kafka property 'isolation.level'; the client sets it itself (the client reads"
                        + " registration replies committed only, so it never takes a token from a registration that"
                        + " the registrar aborted, and request replies as soon as they are written), so remove it from"
                        + " kafkaProperties");
    }

    @Test
    void kafkaPropertyWithoutValueIsRejected() {
        assertThatThrownBy(() -> builder().kafkaProperty("security.protocol", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing value of Kafka property 'security.protocol'");
    }

    @Test
    void toStringMasksSecretProperties() {
        EaasClientConfig config = builder()
                .kafkaProperty("security.protocol", "SASL_SSL")
                .kafkaProperty("ssl.truststore.password", "truststore-pass")
                .kafkaProperty("sasl.oauthbearer.client.credentials.client.secret", "oauth-secret")
                .kafkaProperty("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"jaas-pass\";")
                .kafkaProperty("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----")
                .kafkaProperty("custom.Secret.value", "custom-secret")
                .build();

        String text = config.toString();

        assertThat(text).contains("security.protocol=SASL_SSL");
        assertThat(text).contains("ssl.truststore.password=(hidden)");
        assertThat(text).contains("sasl.jaas.config=(hidden)");
        assertThat(text).contains("ssl.keystore.key=(hidden)");
        assertThat(text).doesNotContain("truststore-pass");
        assertThat(text).doesNotContain("oauth-secret");
        assertThat(text).doesNotContain("jaas-pass");
        assertThat(text).doesNotContain("PRIVATE KEY");
        assertThat(text).doesNotContain("custom-secret");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        DecoyGenerator zeros = (real, random) -> new byte[real.length];
        EaasClientConfig original = builder()
                .frameLayout(FrameLayout.PAPER_EXAMPLE)
                .requestTimeoutMs(1_234)
                .registrationTimeoutMs(5_678)
                .retryBackoffMs(10)
                .retryBackoffMaxMs(20)
                .topicPartitions(6)
                .topicReplicationFactor((short) 3)
                .decoyGenerator(zeros)
                .cipherSuite("des-cbc")
                .kafkaProperties(Map.of("security.protocol", "SSL"))
                .build();

        EaasClientConfig copy = original.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(original.toString());
        assertThat(copy.cipherSuite()).contains(SuiteId.DES_CBC);
        assertThat(copy.decoyGenerator()).isSameAs(zeros);
        assertThat(copy.kafkaProperties()).isEqualTo(original.kafkaProperties());
    }

    @Test
    void kafkaPropertiesReachMatchingClients() {
        EaasClientConfig config = builder()
                .kafkaProperty("security.protocol", "SSL")
                .kafkaProperty("linger.ms", "5")
                .kafkaProperty("fetch.max.wait.ms", "50")
                .kafkaProperty("custom.plugin.setting", "x")
                .build();

        Map<String, Object> producer = KafkaClientProperties.producer(config, "producer", 1_000);
        Map<String, Object> consumer = KafkaClientProperties.replyConsumer(config, "consumer");
        Map<String, Object> admin = KafkaClientProperties.admin(config, "admin");

        assertThat(producer).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "5")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("custom.plugin.setting", "x").doesNotContainKey("fetch.max.wait.ms");
        assertThat(consumer).containsEntry("security.protocol", "SSL").containsEntry("fetch.max.wait.ms", "50")
                .containsEntry("enable.auto.commit", false).containsEntry("allow.auto.create.topics", false)
                .doesNotContainKey("group.id").doesNotContainKey("linger.ms");
        assertThat(admin).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    private static EaasClientConfig.Builder builder() {
        return EaasClientConfig.builder().bootstrapServers(TestFixtures.BOOTSTRAP_SERVERS);
    }
}

package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void consumerReadsCommittedRecordsOnly() {
        Map<String, Object> properties = KafkaClientProperties.consumer(TestFixtures.config(), "test-consumer");

        assertThat(properties).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void consumerKeepsExtraProperties() {
        EaasClientConfig config = TestFixtures.config().toBuilder()
                .kafkaProperty("security.protocol", "SSL")
                .build();

        Map<String, Object> properties = KafkaClientProperties.consumer(config, "test-consumer");

        assertThat(properties).containsEntry("security.protocol", "SSL");
        assertThat(properties).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}

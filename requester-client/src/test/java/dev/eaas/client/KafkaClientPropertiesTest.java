package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void registrationConsumerReadsCommittedRecordsOnly() {
        Map<String, Object> properties = KafkaClientProperties.registrationConsumer(TestFixtures.config(), "test-consumer");

        assertThat(properties).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void replyConsumerReadsRepliesOfOpenTransactions() {
        Map<String, Object> properties = KafkaClientProperties.replyConsumer(TestFixtures.config(), "test-consumer");

        assertThat(properties).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    }

    @Test
    void consumerKeepsExtraProperties() {
        EaasClientConfig config = TestFixtures.config().toBuilder()
                .kafkaProperty("security.protocol", "SSL")
                .build();

        Map<String, Object> properties = KafkaClientProperties.registrationConsumer(config, "test-consumer");

        assertThat(properties).containsEntry("security.protocol", "SSL");
        assertThat(properties).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}

package dev.eaas.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds the properties of the Kafka clients that {@link EaasClient} and registration create. */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /**
     * Returns the properties of a producer that writes string keys and byte-array values with acks=all and
     * idempotence on. {@code linger.ms} is 1 and {@code max.block.ms} is {@code maxBlockMs} unless the
     * configuration's Kafka properties set them.
     */
    static Map<String, Object> producer(EaasClientConfig config, String clientId, long maxBlockMs) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        putExtra(properties, config, ProducerConfig.configNames());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }

    /**
     * Returns the properties of the consumer of registration replies: a consumer without a group that reads
     * byte-array keys and values, reads committed records only and does not create topics. The registrar writes
     * its reply in an exactly-once transaction, and a reply of an aborted transaction may carry a token that the
     * registrar never stored.
     */
    static Map<String, Object> registrationConsumer(EaasClientConfig config, String clientId) {
        return consumer(config, clientId, "read_committed");
    }

    /**
     * Returns the properties of the consumer of request replies, as {@link #registrationConsumer} but reading
     * records of open transactions too. The coordinator writes replies exactly-once, so a reply becomes committed
     * only at the coordinator's next commit. Waiting for that would add up to a commit interval and a transaction to
     * every operation, for nothing. A reply of a transaction that later aborts is still a correct result, under a
     * key the key manager has committed. The coordinator sends it again after the abort, and the client ignores the
     * second reply, since the request is no longer pending.
     */
    static Map<String, Object> replyConsumer(EaasClientConfig config, String clientId) {
        return consumer(config, clientId, "read_uncommitted");
    }

    private static Map<String, Object> consumer(EaasClientConfig config, String clientId, String isolationLevel) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // A metadata request must not create a missing reply or registration topic with broker defaults.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        putExtra(properties, config, ConsumerConfig.configNames());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    /** Returns the properties of an admin client. */
    static Map<String, Object> admin(EaasClientConfig config, String clientId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        putExtra(properties, config, AdminClientConfig.configNames());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return properties;
    }

    /**
     * Copies the configuration's Kafka properties that this kind of client defines, and those no kind of
     * client defines, which are settings of plug-ins such as login callback handlers.
     */
    private static void putExtra(Map<String, Object> properties, EaasClientConfig config, Set<String> known) {
        config.kafkaProperties().forEach((name, value) -> {
            boolean definedByAnyClient = ProducerConfig.configNames().contains(name)
                    || ConsumerConfig.configNames().contains(name)
                    || AdminClientConfig.configNames().contains(name);
            if (known.contains(name) || !definedByAnyClient) {
                properties.put(name, value);
            }
        });
    }
}

package dev.eaas.topology.service;

import dev.eaas.topology.common.BadRecordHandler;
import dev.eaas.topology.common.ServiceConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** Builds each role's Kafka Streams configuration from the service configuration. */
final class StreamsSettings {

    /** Commit interval of the roles that run at-least-once; output is visible before commit, so it only bounds reprocessing. */
    private static final long AT_LEAST_ONCE_COMMIT_INTERVAL_MS = 1_000;

    /** Session timeout of every role's consumers; a dead instance's partitions move after at most this long. */
    private static final int SESSION_TIMEOUT_MS = 10_000;

    /** How often the coordinator looks for new subscriber request topics. */
    private static final long COORDINATOR_METADATA_MAX_AGE_MS = 1_000;

    private StreamsSettings() {
    }

    static String applicationId(ServiceConfig config, Role role) {
        String prefix = config.getString(ServiceConfig.APPLICATION_ID_PREFIX);
        return role == Role.COORDINATOR
                ? prefix + "-coordinator-" + config.coordinatorId()
                : prefix + "-" + role.cliName();
    }

    static Properties forRole(ServiceConfig config, Role role) {
        Properties properties = new Properties();
        // Shared settings, overridden by the role's own: its identity reaches every client Streams creates, and
        // through appConfigs() the admin clients of its processors.
        properties.putAll(config.clientSettings(role.cliName()));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config, role));
        properties.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.getString(ServiceConfig.STATE_DIR)).resolve(applicationId(config, role)).toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(ServiceConfig.STREAM_THREADS));
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(ServiceConfig.REPLICATION_FACTOR));
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, BadRecordHandler.class);
        // The subscriber table is written by the exactly-once registrar: reading committed records only means no
        // role ever uses a token from a registration attempt that was rolled back.
        properties.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        // Kafka Streams does not leave its consumer group on close, so a restarted or killed instance's partitions
        // wait for the session timeout before another member takes them: 10 s rather than the default 45 s.
        if (!setAnywhere(properties, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)
                && !setAnywhere(properties, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
            properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 3);
        }
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");

        switch (role) {
            case REGISTRAR -> {
                properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
                // New subscribers' registration request topics are found by pattern, as new request topics are.
                properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                        COORDINATOR_METADATA_MAX_AGE_MS);
            }
            case KEY_MANAGER -> {
                properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
                properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                        config.getLong(ServiceConfig.KEY_MANAGER_COMMIT_INTERVAL_MS));
            }
            case COORDINATOR -> {
                // A replay window update must commit together with the key request it lets through and the
                // frame's offset. Under at-least-once, a crash between them would make the frame, read again,
                // look like its own replay and be dropped without its key request ever having been sent.
                properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
                properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                        config.getLong(ServiceConfig.COORDINATOR_COMMIT_INTERVAL_MS));
                properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                        COORDINATOR_METADATA_MAX_AGE_MS);
            }
            case CRYPTOR -> {
                properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
                properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AT_LEAST_ONCE_COMMIT_INTERVAL_MS);
                // Keys come from the exactly-once key manager: reading committed records only means a
                // cryptor never uses a key whose creation a crash rolled back.
                properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
            }
        }
        return properties;
    }

    /** Returns whether a consumer setting is given plain or with one of the consumer prefixes Streams reads. */
    private static boolean setAnywhere(Properties properties, String consumerSetting) {
        return properties.containsKey(consumerSetting)
                || properties.containsKey(StreamsConfig.consumerPrefix(consumerSetting))
                || properties.containsKey(StreamsConfig.mainConsumerPrefix(consumerSetting));
    }
}

package dev.eaas.client;

import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.frame.FrameLayout;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Configuration of an {@link EaasClient} and of {@link EaasClient#register registration}. Build it with
 * {@link #builder()}; {@link Builder#build()} rejects invalid values with a message that names the setting.
 *
 * <p>The frame layout must be the one the service uses. Instances are immutable and thread-safe.
 */
public final class EaasClientConfig {

    /** Default time in ms a request waits for its reply before it fails. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

    /** Default time in ms a registration waits for the registrar's reply before it fails. */
    public static final long DEFAULT_REGISTRATION_TIMEOUT_MS = 30_000;

    /** Default wait in ms before the first resend after a retriable error; each further wait doubles. */
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;

    /** Default maximum wait in ms between two resends. */
    public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 1_000;

    /** Default partition count of the subscriber topics the client creates, as on a single-broker cluster. */
    public static final int DEFAULT_TOPIC_PARTITIONS = TopicCatalogue.DEFAULT_SUBSCRIBER_PARTITIONS;

    /** Default replication factor of the subscriber topics the client creates, as on a single-broker cluster. */
    public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;

    /**
     * Kafka client properties that the client sets itself, because the protocol or its own setters depend
     * on them. Each maps to the reason given when a caller tries to set it.
     */
    private static final Map<String, String> RESERVED_KAFKA_PROPERTIES = Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set it with bootstrapServers(...)",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "the client writes the requester id as a string",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "the client writes frames as bytes",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "the client reads replies as bytes",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "the client reads replies as bytes",
            ProducerConfig.ACKS_CONFIG, "the client always sends with acks=all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "the client always sends with idempotence on",
            ConsumerConfig.GROUP_ID_CONFIG, "the client assigns reply partitions itself and uses no consumer group",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the client commits no offsets",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the client reads registration replies committed only, so it never"
                    + " takes a token from a registration that the registrar aborted, and request replies as soon as they"
                    + " are written");

    private static final String MASK = "(hidden)";

    private final String bootstrapServers;
    private final FrameLayout frameLayout;
    private final long requestTimeoutMs;
    private final long registrationTimeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final DecoyGenerator decoyGenerator;
    private final SuiteId cipherSuite;
    private final Map<String, String> kafkaProperties;

    private EaasClientConfig(Builder builder, SuiteId cipherSuite) {
        this.bootstrapServers = builder.bootstrapServers.strip();
        this.frameLayout = builder.frameLayout;
        this.requestTimeoutMs = builder.requestTimeoutMs;
        this.registrationTimeoutMs = builder.registrationTimeoutMs;
        this.retryBackoffMs = builder.retryBackoffMs;
        this.retryBackoffMaxMs = builder.retryBackoffMaxMs;
        this.topicPartitions = builder.topicPartitions;
        this.topicReplicationFactor = builder.topicReplicationFactor;
        this.decoyGenerator = builder.decoyGenerator;
        this.cipherSuite = cipherSuite;
        this.kafkaProperties = Map.copyOf(builder.kafkaProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this configuration's values. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .frameLayout(frameLayout)
                .requestTimeoutMs(requestTimeoutMs)
                .registrationTimeoutMs(registrationTimeoutMs)
                .retryBackoffMs(retryBackoffMs)
                .retryBackoffMaxMs(retryBackoffMaxMs)
                .topicPartitions(topicPartitions)
                .topicReplicationFactor(topicReplicationFactor)
                .decoyGenerator(decoyGenerator)
                .cipherSuite(cipherSuite)
                .kafkaProperties(kafkaProperties);
        builder.bootstrapServers = bootstrapServers;
        return builder;
    }

    /** Kafka bootstrap servers as a comma-separated list of host:port pairs. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Field widths of the request and reply frames; must equal the service's. */
    public FrameLayout frameLayout() {
        return frameLayout;
    }

    /** Time in ms from sending a request until it fails if no reply came, resends included. */
    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** Time in ms a registration may take in total, topic creation included. */
    public long registrationTimeoutMs() {
        return registrationTimeoutMs;
    }

    /** Wait in ms before the first resend after a retriable error. */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Maximum wait in ms between two resends. */
    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    /** Partition count of the request and reply topics that registration creates when they are missing. */
    public int topicPartitions() {
        return topicPartitions;
    }

    /** Replication factor of the topics that registration creates when they are missing. */
    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    /** Generator of the decoys of encryption requests. */
    public DecoyGenerator decoyGenerator() {
        return decoyGenerator;
    }

    /**
     * Cipher suite that registration requests for the subscriber's data, or empty for the deployment's
     * default suite.
     */
    public Optional<SuiteId> cipherSuite() {
        return Optional.ofNullable(cipherSuite);
    }

    /**
     * Extra Kafka client properties, for example security settings, given to the producer, the consumer
     * and the admin client. Each client gets the properties it defines, plus any property that none of
     * them defines, so settings of plug-ins still arrive.
     */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** Describes the configuration, with the values of secret Kafka properties hidden. */
    @Override
    public String toString() {
        StringJoiner properties = new StringJoiner(", ", "{", "}");
        new TreeMap<>(kafkaProperties).forEach((name, value) ->
                properties.add(name + "=" + (isSecret(name) ? MASK : value)));
        return "EaasClientConfig[bootstrapServers=" + bootstrapServers
                + ", frameLayout=" + frameLayout
                + ", requestTimeoutMs=" + requestTimeoutMs
                + ", registrationTimeoutMs=" + registrationTimeoutMs
                + ", retryBackoffMs=" + retryBackoffMs
                + ", retryBackoffMaxMs=" + retryBackoffMaxMs
                + ", topicPartitions=" + topicPartitions
                + ", topicReplicationFactor=" + topicReplicationFactor
                + ", decoyGenerator=" + decoyGenerator
                + ", cipherSuite=" + (cipherSuite == null ? "(deployment default)" : cipherSuite.suiteName())
                + ", kafkaProperties=" + properties + "]";
    }

    /**
     * Returns whether a Kafka property's value must not be shown: its name contains "password" or "secret",
     * or a Kafka client declares it as a password, as it does for {@code sasl.jaas.config} and
     * {@code ssl.keystore.key}.
     */
    static boolean isSecret(String name) {
        String lowerCase = name.toLowerCase(Locale.ROOT);
        return lowerCase.contains("password")
                || lowerCase.contains("secret")
                || isPasswordType(ProducerConfig.configDef(), name)
                || isPasswordType(ConsumerConfig.configDef(), name)
                || isPasswordType(AdminClientConfig.configDef(), name);
    }

    private static boolean isPasswordType(ConfigDef definition, String name) {
        ConfigDef.ConfigKey key = definition.configKeys().get(name);
        return key != null && key.type == ConfigDef.Type.PASSWORD;
    }

    /** Collects and validates the settings of an {@link EaasClientConfig}. */
    public static final class Builder {

        private String bootstrapServers;
        private FrameLayout frameLayout = FrameLayout.DEFAULT;
        private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private long registrationTimeoutMs = DEFAULT_REGISTRATION_TIMEOUT_MS;
        private long retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS;
        private long retryBackoffMaxMs = DEFAULT_RETRY_BACKOFF_MAX_MS;
        private int topicPartitions = DEFAULT_TOPIC_PARTITIONS;
        private short topicReplicationFactor = DEFAULT_TOPIC_REPLICATION_FACTOR;
        private DecoyGenerator decoyGenerator = DecoyGenerator.shapeMatched();
        private String cipherSuite;
        private final Map<String, String> kafkaProperties = new TreeMap<>();

        private Builder() {
        }

        /** Sets the Kafka bootstrap servers, for example {@code 127.0.0.1:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Sets the frame layout; default {@link FrameLayout#DEFAULT}. */
        public Builder frameLayout(FrameLayout frameLayout) {
            this.frameLayout = frameLayout;
            return this;
        }

        /** Sets the request timeout in ms; default {@value #DEFAULT_REQUEST_TIMEOUT_MS}. */
        public Builder requestTimeoutMs(long requestTimeoutMs) {
            this.requestTimeoutMs = requestTimeoutMs;
            return this;
        }

        /** Sets the registration timeout in ms; default {@value #DEFAULT_REGISTRATION_TIMEOUT_MS}. */
        public Builder registrationTimeoutMs(long registrationTimeoutMs) {
            this.registrationTimeoutMs = registrationTimeoutMs;
            return this;
        }

        /** Sets the wait in ms before the first resend; default {@value #DEFAULT_RETRY_BACKOFF_MS}. */
        public Builder retryBackoffMs(long retryBackoffMs) {
            this.retryBackoffMs = retryBackoffMs;
            return this;
        }

        /** Sets the maximum wait in ms between resends; default {@value #DEFAULT_RETRY_BACKOFF_MAX_MS}. */
        public Builder retryBackoffMaxMs(long retryBackoffMaxMs) {
            this.retryBackoffMaxMs = retryBackoffMaxMs;
            return this;
        }

        /** Sets the partition count of created subscriber topics; default {@value #DEFAULT_TOPIC_PARTITIONS}. */
        public Builder topicPartitions(int topicPartitions) {
            this.topicPartitions = topicPartitions;
            return this;
        }

        /** Sets the replication factor of created topics; default {@value #DEFAULT_TOPIC_REPLICATION_FACTOR}. */
        public Builder topicReplicationFactor(short topicReplicationFactor) {
            this.topicReplicationFactor = topicReplicationFactor;
            return this;
        }

        /** Sets the generator of encryption decoys; default {@link DecoyGenerator#shapeMatched()}. */
        public Builder decoyGenerator(DecoyGenerator decoyGenerator) {
            this.decoyGenerator = decoyGenerator;
            return this;
        }

        /**
         * Sets the cipher suite that registration requests, by a name of {@link SuiteId#names()} such as
         * {@code chacha20-poly1305}, ignoring case. Default null, the deployment's default suite. The registrar
         * rejects a suite that the deployment does not allow, and a deployment allows the legacy suites only
         * when it enables them.
         */
        public Builder cipherSuite(String name) {
            this.cipherSuite = name;
            return this;
        }

        /** Sets the cipher suite that registration requests, or null for the deployment's default. */
        public Builder cipherSuite(SuiteId suite) {
            this.cipherSuite = suite == null ? null : suite.suiteName();
            return this;
        }

        /** Adds one Kafka client property, replacing an earlier value of the same name. */
        public Builder kafkaProperty(String name, String value) {
            Objects.requireNonNull(name, "Kafka property name");
            if (value == null) {
                throw new IllegalArgumentException("Missing value of Kafka property '" + name + "'");
            }
            kafkaProperties.put(name, value);
            return this;
        }

        /** Adds Kafka client properties, replacing earlier values of the same names. */
        public Builder kafkaProperties(Map<String, String> properties) {
            properties.forEach(this::kafkaProperty);
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws IllegalArgumentException if a setting is missing or invalid; the message names the setting,
         *     its value and what it must be
         */
        public EaasClientConfig build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("Missing bootstrapServers; set the Kafka bootstrap servers,"
                        + " for example 127.0.0.1:9092");
            }
            Objects.requireNonNull(frameLayout, "frameLayout");
            Objects.requireNonNull(decoyGenerator, "decoyGenerator");
            requireAtLeastOne("requestTimeoutMs", requestTimeoutMs);
            requireAtLeastOne("registrationTimeoutMs", registrationTimeoutMs);
            requireAtLeastOne("retryBackoffMs", retryBackoffMs);
            if (retryBackoffMaxMs < retryBackoffMs) {
                throw new IllegalArgumentException("Invalid retryBackoffMaxMs " + retryBackoffMaxMs
                        + "; it must be at least retryBackoffMs (" + retryBackoffMs + ")");
            }
            requireAtLeastOne("topicPartitions", topicPartitions);
            requireAtLeastOne("topicReplicationFactor", topicReplicationFactor);
            for (String name : kafkaProperties.keySet()) {
                String reason = RESERVED_KAFKA_PROPERTIES.get(name);
                if (reason != null) {
                    throw new IllegalArgumentException("Invalid Kafka property '" + name
                            + "'; the client sets it itself (" + reason + "), so remove it from kafkaProperties");
                }
            }
            return new EaasClientConfig(this, parseCipherSuite());
        }

        private SuiteId parseCipherSuite() {
            if (cipherSuite == null) {
                return null;
            }
            try {
                return SuiteId.ofName(cipherSuite);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("Invalid cipherSuite '" + cipherSuite + "'; it must be one of "
                        + SuiteId.names(), unknown);
            }
        }

        private static void requireAtLeastOne(String setting, long value) {
            if (value < 1) {
                throw new IllegalArgumentException("Invalid " + setting + " " + value + "; it must be at least 1");
            }
        }
    }
}

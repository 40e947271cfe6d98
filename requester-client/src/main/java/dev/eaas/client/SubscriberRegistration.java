package dev.eaas.client;

import static dev.eaas.client.Messages.sentence;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.TopicSpec;
import dev.eaas.topics.avro.RegistrationReply;
import dev.eaas.topics.avro.RegistrationRequest;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.FrameLayout;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one subscriber with the registrar:
 * <ol>
 *   <li>creates the subscriber's registration topic if it is missing, because the registrar replies only
 *       on an existing topic;</li>
 *   <li>positions a consumer at the end of that topic before sending, so the reply cannot be missed. The
 *       consumer reads committed records only, because the registrar replies inside an exactly-once
 *       transaction, and a reply of an aborted transaction carries a token that was never stored;</li>
 *   <li>sends a {@link RegistrationRequest} with a random request id and the configured cipher suite to
 *       its own registration request topic and waits for the {@link RegistrationReply} with the same id,
 *       registering again with a new id after a retriable error;</li>
 *   <li>creates the subscriber's request and reply topics for the assigned coordinator.</li>
 * </ol>
 * All steps together take at most {@link EaasClientConfig#registrationTimeoutMs()}.
 */
final class SubscriberRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberRegistration.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final AvroSerde<RegistrationRequest> REQUEST_SERDE = AvroSerde.of(RegistrationRequest.class);
    private static final AvroSerde<RegistrationReply> REPLY_SERDE = AvroSerde.of(RegistrationReply.class);

    private final EaasClientConfig config;
    private final int subscriber;
    private final int deceptionFactorBits;
    private final String replyTopic;
    private final String logPrefix;
    private final long deadlineMs;

    SubscriberRegistration(EaasClientConfig config, int subscriber, int deceptionFactorBits) {
        this.config = config;
        this.subscriber = subscriber;
        this.deceptionFactorBits = deceptionFactorBits;
        this.replyTopic = TopicCatalogue.registrationReplyTopic(subscriber);
        this.logPrefix = "[eaas-registration subscriber=" + subscriber + "] ";
        this.deadlineMs = nowMs() + config.registrationTimeoutMs();
    }

    /** See {@link EaasClient#register(EaasClientConfig, int, int)}. */
    static Registration register(EaasClientConfig config, int subscriber, int deceptionFactorBits) {
        FrameLayout layout = config.frameLayout();
        if (subscriber < 0 || subscriber > layout.maxSubscriber()) {
            throw new FieldOverflowException("subscriber", subscriber, layout.subscriberBits());
        }
        if (deceptionFactorBits < 0 || deceptionFactorBits > FrameLayout.MAX_TOKEN_BITS) {
            throw new IllegalArgumentException("Invalid deception factor " + deceptionFactorBits
                    + " bits; it must be between 0 and " + FrameLayout.MAX_TOKEN_BITS);
        }
        return new SubscriberRegistration(config, subscriber, deceptionFactorBits).run();
    }

    private Registration run() {
        TopicCatalogue catalogue = new TopicCatalogue(1, config.topicPartitions(), config.topicReplicationFactor());
        Admin admin = Admin.create(KafkaClientProperties.admin(config, "eaas-registration-" + subscriber + "-admin"));
        try {
            createMissing(admin, catalogue.registrationTopics(subscriber));
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    KafkaClientProperties.registrationConsumer(config, "eaas-registration-" + subscriber + "-replies"));
            String producerClientId = "eaas-registration-" + subscriber + "-requests";
            Registration registration = exchange(consumer,
                    maxBlockMs -> new KafkaProducer<>(KafkaClientProperties.producer(config, producerClientId, maxBlockMs)));
            createMissing(admin, catalogue.subscriberTopics(subscriber, registration.coordinator()));
            LOG.info("{}Registered on coordinator {} with deception factor {} bits and cipher suite {}", logPrefix,
                    registration.coordinator(), registration.deceptionFactorBits(),
                    registration.cipherSuite().suiteName());
            return registration;
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Sends registration requests until one is accepted, rejected for good, or the deadline passes, and closes
     * both clients. The producer is created once the consumer is positioned, with the time left then as the
     * longest time a send may block.
     *
     * @param consumer a consumer of the registration reply topic, which this method assigns and positions
     * @param producers creates the producer of registration requests from its {@code max.block.ms}
     */
    Registration exchange(Consumer<byte[], byte[]> consumer, LongFunction<Producer<String, byte[]>> producers) {
        Producer<String, byte[]> producer = null;
        try {
            TopicEndPosition.seekToEnd(consumer, replyTopic, remainingMs(), config.bootstrapServers(),
                    "it was created a moment ago, so check that the brokers are healthy");
            producer = producers.apply(remainingMs());
            long backoffMs = config.retryBackoffMs();
            for (int attempt = 1; ; attempt++) {
                String requestId = UUID.randomUUID().toString();
                send(producer, requestId);
                RegistrationReply reply = awaitReply(consumer, requestId);
                if (reply.getErrorCode() == null) {
                    return toRegistration(reply);
                }
                ErrorCode code = ErrorCode.parse(reply.getErrorCode());
                String message = "Registration of subscriber " + subscriber + " was rejected with " + code + ": "
                        + reply.getErrorMessage();
                if (code == ErrorCode.SUITE_NOT_ALLOWED) {
                    throw new EaasRequestException(code, sentence(message) + " Register with another cipher suite,"
                            + " or without one for the deployment's default");
                }
                if (!code.retriable()) {
                    throw new EaasRequestException(code, message);
                }
                if (nowMs() + backoffMs >= deadlineMs) {
                    throw new EaasRequestException(code, message + " (attempt " + attempt
                            + "; no further attempt fits the " + config.registrationTimeoutMs() + " ms registration timeout)");
                }
                LOG.info("{}Registration attempt {} was rejected with {}; registering again in {} ms", logPrefix,
                        attempt, code, backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, config.retryBackoffMaxMs());
            }
        } finally {
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
            }
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void send(Producer<String, byte[]> producer, String requestId) {
        RegistrationRequest request = RegistrationRequest.newBuilder()
                .setSubscriber(subscriber)
                .setDeceptionFactorBits(deceptionFactorBits)
                .setRequestId(requestId)
                .setCipherSuite(config.cipherSuite().map(SuiteId::suiteName).orElse(null))
                .setRequestedAtMs(System.currentTimeMillis())
                .build();
        String topic = TopicCatalogue.registrationRequestTopic(subscriber);
        byte[] value = REQUEST_SERDE.serialize(topic, request);
        try {
            producer.send(new ProducerRecord<>(topic, Integer.toString(subscriber), value))
                    .get(remainingMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException failure) {
            Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
            throw new EaasException("Failed to send the registration of subscriber " + subscriber + " to topic "
                    + topic + ": " + sentence(cause.getMessage()) + " Check that the brokers are"
                    + " reachable at " + config.bootstrapServers() + " and that the topic exists", cause);
        } catch (TimeoutException timeout) {
            throw timeoutFailure("the registration could not be sent to topic " + topic);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EaasException("Interrupted while registering subscriber " + subscriber, interrupted);
        }
    }

    private RegistrationReply awaitReply(Consumer<byte[], byte[]> consumer, String requestId) {
        while (nowMs() < deadlineMs) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                RegistrationReply reply;
                try {
                    reply = REPLY_SERDE.deserialize(record.topic(), record.value());
                } catch (SerializationException unreadable) {
                    LOG.warn("{}Skipped unreadable record at {}-{}@{}: {}", logPrefix, record.topic(),
                            record.partition(), record.offset(), unreadable.getMessage());
                    continue;
                }
                if (reply != null && requestId.equals(reply.getRequestId())) {
                    return reply;
                }
            }
        }
        throw timeoutFailure("no reply came on topic " + replyTopic);
    }

    private Registration toRegistration(RegistrationReply reply) {
        if (reply.getSubscriber() != subscriber || reply.getCoordinator() == null || reply.getToken() == null) {
            throw new EaasException("Invalid registration reply on topic " + replyTopic + ": it must name subscriber "
                    + subscriber + " and carry a coordinator and a token, or an error code");
        }
        if (reply.getDeceptionFactorBits() != deceptionFactorBits) {
            throw new EaasException("Subscriber " + subscriber + " is registered with deception factor "
                    + reply.getDeceptionFactorBits() + " bits, not the requested " + deceptionFactorBits
                    + "; register with " + reply.getDeceptionFactorBits() + " bits or use another subscriber id");
        }
        SuiteId cipherSuite = chosenSuite(reply);
        try {
            return new Registration(subscriber, reply.getCoordinator(), deceptionFactorBits, reply.getToken(),
                    cipherSuite);
        } catch (IllegalArgumentException invalid) {
            throw new EaasException("Invalid registration reply on topic " + replyTopic + ": " + invalid.getMessage(),
                    invalid);
        }
    }

    /**
     * Returns the suite that the registrar chose. A reply without one comes from a registrar that supports
     * only the default suite. The requested suite must be the chosen one, so an earlier registration with
     * another suite fails as an earlier one with another deception factor does.
     */
    private SuiteId chosenSuite(RegistrationReply reply) {
        SuiteId chosen;
        try {
            chosen = reply.getCipherSuite() == null ? SuiteId.DEFAULT : SuiteId.ofName(reply.getCipherSuite());
        } catch (IllegalArgumentException unknown) {
            throw new EaasException("Invalid registration reply on topic " + replyTopic + ": " + unknown.getMessage()
                    + ". Update the client to a version that supports the suite the service uses", unknown);
        }
        SuiteId requested = config.cipherSuite().orElse(null);
        if (requested != null && requested != chosen) {
            throw new EaasException("Subscriber " + subscriber + " is registered with cipher suite "
                    + chosen.suiteName() + ", not the requested " + requested.suiteName() + "; register with "
                    + chosen.suiteName() + " or without a cipher suite, or use another subscriber id");
        }
        return chosen;
    }

    private void createMissing(Admin admin, List<TopicSpec> topics) {
        try {
            TopicCatalogue.createMissing(admin, topics, remainingMs());
        } catch (IllegalStateException failure) {
            throw new EaasException("Failed to create the topics of subscriber " + subscriber + ": "
                    + failure.getMessage(), failure);
        }
    }

    private EaasTimeoutException timeoutFailure(String failedStep) {
        return new EaasTimeoutException("Registration of subscriber " + subscriber + " timed out after "
                + config.registrationTimeoutMs() + " ms: " + failedStep + ". Check that the registrar is running and"
                + " reachable at bootstrap servers " + config.bootstrapServers() + ", or raise registrationTimeoutMs",
                config.registrationTimeoutMs());
    }

    /** Returns the time left until the deadline, at least 1 ms so Kafka calls still fail with their own error. */
    private long remainingMs() {
        return Math.max(1, deadlineMs - nowMs());
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EaasException("Interrupted while registering subscriber " + subscriber, interrupted);
        }
    }

    private static long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}

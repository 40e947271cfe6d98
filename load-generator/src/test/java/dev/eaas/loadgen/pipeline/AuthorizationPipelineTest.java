package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.TopicSpec;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.AclPlan;
import dev.eaas.topology.service.KeysCommand;
import dev.eaas.topology.service.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The whole service on a broker that authenticates every client and authorizes every request: each role runs under
 * its own user with exactly the ACLs of {@link AclPlan}, and each subscriber's client under its own user. The only
 * super users are the admin, which creates the topics and ACLs, and the broker's own user.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuthorizationPipelineTest {

    private static final long WAIT_SECONDS = 60;
    private static final long ADMIN_TIMEOUT_MS = 30_000;
    private static final int DECEPTION_FACTOR_BITS = 1;
    /** Subscriber 12's topics start with subscriber 1's names, so the tests also show the prefixes end in time. */
    private static final List<Integer> SUBSCRIBERS = List.of(1, 12);

    private static final String OPERATOR_USER = "eaas-operator";

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedPipeline pipeline;
    private static final Map<Integer, Registration> REGISTRATIONS = new HashMap<>();

    @BeforeAll
    static void startPipeline() throws Exception {
        Set<String> users = new HashSet<>();
        for (Role role : Role.values()) {
            users.add(roleUser(role));
        }
        SUBSCRIBERS.forEach(subscriber -> users.add(subscriberUser(subscriber)));
        users.add(OPERATOR_USER);
        broker = EmbeddedKafkaBroker.startWithAuthorization(users);

        Map<String, Object> settings = new HashMap<>();
        settings.put(ServiceConfig.TOPICS_CREATE, false);
        for (Role role : Role.values()) {
            broker.saslClientProperties(roleUser(role)).forEach((name, value) ->
                    settings.put(ServiceConfig.ROLE_PREFIX + role.cliName() + "." + name, value));
        }
        ServiceConfig config = new ServiceConfig(settings);
        try (Admin admin = Admin.create(clientProperties(EmbeddedKafkaBroker.ADMIN_USER))) {
            List<TopicSpec> topics = new ArrayList<>(config.catalogue().serviceTopics());
            topics.add(config.catalogue().coordinatorTopic(config.coordinatorId()));
            TopicCatalogue.createMissing(admin, topics, ADMIN_TIMEOUT_MS);
            List<AclBinding> bindings = aclBindings(config);
            admin.createAcls(bindings).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            awaitAclsOnBroker(admin, bindings);
        }

        pipeline = EmbeddedPipeline.start(broker.bootstrapServers(), EnumSet.allOf(Role.class), settings);
        for (int subscriber : SUBSCRIBERS) {
            REGISTRATIONS.put(subscriber, EaasClient.register(clientConfig(subscriber), subscriber, DECEPTION_FACTOR_BITS));
        }
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachSubscriberRoundTripsUnderOwnUser() throws Exception {
        for (int subscriber : SUBSCRIBERS) {
            Registration registration = REGISTRATIONS.get(subscriber);
            byte[] plaintext = ("{\"subscriber\":" + subscriber + "}").getBytes(StandardCharsets.UTF_8);

            try (EaasClient client = EaasClient.open(clientConfig(subscriber), registration)) {
                byte[] ciphertext = client.requester(1).encrypt(2, plaintext).get(WAIT_SECONDS, TimeUnit.SECONDS);
                byte[] decrypted = client.requester(2).decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS);

                assertThat(registration.deceptionFactorBits()).as("subscriber %d", subscriber)
                        .isEqualTo(DECEPTION_FACTOR_BITS);
                assertThat(ciphertext).as("subscriber %d", subscriber).isNotEqualTo(plaintext);
                assertThat(decrypted).as("subscriber %d", subscriber).isEqualTo(plaintext);
            }
        }
    }

    @Test
    void operatorListsKeysUnderOwnUser() throws Exception {
        Path config = Files.createTempFile("eaas-operator", ".properties");
        try {
            Properties properties = clientProperties(OPERATOR_USER);
            try (Writer writer = Files.newBufferedWriter(config)) {
                properties.store(writer, null);
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exitCode = new CommandLine(new KeysCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("list", "--config", config.toString(), "--subscriber", "1");

            assertThat(exitCode).as("exit code; error output: %s", err).isZero();
            assertThat(out.toString()).contains("list for subscriber 1:");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void requesterCannotRegisterOtherSubscriber() {
        Throwable failure = sendFailure(subscriberUser(1), TopicCatalogue.registrationRequestTopic(12));

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void requesterCannotSendKeyCommands() {
        Throwable failure = sendFailure(subscriberUser(1), TopicCatalogue.KEY_ADMIN);

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void requesterCannotReadOtherSubscribersReplies() {
        assertReadRejected(1, TopicCatalogue.replyTopic(12));
    }

    @Test
    void subscriber12CannotReadSubscriber1Replies() {
        assertReadRejected(12, TopicCatalogue.replyTopic(1));
    }

    @Test
    void requesterCannotReadOtherSubscribersRegistration() {
        assertReadRejected(1, TopicCatalogue.registrationReplyTopic(12));
    }

    @Test
    void requesterCannotReadRequestTopics() {
        // Another requester's encryption requests carry its plaintext, so even a subscriber's own request topic
        // is write-only for its requesters.
        assertReadRejected(1, TopicCatalogue.requestTopic(1, REGISTRATIONS.get(1).coordinator()));
    }

    @Test
    void requesterCannotCreateOtherSubscribersTopics() throws Exception {
        String topic = TopicCatalogue.requestTopicPrefix(12) + "coordinator-99";
        try (Admin admin = Admin.create(clientProperties(subscriberUser(1)))) {
            Throwable failure = catchThrowable(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void requesterCannotForgeOtherSubscribersReplies() {
        Throwable failure = sendFailure(subscriberUser(1), TopicCatalogue.replyTopic(12));

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    /** Reads the topic as a requester of the subscriber and expects the broker to refuse it. */
    private static void assertReadRejected(int subscriber, String topic) {
        Properties properties = clientProperties(subscriberUser(subscriber));
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));

            Throwable failure = pollFailure(consumer);

            assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
            assertThat(((TopicAuthorizationException) failure).unauthorizedTopics()).containsExactly(topic);
        }
    }

    @Test
    void requesterCannotWriteOtherSubscribersRequests() {
        String topic = TopicCatalogue.requestTopic(12, REGISTRATIONS.get(12).coordinator());

        Throwable failure = sendFailure(subscriberUser(1), topic);

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void requesterCannotWriteKeyRequests() {
        Throwable failure = sendFailure(subscriberUser(1), TopicCatalogue.KEY_REQUESTS);

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void requesterWritesOwnRequests() {
        String topic = TopicCatalogue.requestTopic(1, REGISTRATIONS.get(1).coordinator());

        Throwable failure = sendFailure(subscriberUser(1), topic);

        // The record is no valid frame, so the coordinator drops it: this only shows that the broker accepts it.
        assertThat(failure).as("the same user and producer settings are allowed on its own topic").isNull();
    }

    @Test
    void clientWithoutCredentialsCannotProduce() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);

        Throwable failure = sendFailure(properties, TopicCatalogue.registrationRequestTopic(1));

        assertThat(failure).as("a plaintext client never completes the SASL handshake")
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void clientWithWrongPasswordIsRejected() {
        Properties properties = clientProperties(subscriberUser(1));
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + subscriberUser(1) + "\" password=\"wrong\";");

        Throwable failure = sendFailure(properties, TopicCatalogue.registrationRequestTopic(1));

        assertThat(failure).isInstanceOf(SaslAuthenticationException.class);
    }

    /** Returns the ACLs of every role and of both subscribers, each bound to the user that runs it. */
    private static List<AclBinding> aclBindings(ServiceConfig config) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Role role : Role.values()) {
            AclPlan.forRole(role, config).forEach(grant -> bindings.add(binding(grant, roleUser(role))));
        }
        for (int subscriber : SUBSCRIBERS) {
            AclPlan.forSubscriber(subscriber).forEach(grant -> bindings.add(binding(grant, subscriberUser(subscriber))));
        }
        AclPlan.forOperator().forEach(grant -> bindings.add(binding(grant, OPERATOR_USER)));
        return bindings;
    }

    /**
     * Waits until the broker's authorizer has every binding. The controller confirms new ACLs once it has committed
     * them, and the broker applies them a little later, so a role started at once can be rejected.
     */
    private static void awaitAclsOnBroker(Admin admin, List<AclBinding> bindings) throws Exception {
        long deadline = System.currentTimeMillis() + ADMIN_TIMEOUT_MS;
        Set<AclBinding> expected = new HashSet<>(bindings);
        while (true) {
            Collection<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (present.containsAll(expected)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The broker has " + present.size() + " of " + expected.size()
                        + " ACLs after " + ADMIN_TIMEOUT_MS + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static AclBinding binding(AclPlan.Grant grant, String user) {
        return new AclBinding(new ResourcePattern(grant.resourceType(), grant.name(), grant.patternType()),
                new AccessControlEntry("User:" + user, "*", grant.operation(), AclPermissionType.ALLOW));
    }

    private static String roleUser(Role role) {
        return "eaas-" + role.cliName();
    }

    private static String subscriberUser(int subscriber) {
        return "subscriber-" + subscriber;
    }

    private static EaasClientConfig clientConfig(int subscriber) {
        return EaasClientConfig.builder()
                .bootstrapServers(broker.bootstrapServers())
                .requestTimeoutMs(PipelineFixture.REQUEST_TIMEOUT_MS)
                .kafkaProperties(broker.saslClientProperties(subscriberUser(subscriber)))
                .build();
    }

    private static Properties clientProperties(String user) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.putAll(broker.saslClientProperties(user));
        return properties;
    }

    /** Polls until the consumer fails, and returns the failure, or null if it reads for the whole wait. */
    private static Throwable pollFailure(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
        while (System.currentTimeMillis() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(500));
            } catch (RuntimeException failure) {
                return failure;
            }
        }
        return null;
    }

    private static Throwable sendFailure(String user, String topic) {
        Properties properties = clientProperties(user);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return sendFailure(properties, topic);
    }

    /** Sends one record and returns why it failed, whether send or its result raised it, or null if it was written. */
    private static Throwable sendFailure(Properties properties, String topic) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "1", new byte[16])).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException failure) {
            return failure.getCause();
        } catch (RuntimeException failure) {
            return failure;
        } catch (InterruptedException | java.util.concurrent.TimeoutException failure) {
            throw new AssertionError("No result of a send to " + topic + " within " + WAIT_SECONDS + " s", failure);
        }
    }
}

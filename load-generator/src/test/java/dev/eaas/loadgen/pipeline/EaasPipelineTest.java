package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.client.EaasClient;
import dev.eaas.client.Registration;
import dev.eaas.client.Requester;
import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.service.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole service on a real single-node broker, driven through the requester client. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EaasPipelineTest {

    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.DEFAULT);
    private static final long WAIT_SECONDS = 60;

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() throws Exception {
        fixture = PipelineFixture.start(Map.of(ServiceConfig.HEALTH_PORT, 0, ServiceConfig.HEALTH_BIND_ADDRESS, "127.0.0.1"));
    }

    @AfterAll
    static void stopPipeline() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void healthEndpointsReportRunningRoles() throws Exception {
        String base = "http://127.0.0.1:" + fixture.service().healthPort();

        // Other tests here add subscriber topics, so a role may be rebalancing for a moment.
        HttpResponse<String> readiness = getUntilOk(base + "/readyz");
        HttpResponse<String> liveness = getUntilOk(base + "/livez");

        assertThat(fixture.service().healthPort()).isPositive();
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    }

    @Test
    void metricsEndpointExportsCounters() throws Exception {
        Registration registration = fixture.register(30, 1);
        try (EaasClient client = fixture.open(registration)) {
            byte[] ciphertext = client.requester(1).encrypt(2, new byte[]{1, 2, 3}).get(WAIT_SECONDS, TimeUnit.SECONDS);
            client.requester(2).decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        String uri = "http://127.0.0.1:" + fixture.service().healthPort() + "/metrics";

        // The metrics of tasks assigned after start appear at the next refresh of the metric list.
        HttpResponse<String> response = getUntil(uri,
                body -> body.contains("kafka_stream_eaas_key_manager_keys_generated_total{"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("kafka_stream_eaas_coordinator_dropped_wrong_token_total{")
                .contains("kafka_stream_eaas_cryptor_encryptions_total{")
                .contains("kafka_stream_eaas_key_manager_keys_generated_total{")
                .contains("role=\"key-manager\"")
                .contains("jvm_memory_used_bytes");
    }

    /** Sends GET requests until one returns 200 or {@link #WAIT_SECONDS} pass, and returns the last response. */
    private static HttpResponse<String> getUntilOk(String uri) throws Exception {
        return getUntil(uri, body -> true);
    }

    /**
     * Sends GET requests until one returns 200 with a body that passes the check, or {@link #WAIT_SECONDS} pass, and
     * returns the last response.
     */
    private static HttpResponse<String> getUntil(String uri, Predicate<String> check) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        while ((response.statusCode() != 200 || !check.test(response.body())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void pairDecryptsWhatRequesterEncrypted(int deceptionFactorBits) throws Exception {
        Registration registration = fixture.register(10 + deceptionFactorBits, deceptionFactorBits);
        byte[] plaintext = ("{\"order\":42,\"d\":" + deceptionFactorBits + "}").getBytes(StandardCharsets.UTF_8);

        try (EaasClient client = fixture.open(registration)) {
            byte[] ciphertext = client.requester(1).encrypt(2, plaintext).get(WAIT_SECONDS, TimeUnit.SECONDS);
            byte[] decrypted = client.requester(2).decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(registration.deceptionFactorBits()).isEqualTo(deceptionFactorBits);
            assertThat(ciphertext).isNotEqualTo(plaintext);
            assertThat(decrypted).isEqualTo(plaintext);
            assertThat(client.counters().framesSent()).as("2^d encrypt frames and one decrypt frame")
                    .isEqualTo((1L << deceptionFactorBits) + 1);
            // The real reply completes the future; decoys sent after it may still be on their way.
            long expectedDecoys = (1L << deceptionFactorBits) - 1;
            awaitUntil(() -> client.counters().decoyRepliesIgnored() >= expectedDecoys);
            assertThat(client.counters().decoyRepliesIgnored()).as("2^d - 1 decoy decryption replies")
                    .isEqualTo(expectedDecoys);
        }
    }

    @Test
    void busyPairIsServedWithLentKeys() throws Exception {
        Registration registration = fixture.register(21, 1);
        try (EaasClient client = fixture.open(registration)) {
            Requester sender = client.requester(1);
            Requester receiver = client.requester(2);
            double lookupsBefore = fixture.counter(Role.KEY_MANAGER, "key-lookups");
            double lentBefore = fixture.lentKeyOperations();

            List<byte[]> ciphertexts = new ArrayList<>();
            for (String text : List.of("first", "second", "third")) {
                ciphertexts.add(sender.encrypt(2, text.getBytes(StandardCharsets.UTF_8)).get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            List<String> opened = new ArrayList<>();
            for (byte[] ciphertext : ciphertexts) {
                opened.add(new String(receiver.decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS),
                        StandardCharsets.UTF_8));
            }

            assertThat(opened).containsExactly("first", "second", "third");
            // The pair's first request requests no lease, and its second brings one back.
            assertThat(fixture.counter(Role.KEY_MANAGER, "key-lookups") - lookupsBefore).isEqualTo(2);
            assertThat(fixture.lentKeyOperations() - lentBefore).isEqualTo(4);
        }
    }

    @Test
    void wrongTokenCostsNoKeyLookupOrCrypto() throws Exception {
        Registration registration = fixture.register(20, 2);
        try (EaasClient client = fixture.open(registration);
             KafkaProducer<String, byte[]> producer = fixture.rawProducer()) {
            Requester requester = client.requester(1);
            byte[] warmUp = requester.encrypt(2, new byte[16]).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(warmUp).isNotEmpty();
            double droppedBefore = fixture.counter(Role.COORDINATOR, "dropped-wrong-token");
            double servedBefore = fixture.servedRequests();
            double cryptoBefore = cryptoOperations();

            String topic = TopicCatalogue.requestTopic(20, registration.coordinator());
            int flood = 0;
            for (int token = 0; token < 4; token++) {
                if (token != registration.token()) {
                    Frame forged = new Frame(20, 1, 777, RequestType.ENCRYPT, 2, token, 2, new byte[16]);
                    producer.send(new ProducerRecord<>(topic, "1", CODEC.encode(forged))).get();
                    flood++;
                }
            }
            // Same requester, so the same partition: once this reply arrives the flood has been processed. The
            // fence's decoys sent after its real frame may still be on their way.
            requester.encrypt(2, new byte[16]).get(WAIT_SECONDS, TimeUnit.SECONDS);
            int expectedDropped = flood + 3;
            awaitUntil(() -> fixture.counter(Role.COORDINATOR, "dropped-wrong-token") - droppedBefore >= expectedDropped);

            assertThat(fixture.counter(Role.COORDINATOR, "dropped-wrong-token") - droppedBefore)
                    .as("the forged frames and the fence's own decoys").isEqualTo(expectedDropped);
            assertThat(fixture.servedRequests() - servedBefore).isEqualTo(1);
            assertThat(cryptoOperations() - cryptoBefore).isEqualTo(1);
        }
    }

    @Test
    void unregisteredSubscriberGetsNotRegisteredReply() throws Exception {
        int stranger = 30;
        String requestTopic = TopicCatalogue.requestTopic(stranger, 1);
        createTopics(TopicCatalogue.singleBroker().subscriberTopics(stranger, 1).stream().map(spec -> spec).toList());

        try (KafkaProducer<String, byte[]> producer = fixture.rawProducer();
             KafkaConsumer<String, byte[]> replies = fixture.rawConsumer()) {
            replies.assign(partitions(replies, TopicCatalogue.replyTopic(stranger)));
            Frame frame = new Frame(stranger, 4, 5, RequestType.DECRYPT, 6, 0, 0, new byte[40]);
            producer.send(new ProducerRecord<>(requestTopic, "4", CODEC.encode(frame))).get();

            ConsumerRecord<String, byte[]> reply = pollOne(replies);
            assertThat(new String(reply.headers().lastHeader(ReplyHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8))
                    .isEqualTo(ErrorCode.NOT_REGISTERED.name());
            Frame decoded = CODEC.decode(reply.value(), 0);
            assertThat(decoded.requester()).isEqualTo(4);
            assertThat(decoded.sequence()).isEqualTo(5);
            assertThat(new String(decoded.data(), StandardCharsets.UTF_8)).isEqualTo("subscriber 30 is not registered with coordinator 1");
        }
        assertThatServiceStillServes(31);
    }

    @Test
    void tooShortFrameIsDeadLettered() throws Exception {
        Registration registration = fixture.register(32, 1);
        try (EaasClient client = fixture.open(registration);
             KafkaProducer<String, byte[]> producer = fixture.rawProducer();
             KafkaConsumer<String, DeadLetter> deadLetters = fixture.rawConsumer(AvroSerde.of(DeadLetter.class))) {
            deadLetters.assign(partitions(deadLetters, TopicCatalogue.DEAD_LETTERS));
            deadLetters.seekToEnd(deadLetters.assignment());
            deadLetters.assignment().forEach(deadLetters::position);

            String topic = TopicCatalogue.requestTopic(32, registration.coordinator());
            producer.send(new ProducerRecord<>(topic, "1", new byte[] {1, 2, 3})).get();
            byte[] plaintext = "after the bad frame".getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = client.requester(1).encrypt(2, plaintext).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(client.requester(2).decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(plaintext);
            DeadLetter letter = pollOne(deadLetters).value();
            assertThat(letter.getComponent()).isEqualTo("coordinator");
            assertThat(letter.getSourceTopic()).isEqualTo(topic);
            assertThat(letter.getReason()).isEqualTo("Frame of 3 bytes is too short to hold a header of 69 bits (s=16, r=16, n=20)");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void pairKeyIsSameWhicheverSideAsksFirst(boolean lowerAsksFirst) throws Exception {
        int subscriber = lowerAsksFirst ? 40 : 42;
        Registration registration = fixture.register(subscriber, 1);
        try (EaasClient client = fixture.open(registration)) {
            Requester first = client.requester(lowerAsksFirst ? 1 : 2);
            Requester second = client.requester(lowerAsksFirst ? 2 : 1);
            byte[] fromFirst = "first asks".getBytes(StandardCharsets.UTF_8);
            byte[] fromSecond = "second asks".getBytes(StandardCharsets.UTF_8);

            byte[] sealedByFirst = first.encrypt(second.id(), fromFirst).get(WAIT_SECONDS, TimeUnit.SECONDS);
            byte[] sealedBySecond = second.encrypt(first.id(), fromSecond).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(second.decrypt(first.id(), sealedByFirst).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(fromFirst);
            assertThat(first.decrypt(second.id(), sealedBySecond).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(fromSecond);
            assertThat(keyCount(subscriber)).isEqualTo(1);
        }
    }

    @Test
    void concurrentFirstRequestsCreateOneKeyPerPair() throws Exception {
        int subscriber = 41;
        int pairs = 40;
        Registration registration = fixture.register(subscriber, 1);
        double createdBefore = fixture.counter(Role.KEY_MANAGER, "keys-generated");
        try (EaasClient client = fixture.open(registration)) {
            List<CompletableFuture<Void>> crossChecks = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                int low = 2 * i + 1;
                int high = 2 * i + 2;
                byte[] lowText = ("from " + low).getBytes(StandardCharsets.UTF_8);
                byte[] highText = ("from " + high).getBytes(StandardCharsets.UTF_8);
                CompletableFuture<byte[]> lowSealed = client.requester(low).encrypt(high, lowText);
                CompletableFuture<byte[]> highSealed = client.requester(high).encrypt(low, highText);
                crossChecks.add(lowSealed.thenCompose(sealed -> client.requester(high).decrypt(low, sealed))
                        .thenAccept(opened -> assertThat(opened).isEqualTo(lowText)));
                crossChecks.add(highSealed.thenCompose(sealed -> client.requester(low).decrypt(high, sealed))
                        .thenAccept(opened -> assertThat(opened).isEqualTo(highText)));
            }

            CompletableFuture.allOf(crossChecks.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        assertThat(keyCount(subscriber)).isEqualTo(pairs);
        assertThat(fixture.counter(Role.KEY_MANAGER, "keys-generated") - createdBefore).isEqualTo(pairs);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Returns the operations of the cryptors and those the coordinator served with lent keys. */
    private static double cryptoOperations() {
        return fixture.counter(Role.CRYPTOR, "encryptions") + fixture.counter(Role.CRYPTOR, "decryptions")
                + fixture.lentKeyOperations();
    }

    private static long keyCount(int subscriber) {
        ReadOnlyKeyValueStore<PairKey, PairKeyRing> keys = fixture.service().streams(Role.KEY_MANAGER).store(
                StoreQueryParameters.fromNameAndType(KeyManagerTopology.KEY_STORE, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        try (KeyValueIterator<PairKey, PairKeyRing> all = keys.all()) {
            while (all.hasNext()) {
                if (all.next().key.getSubscriber() == subscriber) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void assertThatServiceStillServes(int subscriber) throws Exception {
        try (EaasClient client = fixture.open(fixture.register(subscriber, 0))) {
            byte[] plaintext = "still serving".getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = client.requester(1).encrypt(2, plaintext).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(client.requester(2).decrypt(1, ciphertext).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(plaintext);
        }
    }

    private static void createTopics(List<dev.eaas.topics.TopicSpec> topics) {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers()))) {
            TopicCatalogue.createMissing(admin, topics, 30_000);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private static <V> ConsumerRecord<String, V> pollOne(KafkaConsumer<String, V> consumer) {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("No record arrived within " + WAIT_SECONDS + " s");
    }
}

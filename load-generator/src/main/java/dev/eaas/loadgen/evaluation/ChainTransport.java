package dev.eaas.loadgen.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The service-mesh link between the services of a chain: a plain Kafka topic. A sender writes a record keyed
 * {@code <chain>/<hop>}, and the receiver's consumer, one thread for every service, completes the future that
 * waits for that key. A header says whether the value is sealed or raw, as a sidecar would know from the
 * content type.
 */
public final class ChainTransport implements AutoCloseable {

    /** The topic of the chain's documents. */
    public static final String TOPIC = "eaas-evaluation.chain";

    /** Header whose value is {@code sealed} or {@code raw}. */
    public static final String PROTECTION_HEADER = "eaas-evaluation-protection";

    /** A document as the receiving service gets it. */
    public record Delivery(byte[] value, boolean sealed) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<Delivery>> waiting = new ConcurrentHashMap<>();
    private final Thread receiver;
    private volatile boolean closed;

    public ChainTransport(String bootstrapServers) {
        createTopic(bootstrapServers);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        receiver = new Thread(this::receive, "eaas-evaluation-chain-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Sends one hop's document and returns the future of its delivery to the receiving service. */
    public CompletableFuture<Delivery> send(String key, byte[] value, boolean sealed) {
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        waiting.put(key, delivery);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, 0, key, value);
        record.headers().add(PROTECTION_HEADER, (sealed ? "sealed" : "raw").getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                waiting.remove(key);
                delivery.completeExceptionally(failure);
            }
        });
        return delivery;
    }

    /** Returns whether a chain record is sealed, from its protection header. */
    public static boolean isSealed(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(PROTECTION_HEADER);
        return header != null && "sealed".equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    private void receive() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    CompletableFuture<Delivery> delivery = record.key() == null ? null : waiting.remove(record.key());
                    if (delivery != null) {
                        delivery.complete(new Delivery(record.value(), isSealed(record)));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() wakes the consumer up.
        } finally {
            consumer.close();
        }
    }

    private static void createTopic(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failure) {
            if (!(failure.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Failed to create topic " + TOPIC + ": " + failure.getCause(), failure);
            }
        } catch (TimeoutException failure) {
            throw new IllegalStateException("Timed out creating topic " + TOPIC + " at " + bootstrapServers, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + TOPIC, interrupted);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            receiver.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        waiting.values().forEach(delivery -> delivery.cancel(false));
    }
}

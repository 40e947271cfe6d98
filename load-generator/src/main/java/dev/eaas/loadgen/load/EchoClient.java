package dev.eaas.loadgen.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester side of the echo path: sends a value to the request topic under a fresh 8-byte correlation id as
 * the key, and completes the exchange when the record with that key comes back on the reply topic. The producer
 * has the EaaS client's settings ({@code linger.ms} 1, {@code acks=all}, idempotence).
 *
 * <p>A reply that matches no open exchange, for example one that came after its exchange timed out, is
 * ignored. Futures complete on the client's reply thread, so callbacks attached to them must not block.
 */
final class EchoClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EchoClient.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread replyThread;
    private final Map<Long, CompletableFuture<byte[]>> open = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelationId = new AtomicLong();
    private final long timeoutMs;
    private volatile boolean closed;

    /**
     * Connects, and positions the reply consumer at the current end of every reply partition before returning,
     * so that no reply to an exchange started afterwards is missed.
     */
    EchoClient(String bootstrapServers, long timeoutMs) {
        this(bootstrapServers, timeoutMs, Map.of());
    }

    /**
     * Connects as {@link #EchoClient(String, long)} does, with {@code producerOverrides} replacing or adding
     * producer settings, so that a comparison can give the echo client the same settings as the EaaS client.
     */
    EchoClient(String bootstrapServers, long timeoutMs, Map<String, String> producerOverrides) {
        this.timeoutMs = timeoutMs;
        Properties producerSettings = producerSettings(bootstrapServers, timeoutMs);
        producerSettings.putAll(producerOverrides);
        this.producer = new KafkaProducer<>(producerSettings);
        this.consumer = new KafkaConsumer<>(consumerSettings(bootstrapServers));
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(EchoService.REPLY_TOPIC, Duration.ofMillis(timeoutMs))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(partition -> consumer.position(partition, Duration.ofMillis(timeoutMs)));
        } catch (RuntimeException failure) {
            consumer.close();
            producer.close();
            throw failure;
        }
        this.replyThread = new Thread(this::readReplies, "eaas-load-echo-replies");
        replyThread.setDaemon(true);
        replyThread.start();
    }

    /** Sends {@code value} through the echo service; the future completes with the value that came back. */
    CompletableFuture<byte[]> exchange(byte[] value) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The echo client is closed"));
        }
        long correlationId = nextCorrelationId.incrementAndGet();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        open.put(correlationId, reply);
        reply.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> open.remove(correlationId));
        byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(correlationId).array();
        producer.send(new ProducerRecord<>(EchoService.REQUEST_TOPIC, key, value), (metadata, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            }
        });
        return reply;
    }

    private void readReplies() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (record.key() == null || record.key().length != Long.BYTES) {
                        continue;
                    }
                    CompletableFuture<byte[]> reply = open.get(ByteBuffer.wrap(record.key()).getLong());
                    if (reply != null) {
                        reply.complete(record.value());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up.
        } catch (RuntimeException failure) {
            LOG.error("The echo client's reply reader failed; open exchanges will time out", failure);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            replyThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(30));
        open.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("The echo client was closed")));
    }

    private static Properties producerSettings(String bootstrapServers, long timeoutMs) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "eaas-load-echo-requester");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }

    private static Properties consumerSettings(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "eaas-load-echo-replies");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }
}

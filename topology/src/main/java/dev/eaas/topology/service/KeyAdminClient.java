package dev.eaas.topology.service;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends an operator command to the key managers and collects their replies: one from the task that owns the
 * pair, or one from every task for a whole subscriber.
 */
final class KeyAdminClient implements AutoCloseable {

    private final String bootstrapServers;
    private final Admin admin;
    private final KafkaProducer<byte[], KeyAdminRequest> producer;
    private final KafkaConsumer<String, KeyAdminReply> consumer;

    /** @param clientSettings Kafka client settings: bootstrap servers and, where used, security settings */
    KeyAdminClient(Map<String, Object> clientSettings) {
        this.bootstrapServers = String.valueOf(clientSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try {
            this.admin = Admin.create(only(clientSettings, AdminClientConfig.configNames()));
        } catch (KafkaException invalid) {
            throw new IllegalStateException("Cannot connect to the brokers at " + bootstrapServers + ": "
                    + (invalid.getCause() == null ? invalid.getMessage() : invalid.getCause().getMessage()), invalid);
        }
        Map<String, Object> producerSettings = only(clientSettings, ProducerConfig.configNames());
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                AvroSerde.of(KeyAdminRequest.class).serializer());
        Map<String, Object> consumerSettings = only(clientSettings, ConsumerConfig.configNames());
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerSettings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerSettings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
                AvroSerde.of(KeyAdminReply.class).deserializer());
    }

    /**
     * Sends the command and waits for every reply.
     *
     * @throws IllegalStateException if the topics are missing or unequal, or not every task replies in time
     */
    List<KeyAdminReply> send(KeyAdminRequest command, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        int partitions = matchingPartitionCount(timeout);
        List<TopicPartition> replyPartitions = new ArrayList<>();
        admin.describeTopics(List.of(TopicCatalogue.KEY_ADMIN_REPLIES)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(TopicCatalogue.KEY_ADMIN_REPLIES).partitions()
                .forEach(info -> replyPartitions.add(new TopicPartition(TopicCatalogue.KEY_ADMIN_REPLIES, info.partition())));
        consumer.assign(replyPartitions);
        consumer.seekToEnd(replyPartitions);
        replyPartitions.forEach(consumer::position);

        TreeSet<Integer> waiting = new TreeSet<>();
        if (command.getPair() != null) {
            // The partition the producer's default partitioner gives the pair's key requests, so the command
            // reaches the task that stores the pair's keys.
            byte[] key = new PairKeySerde().serializer().serialize(TopicCatalogue.KEY_REQUESTS, command.getPair());
            waiting.add(Utils.toPositive(Utils.murmur2(key)) % partitions);
        } else {
            for (int partition = 0; partition < partitions; partition++) {
                waiting.add(partition);
            }
        }
        for (int partition : waiting) {
            producer.send(new ProducerRecord<>(TopicCatalogue.KEY_ADMIN, partition, null, command))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        Map<Integer, KeyAdminReply> replies = new TreeMap<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, KeyAdminReply> record : consumer.poll(Duration.ofMillis(200))) {
                KeyAdminReply reply = record.value();
                if (reply != null && command.getRequestId().equals(reply.getRequestId()) && waiting.remove(reply.getPartition())) {
                    replies.put(reply.getPartition(), reply);
                }
            }
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("No reply within " + timeout.toMillis() + " ms from the key manager tasks of "
                    + TopicCatalogue.KEY_ADMIN + " partitions " + waiting + "; is the key manager running? The command"
                    + " stays on the topic and runs when it starts, so check with 'keys list' before sending it again.");
        }
        return new ArrayList<>(replies.values());
    }

    private int matchingPartitionCount(Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> topics;
        try {
            topics = admin.describeTopics(List.of(TopicCatalogue.KEY_REQUESTS, TopicCatalogue.KEY_ADMIN,
                    TopicCatalogue.KEY_ADMIN_REPLIES)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException timedOut) {
            throw unreachable(timeout, timedOut);
        } catch (ExecutionException missing) {
            if (missing.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(timeout, missing.getCause());
            }
            throw new IllegalStateException("Cannot find the key administration topics " + TopicCatalogue.KEY_ADMIN + " and "
                    + TopicCatalogue.KEY_ADMIN_REPLIES + " (" + missing.getCause().getMessage()
                    + "); start the service once so that it creates them", missing);
        }
        int requests = topics.get(TopicCatalogue.KEY_REQUESTS).partitions().size();
        int commands = topics.get(TopicCatalogue.KEY_ADMIN).partitions().size();
        if (requests != commands) {
            throw new IllegalStateException("Topic " + TopicCatalogue.KEY_ADMIN + " has " + commands + " partitions but "
                    + TopicCatalogue.KEY_REQUESTS + " has " + requests + "; they must be equal for a command to reach the"
                    + " task that owns a pair");
        }
        return requests;
    }

    private IllegalStateException unreachable(Duration timeout, Throwable cause) {
        return new IllegalStateException("Timed out after " + timeout.toMillis() + " ms looking up the key topics at "
                + bootstrapServers + "; check --bootstrap-servers and that the brokers run. Nothing was sent.", cause);
    }

    private static Map<String, Object> only(Map<String, Object> settings, java.util.Set<String> names) {
        Map<String, Object> filtered = new HashMap<>(settings);
        filtered.keySet().retainAll(names);
        return filtered;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}

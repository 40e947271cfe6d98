package dev.eaas.topology.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the key manager can write its key store's changelog. With {@code acks=all}, a write succeeds
 * only when {@code min.insync.replicas} replicas have it, so a changelog with fewer replicas than that rejects every
 * key, and the key manager would fail on its first new pair.
 *
 * <p>A missing changelog is created here, as Kafka Streams would create it (compacted, the partition count of the
 * key requests, {@code topics.replication.factor} replicas), so that its effective {@code min.insync.replicas},
 * which the broker's default decides, can be read before any key depends on it.
 */
final class ChangelogCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogCheck.class);
    private static final long VISIBILITY_POLL_MS = 50;

    private ChangelogCheck() {
    }

    /**
     * Creates the changelog if it is missing, then fails unless its replication factor reaches its
     * {@code min.insync.replicas}.
     *
     * @throws IllegalStateException naming the topic, both numbers and what to do, or if the cluster does not respond in time
     */
    static void requireWritable(Admin admin, String changelog, int partitions, short replicationFactor, long timeoutMs) {
        try {
            createIfMissing(admin, changelog, partitions, replicationFactor, timeoutMs);
            TopicDescription description = await(admin.describeTopics(List.of(changelog)).allTopicNames(), timeoutMs)
                    .get(changelog);
            int replicas = description.partitions().stream().mapToInt(partition -> partition.replicas().size()).min()
                    .orElse(0);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
            Config config = await(admin.describeConfigs(Set.of(resource)).all(), timeoutMs).get(resource);
            ConfigEntry minInSync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int required = minInSync == null ? 1 : Integer.parseInt(minInSync.value());
            if (replicas < required) {
                throw new IllegalStateException("The key store changelog " + changelog + " has " + replicas
                        + " replica(s) but min.insync.replicas " + required + ", so the brokers would reject every key the"
                        + " key manager writes. Raise its replication factor to at least " + required + " (kafka-reassign-partitions),"
                        + " or, while it holds no keys, delete it and start again with topics.replication.factor=" + required
                        + " or more.");
            }
            LOG.info("Key store changelog {}: {} replica(s), min.insync.replicas {}", changelog, replicas, required);
        } catch (ExecutionException failure) {
            throw new IllegalStateException("Failed to check the key store changelog " + changelog + ": " + failure.getCause(),
                    failure.getCause());
        } catch (TimeoutException failure) {
            throw new IllegalStateException("Timed out after " + timeoutMs + " ms checking the key store changelog "
                    + changelog + "; check that the brokers are reachable", failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the key store changelog " + changelog, interrupted);
        }
    }

    private static void createIfMissing(Admin admin, String changelog, int partitions, short replicationFactor,
                                        long timeoutMs) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            await(admin.describeTopics(List.of(changelog)).allTopicNames(), timeoutMs);
            return;
        } catch (ExecutionException failure) {
            if (!(failure.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw failure;
            }
        }
        NewTopic topic = new NewTopic(changelog, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            await(admin.createTopics(List.of(topic)).all(), timeoutMs);
            LOG.info("Created the key store changelog {} with {} partitions and {} replica(s)", changelog, partitions,
                    replicationFactor);
        } catch (ExecutionException failure) {
            if (!(failure.getCause() instanceof TopicExistsException)) {
                throw failure;
            }
        }
        awaitVisible(admin, changelog, timeoutMs);
    }

    /** Waits until the topic appears in the metadata of the broker that handles the describe request. */
    private static void awaitVisible(Admin admin, String changelog, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                await(admin.describeTopics(List.of(changelog)).allTopicNames(), timeoutMs);
                return;
            } catch (ExecutionException failure) {
                if (!(failure.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadlineMs) {
                    throw failure;
                }
            }
            Thread.sleep(VISIBILITY_POLL_MS);
        }
    }

    private static <T> T await(KafkaFuture<T> future, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    }
}

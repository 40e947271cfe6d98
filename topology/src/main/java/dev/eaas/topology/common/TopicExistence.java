package dev.eaas.topology.common;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Checks that a topic exists before a processor writes to it. Kafka Streams stops a stream thread whose write to a
 * missing topic fails, so one record naming a subscriber without topics would otherwise stop a role.
 *
 * <p>A topic found once is remembered for good, so the check costs a map lookup on the hot path. A topic found
 * missing is remembered for {@link #MISSING_RECHECK_MS}, which bounds the admin calls a flood of such records can
 * cause. Each processor instance owns one checker, and its admin client is created on the first cache miss.
 *
 * <p>A topic's partition count is looked up once and then remembered for good.
 * NOTE: a partition count raised later is therefore seen only after the role restarts.
 */
public final class TopicExistence implements TopicCheck {

    public static final long MISSING_RECHECK_MS = 5_000;
    private static final long ADMIN_TIMEOUT_MS = 10_000;

    private final Map<String, Object> adminConfigs;
    private final Set<String> existing = new HashSet<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final Map<String, Long> missingSinceMs = new HashMap<>();
    private Admin admin;

    /** Creates a checker that connects with the admin client settings found among {@code appConfigs}. */
    public TopicExistence(Map<String, Object> appConfigs) {
        Map<String, Object> configs = new HashMap<>(appConfigs);
        configs.keySet().retainAll(AdminClientConfig.configNames());
        this.adminConfigs = configs;
    }

    /**
     * Returns whether the topic exists.
     *
     * @throws StreamsException if the cluster does not respond within 10 s
     */
    @Override
    public boolean exists(String topic) {
        if (existing.contains(topic)) {
            return true;
        }
        Long missingMs = missingSinceMs.get(topic);
        long nowMs = System.currentTimeMillis();
        if (missingMs != null && nowMs - missingMs < MISSING_RECHECK_MS) {
            return false;
        }
        boolean found = describe(topic) != null;
        if (found) {
            existing.add(topic);
            missingSinceMs.remove(topic);
        } else {
            missingSinceMs.put(topic, nowMs);
        }
        return found;
    }

    /**
     * Returns the partition count of the topic.
     *
     * @throws StreamsException if the topic does not exist or the cluster does not respond within 10 s
     */
    @Override
    public int partitionCount(String topic) {
        Integer known = partitionCounts.get(topic);
        if (known != null) {
            return known;
        }
        TopicDescription description = describe(topic);
        if (description == null) {
            throw new StreamsException("Failed to look up the partition count of topic " + topic + ": it does not exist");
        }
        existing.add(topic);
        return description.partitions().size();
    }

    /** Returns the topic's description, or null if the topic does not exist. */
    private TopicDescription describe(String topic) {
        if (admin == null) {
            admin = Admin.create(adminConfigs);
        }
        try {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
            partitionCounts.put(topic, description.partitions().size());
            return description;
        } catch (ExecutionException failure) {
            if (failure.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new StreamsException("Failed to check that topic " + topic + " exists", failure.getCause());
        } catch (TimeoutException timeout) {
            throw new StreamsException("Timed out after " + ADMIN_TIMEOUT_MS + " ms checking that topic " + topic
                    + " exists", timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while checking that topic " + topic + " exists", interrupted);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}

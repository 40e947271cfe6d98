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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Checks that a topic exists before a processor writes to it. Kafka Streams stops a stream thread whose write to a
 * missing topic fails, so one record naming a subscriber without topics would otherwise stop a role.
 *
 * <p>A topic found once is remembered for good, so the check costs a map lookup on the hot path. A topic found
 * missing is remembered for {@link #MISSING_RECHECK_MS}, which bounds the admin calls a flood of such records can
 * cause. Each processor instance owns one checker, and its admin client is created on the first cache miss.
 */
public final class TopicExistence implements TopicCheck {

    public static final long MISSING_RECHECK_MS = 5_000;
    private static final long ADMIN_TIMEOUT_MS = 10_000;

    private final Map<String, Object> adminConfigs;
    private final Set<String> existing = new HashSet<>();
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
        boolean found = describe(topic);
        if (found) {
            existing.add(topic);
            missingSinceMs.remove(topic);
        } else {
            missingSinceMs.put(topic, nowMs);
        }
        return found;
    }

    private boolean describe(String topic) {
        if (admin == null) {
            admin = Admin.create(adminConfigs);
        }
        try {
            admin.describeTopics(Set.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException failure) {
            if (failure.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
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

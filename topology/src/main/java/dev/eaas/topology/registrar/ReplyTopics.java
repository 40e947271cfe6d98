package dev.eaas.topology.registrar;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Checks that a registration topic exists before the registrar writes to it. Kafka Streams stops a
 * stream thread that writes to a missing topic, so one bad registration would otherwise stop the
 * registrar. Registrations are rare, so the blocking admin call is acceptable here.
 */
final class ReplyTopics {

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private ReplyTopics() {
    }

    static boolean exists(Admin admin, String topic, long timeoutMs) {
        if (KNOWN.contains(topic)) {
            return true;
        }
        try {
            admin.describeTopics(Set.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            KNOWN.add(topic);
            return true;
        } catch (ExecutionException failure) {
            if (failure.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new StreamsException("Failed to check that topic " + topic + " exists", failure.getCause());
        } catch (TimeoutException timeout) {
            throw new StreamsException("Timed out after " + timeoutMs + " ms checking that topic " + topic + " exists", timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while checking that topic " + topic + " exists", interrupted);
        }
    }
}

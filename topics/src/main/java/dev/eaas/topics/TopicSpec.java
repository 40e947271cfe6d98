package dev.eaas.topics;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic as the catalogue defines it.
 *
 * @param configs topic-level configuration overrides, for example {@code cleanup.policy}
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** Returns the admin request that creates this topic. */
    public NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}

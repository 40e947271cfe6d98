package dev.eaas.topology.service;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The Kafka ACLs each identity needs, and no more: one identity per role, and one per subscriber for its
 * requesters. A role's grants are derived from its real topology (sources, sinks, stores) and the clients the
 * service runs beside it, so a topology change changes its grants with it.
 *
 * <p>Topics a sink chooses per record (a {@link org.apache.kafka.streams.processor.TopicNameExtractor}) cannot be
 * read from the topology, so this class names their prefix per sink, and rejects a topology with a dynamic sink it
 * has no prefix for.
 *
 * <p>A coordinator's group, application id and result topic carry its coordinator id, so each coordinator id needs
 * an identity of its own.
 *
 * <p>NOTE: a coordinator's read grant on request topics is the prefix {@code eaas.requests.subscriber-}, since the
 * subscriber id comes first in their names, so every coordinator id may read every request topic, which carries
 * plaintext. With several coordinator ids, a name with the coordinator id first (or one grant per subscriber
 * topic, renewed as subscribers register) would narrow it to that coordinator's topics.
 */
public final class AclPlan {

    /** One ACL entry: allow {@code operation} on the resource {@code name}, matched literally or as a prefix. */
    public record Grant(ResourceType resourceType, String name, PatternType patternType, AclOperation operation) {
    }

    /**
     * Operations Kafka Streams needs on its internal topics, which it creates itself. No DELETE: Streams deletes
     * only records of repartition topics, which no topology here has, and a right to delete would let a stolen
     * key manager identity destroy the key store's changelog.
     */
    private static final List<AclOperation> INTERNAL_TOPIC_OPERATIONS = List.of(AclOperation.CREATE,
            AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);

    /** The topic prefix of each sink that picks its topic per record, by role and sink name. */
    private static final Map<Role, Map<String, String>> DYNAMIC_SINKS = Map.of(
            Role.REGISTRAR, Map.of("registration-reply-sink", TopicCatalogue.REGISTRATION_PREFIX),
            Role.COORDINATOR, Map.of("reply-sink", TopicCatalogue.REPLIES_PREFIX,
                    "result-reply-sink", TopicCatalogue.REPLIES_PREFIX),
            Role.KEY_MANAGER, Map.of(),
            Role.CRYPTOR, Map.of("result-sink", TopicCatalogue.RESULTS_PREFIX));

    private AclPlan() {
    }

    /**
     * Returns the grants of a role's identity under the given settings (application id prefix, coordinator id).
     *
     * @throws IllegalStateException if the role's topology has a source pattern or a dynamic sink this plan cannot
     *     turn into a prefix
     */
    public static List<Grant> forRole(Role role, ServiceConfig config) {
        Set<Grant> grants = new LinkedHashSet<>();
        String applicationId = StreamsSettings.applicationId(config, role);
        TopologyDescription description = role.topology(config, null).describe();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                addNode(role, node, grants);
            }
        }
        for (TopologyDescription.GlobalStore store : description.globalStores()) {
            store.source().topicSet().forEach(topic -> topic(grants, topic, PatternType.LITERAL, AclOperation.READ));
        }
        // Changelog topics and any repartition topics Kafka Streams creates carry the application id as prefix.
        for (AclOperation operation : INTERNAL_TOPIC_OPERATIONS) {
            topic(grants, applicationId + "-", PatternType.PREFIXED, operation);
        }
        grants.add(new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(StreamsSettings.forRole(config, role)
                .getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            // Transactional ids under exactly-once are the application id, a process id and a thread index.
            grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, AclOperation.WRITE));
            grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, AclOperation.DESCRIBE));
        }
        addServiceClients(role, config, grants);
        return List.copyOf(grants);
    }

    /**
     * Returns the grants of a subscriber's requesters: register, write its own request topics, read its own reply
     * and registration topics, and create those topics, which the client does at registration.
     *
     * <p>NOTE: creating its own topics lets a subscriber choose their partition count and configuration. It can
     * also create a request topic for a coordinator id it was not given, which that coordinator's pattern then reads.
     * That coordinator rejects each frame there, because the subscriber is not its own. Topics created by the
     * registrar or by the operator who admits the subscriber, or a broker-side create-topic policy, would close both.
     */
    public static List<Grant> forSubscriber(int subscriber) {
        Set<Grant> grants = new LinkedHashSet<>();
        String registration = TopicCatalogue.registrationRequestTopic(subscriber);
        topic(grants, registration, PatternType.LITERAL, AclOperation.WRITE);
        topic(grants, registration, PatternType.LITERAL, AclOperation.CREATE);
        String requests = TopicCatalogue.requestTopicPrefix(subscriber);
        topic(grants, requests, PatternType.PREFIXED, AclOperation.WRITE);
        topic(grants, requests, PatternType.PREFIXED, AclOperation.CREATE);
        for (String own : List.of(TopicCatalogue.replyTopic(subscriber), TopicCatalogue.registrationReplyTopic(subscriber))) {
            topic(grants, own, PatternType.LITERAL, AclOperation.READ);
            topic(grants, own, PatternType.LITERAL, AclOperation.CREATE);
        }
        return List.copyOf(grants);
    }

    /**
     * Returns the grants of an operator who runs {@code ./eaas keys}: send commands, read the replies, and read
     * the partition count of the key request topic, which decides where a pair's command goes.
     */
    public static List<Grant> forOperator() {
        Set<Grant> grants = new LinkedHashSet<>();
        topic(grants, TopicCatalogue.KEY_ADMIN, PatternType.LITERAL, AclOperation.WRITE);
        topic(grants, TopicCatalogue.KEY_ADMIN_REPLIES, PatternType.LITERAL, AclOperation.READ);
        topic(grants, TopicCatalogue.KEY_REQUESTS, PatternType.LITERAL, AclOperation.DESCRIBE);
        return List.copyOf(grants);
    }

    private static void addNode(Role role, TopologyDescription.Node node, Set<Grant> grants) {
        if (node instanceof TopologyDescription.Source source) {
            if (source.topicSet() != null) {
                source.topicSet().forEach(topic -> topic(grants, topic, PatternType.LITERAL, AclOperation.READ));
            } else {
                topic(grants, literalPrefix(source.topicPattern()), PatternType.PREFIXED, AclOperation.READ);
            }
        } else if (node instanceof TopologyDescription.Sink sink) {
            if (sink.topic() != null) {
                topic(grants, sink.topic(), PatternType.LITERAL, AclOperation.WRITE);
            } else {
                String prefix = DYNAMIC_SINKS.get(role).get(sink.name());
                if (prefix == null) {
                    throw new IllegalStateException("Sink " + sink.name() + " of the " + role.cliName() + " picks its"
                            + " topic per record, and the ACL plan names no topic prefix for it; add one to AclPlan");
                }
                topic(grants, prefix, PatternType.PREFIXED, AclOperation.WRITE);
            }
        }
    }

    /** Adds the grants of the clients the service runs beside a role's Kafka Streams instance. */
    private static void addServiceClients(Role role, ServiceConfig config, Set<Grant> grants) {
        if (role == Role.COORDINATOR) {
            topic(grants, TopicCatalogue.COORDINATOR_HEARTBEATS, PatternType.LITERAL, AclOperation.WRITE);
        }
        if (role.needsKek(config)) {
            // The start-up check reads the newest key rings from the key manager's changelog.
            topic(grants, KeyManagerTopology.changelogTopic(StreamsSettings.applicationId(config, Role.KEY_MANAGER)),
                    PatternType.LITERAL, AclOperation.READ);
        }
    }

    /**
     * Returns the literal start of a source pattern, for a prefixed ACL. The catalogue builds its patterns as a
     * quoted literal followed by the variable part, so the quoted part is the prefix.
     */
    static String literalPrefix(Pattern pattern) {
        String regex = pattern.pattern();
        if (!regex.startsWith("\\Q") || regex.indexOf("\\E") < 0) {
            throw new IllegalStateException("Source pattern " + regex + " does not start with a quoted literal, so no"
                    + " prefixed ACL can be derived from it");
        }
        return regex.substring(2, regex.indexOf("\\E"));
    }

    private static void topic(Set<Grant> grants, String name, PatternType patternType, AclOperation operation) {
        grants.add(new Grant(ResourceType.TOPIC, name, patternType, operation));
    }

    /** Returns every grant of the roles and of the listed subscribers, for manifests and tests. */
    public static List<Grant> all(ServiceConfig config, List<Integer> subscribers) {
        List<Grant> all = new ArrayList<>();
        for (Role role : Role.values()) {
            all.addAll(forRole(role, config));
        }
        subscribers.forEach(subscriber -> all.addAll(forSubscriber(subscriber)));
        return all;
    }
}

package dev.eaas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Every topic the service reads or writes: names, partitions and configuration, in one place.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>Each subscriber has topics of its own: its request topic for the coordinator it was assigned
 *       ({@code eaas.requests.subscriber-<s>.coordinator-<c>}), its reply topic
 *       ({@code eaas.replies.subscriber-<s>}) and its registration topic
 *       ({@code eaas.registration.subscriber-<s>}). Kafka does not tell a consumer who produced a record, so
 *       the broker can separate subscribers only by topic.</li>
 *   <li>The kind of topic comes first and the subscriber second, because Kafka's ACLs match names by prefix
 *       only. One prefixed ACL per kind then gives each role exactly the kinds it uses for every subscriber:
 *       coordinators read {@code eaas.requests.} and write {@code eaas.replies.}, the registrar writes
 *       {@code eaas.registration.}. A subscriber's own topics need one prefixed ACL, write on
 *       {@code eaas.requests.subscriber-<s>.}, and literal ones on its reply and registration topics. The
 *       trailing dot keeps subscriber 1's prefix from matching subscriber 12's topics.</li>
 *   <li>Shared topics carry the subscriber table and coordinator heartbeats. Registrations travel on each
 *       subscriber's own {@code eaas.registration-requests.subscriber-<s>}, so no subscriber can register
 *       another's id.</li>
 *   <li>Internal topics under {@code eaas.internal.} carry work between coordinators, key managers and
 *       cryptors. Only the service's own identities may use them.</li>
 * </ul>
 *
 * <p>Request and reply topics hold plaintext decoys and, for decryption replies, plaintext, so they keep
 * records for a short time only ({@link #DATA_RETENTION_MS}).
 */
public final class TopicCatalogue {

    /**
     * Prefix of the topics on which subscribers ask the registrar to register, one per subscriber, so the broker
     * lets a subscriber's requesters ask for their own subscriber id only.
     */
    public static final String REGISTRATION_REQUESTS_PREFIX = "eaas.registration-requests.";

    /** Compacted table of registered subscribers, written by the registrar and read by every coordinator. */
    public static final String SUBSCRIBERS = "eaas.subscribers";

    /** Coordinators announce that they are alive here; the registrar reads it to pick a coordinator. */
    public static final String COORDINATOR_HEARTBEATS = "eaas.internal.coordinator-heartbeats";

    /** Validated requests from coordinators to key managers, keyed by the unordered pair. */
    public static final String KEY_REQUESTS = "eaas.internal.key-requests";

    /** Requests with their pair key from key managers to cryptors, keyed by the unordered pair. */
    public static final String CRYPTO_REQUESTS = "eaas.internal.crypto-requests";

    /**
     * Operator commands for the key managers (rotate, list key metadata, set the minimum decryption version).
     * It has as many partitions as {@link #KEY_REQUESTS} and is read by the same tasks, so a command keyed by a
     * pair reaches the task that owns the pair's keys.
     */
    public static final String KEY_ADMIN = "eaas.key-admin";

    /** The key managers' replies to operator commands, keyed by the command's request id. */
    public static final String KEY_ADMIN_REPLIES = "eaas.key-admin.replies";

    /** Records that could be neither served nor replied to, with the reason. */
    public static final String DEAD_LETTERS = "eaas.dead-letters";

    /** Prefix of the coordinators' result topics, which cryptors write for every coordinator. */
    public static final String RESULTS_PREFIX = "eaas.internal.results.";

    /** Prefix of every subscriber's request topics. */
    public static final String REQUESTS_PREFIX = "eaas.requests.";

    /** Prefix of every subscriber's reply topic. */
    public static final String REPLIES_PREFIX = "eaas.replies.";

    /** Prefix of every subscriber's registration reply topic. */
    public static final String REGISTRATION_PREFIX = "eaas.registration.";

    private static final String SUBSCRIBER = "subscriber-";

    /** A subscriber topic of any kind; group 1 is the subscriber id, at most 9 digits so it fits an int. */
    private static final Pattern SUBSCRIBER_TOPIC = Pattern.compile("(?:" + Pattern.quote(REQUESTS_PREFIX + SUBSCRIBER)
            + "(\\d{1,9})\\.coordinator-\\d{1,9}|" + Pattern.quote(REPLIES_PREFIX + SUBSCRIBER) + "(\\d{1,9})|"
            + Pattern.quote(REGISTRATION_PREFIX + SUBSCRIBER) + "(\\d{1,9})|"
            + Pattern.quote(REGISTRATION_REQUESTS_PREFIX + SUBSCRIBER) + "(\\d{1,9}))");

    /** Partitions of the internal work topics unless the deployment sets others. */
    public static final int DEFAULT_WORK_PARTITIONS = 6;

    /** Partitions of a subscriber's request and reply topics unless its client sets others. */
    public static final int DEFAULT_SUBSCRIBER_PARTITIONS = 2;

    /** Retention of request and reply topics: one hour. */
    public static final long DATA_RETENTION_MS = TimeUnit.HOURS.toMillis(1);

    /** Retention of dead letters: seven days. */
    public static final long DEAD_LETTER_RETENTION_MS = TimeUnit.DAYS.toMillis(7);

    private final int workPartitions;
    private final int subscriberPartitions;
    private final short replicationFactor;

    /**
     * @param workPartitions partitions of the internal work topics; bounds how many key manager and cryptor
     *     threads can share the work
     * @param subscriberPartitions partitions of each subscriber's request and reply topics
     * @param replicationFactor replication factor of every topic
     */
    public TopicCatalogue(int workPartitions, int subscriberPartitions, short replicationFactor) {
        if (workPartitions < 1 || subscriberPartitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("Invalid catalogue: partitions and replication factor must be at least 1,"
                    + " got workPartitions=" + workPartitions + ", subscriberPartitions=" + subscriberPartitions
                    + ", replicationFactor=" + replicationFactor);
        }
        this.workPartitions = workPartitions;
        this.subscriberPartitions = subscriberPartitions;
        this.replicationFactor = replicationFactor;
    }

    /** Returns a catalogue for a single-broker development cluster. */
    public static TopicCatalogue singleBroker() {
        return new TopicCatalogue(DEFAULT_WORK_PARTITIONS, DEFAULT_SUBSCRIBER_PARTITIONS, (short) 1);
    }

    /** Returns the topic on which a subscriber's requesters send frames to the coordinator assigned to it. */
    public static String requestTopic(int subscriber, int coordinator) {
        return requestTopicPrefix(subscriber) + "coordinator-" + coordinator;
    }

    /**
     * Returns the prefix of all request topics of a subscriber, whatever its coordinator: the name a prefixed ACL
     * for its requesters uses. It ends with a dot, so it matches no other subscriber's topics.
     */
    public static String requestTopicPrefix(int subscriber) {
        return REQUESTS_PREFIX + SUBSCRIBER + subscriber + ".";
    }

    /** Returns the topic on which a subscriber's requesters receive reply frames. */
    public static String replyTopic(int subscriber) {
        return REPLIES_PREFIX + SUBSCRIBER + subscriber;
    }

    /** Returns the topic on which a subscriber's requesters ask the registrar to register it. */
    public static String registrationRequestTopic(int subscriber) {
        return REGISTRATION_REQUESTS_PREFIX + SUBSCRIBER + subscriber;
    }

    /** Returns the pattern that matches every subscriber's registration request topic, which the registrar reads. */
    public static Pattern registrationRequestTopicPattern() {
        return Pattern.compile(Pattern.quote(REGISTRATION_REQUESTS_PREFIX + SUBSCRIBER) + "\\d+");
    }

    /** Returns the topic on which a subscriber receives its registration reply. */
    public static String registrationReplyTopic(int subscriber) {
        return REGISTRATION_PREFIX + SUBSCRIBER + subscriber;
    }

    /** Returns the topic on which cryptors send results back to one coordinator. */
    public static String cryptoResultTopic(int coordinator) {
        return RESULTS_PREFIX + "coordinator-" + coordinator;
    }

    /** Returns the pattern that matches the request topics of every subscriber assigned to a coordinator. */
    public static Pattern requestTopicPattern(int coordinator) {
        return Pattern.compile(Pattern.quote(REQUESTS_PREFIX + SUBSCRIBER) + "\\d+" + Pattern.quote(".coordinator-" + coordinator));
    }

    /**
     * Returns the subscriber id in a subscriber topic's name, or -1 if the name is not a subscriber topic.
     */
    public static int subscriberOf(String topic) {
        Matcher matcher = SUBSCRIBER_TOPIC.matcher(topic);
        if (!matcher.matches()) {
            return -1;
        }
        for (int group = 1; group <= matcher.groupCount(); group++) {
            String id = matcher.group(group);
            if (id != null) {
                // A leading zero would give one subscriber two names; only the name the catalogue builds counts.
                return id.length() > 1 && id.charAt(0) == '0' ? -1 : Integer.parseInt(id);
            }
        }
        return -1;
    }

    /** Returns the shared and internal topics that must exist before any component starts. */
    public List<TopicSpec> serviceTopics() {
        return List.of(
                spec(SUBSCRIBERS, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                spec(COORDINATOR_HEARTBEATS, 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DATA_RETENTION_MS))),
                spec(KEY_REQUESTS, workPartitions, dataConfigs()),
                spec(CRYPTO_REQUESTS, workPartitions, dataConfigs()),
                spec(KEY_ADMIN, workPartitions, dataConfigs()),
                spec(KEY_ADMIN_REPLIES, 1, dataConfigs()),
                spec(DEAD_LETTERS, 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS))));
    }

    /** Returns the topic on which cryptors send results to the given coordinator. */
    public TopicSpec coordinatorTopic(int coordinator) {
        return spec(cryptoResultTopic(coordinator), workPartitions, dataConfigs());
    }

    /** Returns a subscriber's registration request and reply topics, which must exist before it registers. */
    public List<TopicSpec> registrationTopics(int subscriber) {
        return List.of(spec(registrationRequestTopic(subscriber), 1, dataConfigs()),
                spec(registrationReplyTopic(subscriber), 1, dataConfigs()));
    }

    /** Returns a subscriber's request and reply topics, which depend on its assigned coordinator. */
    public List<TopicSpec> subscriberTopics(int subscriber, int coordinator) {
        return List.of(
                spec(requestTopic(subscriber, coordinator), subscriberPartitions, dataConfigs()),
                spec(replyTopic(subscriber), subscriberPartitions, dataConfigs()));
    }

    /**
     * Creates the topics that do not exist yet and leaves existing ones as they are.
     *
     * @throws IllegalStateException if the cluster cannot be reached or rejects a topic
     */
    public static void createMissing(Admin admin, Collection<TopicSpec> topics, long timeoutMs) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(TopicSpec::toNewTopic)
                    .collect(Collectors.toCollection(ArrayList::new));
            if (missing.isEmpty()) {
                return;
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException failure) {
                    if (!(failure.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Failed to create topic " + result.getKey() + ": "
                                + failure.getCause().getMessage(), failure.getCause());
                    }
                }
            }
        } catch (ExecutionException | TimeoutException failure) {
            throw new IllegalStateException("Failed to list or create topics within " + timeoutMs
                    + " ms; check that the brokers are reachable: " + failure, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", interrupted);
        }
    }

    private TopicSpec spec(String name, int partitions, Map<String, String> configs) {
        return new TopicSpec(name, partitions, replicationFactor, configs);
    }

    private static Map<String, String> dataConfigs() {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DATA_RETENTION_MS));
    }
}

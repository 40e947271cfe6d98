package dev.eaas.topology.common;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.frame.FrameLayout;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The service's own settings, each with its type, default, allowed range and a one-line description.
 * Kafka client and Streams settings pass through unchanged: any key this class does not define is handed to
 * every role's Kafka Streams instance.
 */
public final class ServiceConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID_PREFIX = "application.id.prefix";
    public static final String STATE_DIR = "state.dir";
    public static final String FRAME_SUBSCRIBER_BITS = "frame.subscriber.bits";
    public static final String FRAME_REQUESTER_BITS = "frame.requester.bits";
    public static final String FRAME_SEQUENCE_BITS = "frame.sequence.bits";
    public static final String DECEPTION_FACTOR_MAX_BITS = "deception.factor.max.bits";
    public static final String COORDINATOR_ID = "coordinator.id";
    public static final String COORDINATOR_HEARTBEAT_INTERVAL_MS = "coordinator.heartbeat.interval.ms";
    public static final String COORDINATOR_LIVENESS_TIMEOUT_MS = "coordinator.liveness.timeout.ms";
    public static final String WORK_PARTITIONS = "topics.work.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
    public static final String STREAM_THREADS = "stream.threads";
    public static final String KEY_MANAGER_COMMIT_INTERVAL_MS = "key.manager.commit.interval.ms";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka brokers to connect to, as host:port pairs separated by commas.")
            .define(APPLICATION_ID_PREFIX, Type.STRING, "eaas", Importance.MEDIUM,
                    "Prefix of each role's Kafka Streams application id (prefix-registrar, prefix-coordinator-1, ...).")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/eaas-state", Importance.HIGH,
                    "Folder of the roles' local state stores; the key manager's keys are restored from their changelog when it is empty.")
            .define(FRAME_SUBSCRIBER_BITS, Type.INT, FrameLayout.DEFAULT.subscriberBits(),
                    Range.between(1, FrameLayout.MAX_FIELD_BITS), Importance.HIGH,
                    "Width s of the subscriber id in request frames; the same for every component and client of a deployment.")
            .define(FRAME_REQUESTER_BITS, Type.INT, FrameLayout.DEFAULT.requesterBits(),
                    Range.between(1, FrameLayout.MAX_FIELD_BITS), Importance.HIGH,
                    "Width r of requester and pair ids in request frames.")
            .define(FRAME_SEQUENCE_BITS, Type.INT, FrameLayout.DEFAULT.sequenceBits(),
                    Range.between(1, FrameLayout.MAX_FIELD_BITS), Importance.HIGH,
                    "Width n of the sequence number in request frames; sequences wrap modulo 2^n.")
            .define(DECEPTION_FACTOR_MAX_BITS, Type.INT, 8, Range.between(0, FrameLayout.MAX_TOKEN_BITS), Importance.MEDIUM,
                    "Largest deception factor d a subscriber may register with; each request then costs up to 2^d frames.")
            .define(COORDINATOR_ID, Type.INT, 1, Range.between(0, Integer.MAX_VALUE), Importance.HIGH,
                    "Id of the coordinator this process runs; instances with the same id share its subscribers' partitions.")
            .define(COORDINATOR_HEARTBEAT_INTERVAL_MS, Type.LONG, 2_000L, Range.atLeast(100L), Importance.LOW,
                    "How often a running coordinator tells the registrar that it is alive.")
            .define(COORDINATOR_LIVENESS_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100L), Importance.LOW,
                    "A coordinator silent for longer than this gets no new subscribers.")
            .define(WORK_PARTITIONS, Type.INT, TopicCatalogue.DEFAULT_WORK_PARTITIONS, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the internal work topics; bounds how many key manager and cryptor threads share the work.")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.HIGH,
                    "Replication factor of the service's topics and of Kafka Streams' internal topics.")
            .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Stream threads per role in this process.")
            .define(KEY_MANAGER_COMMIT_INTERVAL_MS, Type.LONG, 10L, Range.atLeast(1L), Importance.MEDIUM,
                    "Commit interval of the key manager, which runs exactly-once: its output becomes visible only at commit, so a longer interval adds latency to every request.");

    /**
     * @throws ConfigException if a value is invalid, or the heartbeat interval is not below the liveness timeout
     */
    public ServiceConfig(Map<?, ?> values) {
        super(DEFINITION, values, false);
        long intervalMs = getLong(COORDINATOR_HEARTBEAT_INTERVAL_MS);
        long timeoutMs = getLong(COORDINATOR_LIVENESS_TIMEOUT_MS);
        if (intervalMs > timeoutMs / 2) {
            throw new ConfigException(COORDINATOR_HEARTBEAT_INTERVAL_MS, intervalMs, "must be at most half of "
                    + COORDINATOR_LIVENESS_TIMEOUT_MS + " (" + timeoutMs + "), or a live coordinator can look dead"
                    + " between two heartbeats");
        }
    }

    /** Returns the definitions of every setting, for help text and documentation. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    public FrameLayout frameLayout() {
        return new FrameLayout(getInt(FRAME_SUBSCRIBER_BITS), getInt(FRAME_REQUESTER_BITS), getInt(FRAME_SEQUENCE_BITS));
    }

    /**
     * Returns the catalogue of the topics the service creates. Subscriber topics are created by the subscriber's
     * client at registration, with the partition count the client chooses, so the service keeps the default.
     */
    public TopicCatalogue catalogue() {
        return new TopicCatalogue(getInt(WORK_PARTITIONS), TopicCatalogue.DEFAULT_SUBSCRIBER_PARTITIONS,
                getShort(REPLICATION_FACTOR));
    }

    public int coordinatorId() {
        return getInt(COORDINATOR_ID);
    }

    public int maxDeceptionFactorBits() {
        return getInt(DECEPTION_FACTOR_MAX_BITS);
    }

    /** Returns the settings this class does not define, which go to Kafka Streams as they are. */
    public Map<String, Object> passThrough() {
        Map<String, Object> rest = new HashMap<>(originals());
        DEFINITION.names().forEach(rest::remove);
        return rest;
    }
}

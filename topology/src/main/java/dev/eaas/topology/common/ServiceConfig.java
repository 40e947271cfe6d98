package dev.eaas.topology.common;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.FrameLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The service's own settings, each with its type, default, allowed range and a one-line description.
 * Kafka client and Streams settings pass through unchanged: any key this class does not define is handed to
 * every role's Kafka Streams instance. A key {@code role.<role>.<setting>} sets {@code <setting>} for that role
 * only, overriding the shared value, so each role can connect under its own Kafka identity.
 */
public final class ServiceConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID_PREFIX = "application.id.prefix";
    public static final String STATE_DIR = "state.dir";
    public static final String FRAME_SUBSCRIBER_BITS = "frame.subscriber.bits";
    public static final String FRAME_REQUESTER_BITS = "frame.requester.bits";
    public static final String FRAME_SEQUENCE_BITS = "frame.sequence.bits";
    public static final String DECEPTION_FACTOR_MAX_BITS = "deception.factor.max.bits";
    public static final String DECEPTION_DECOYS = "deception.decoys";
    public static final String COORDINATOR_ID = "coordinator.id";
    public static final String COORDINATOR_HEARTBEAT_INTERVAL_MS = "coordinator.heartbeat.interval.ms";
    public static final String COORDINATOR_LIVENESS_TIMEOUT_MS = "coordinator.liveness.timeout.ms";
    public static final String COORDINATOR_COMMIT_INTERVAL_MS = "coordinator.commit.interval.ms";
    public static final String COORDINATOR_REPLAY_WINDOW_SEQUENCES = "coordinator.replay.window.sequences";
    public static final String COORDINATOR_KEY_LEASE_MS = "coordinator.key.lease.ms";
    public static final String WORK_PARTITIONS = "topics.work.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String STREAM_THREADS = "stream.threads";
    public static final String KEY_MANAGER_COMMIT_INTERVAL_MS = "key.manager.commit.interval.ms";
    public static final String CIPHER_SUITE_DEFAULT = "cipher.suite.default";
    public static final String CIPHER_SUITES_LEGACY_ALLOWED = "cipher.suites.legacy.allowed";
    public static final String KEYS_MAX_ENCRYPTIONS = "keys.max.encryptions";
    public static final String KEYS_LEGACY_MAX_BLOCKS = "keys.legacy.max.blocks";
    public static final String CRYPTOR_KEY_CACHE_SIZE = "cryptor.key.cache.size";
    public static final String HEALTH_PORT = "health.port";
    public static final String HEALTH_BIND_ADDRESS = "health.bind.address";
    /** Names of the KEK settings; {@code dev.eaas.topology.crypto.KekLoader} reads them, with environment fallbacks. */
    public static final String KEK_FILE = "kek.file";
    public static final String KEK_KEYSTORE_PATH = "kek.keystore.path";
    public static final String KEK_KEYSTORE_PASSWORD = "kek.keystore.password";
    public static final String KEK_KEYSTORE_ALIAS = "kek.keystore.alias";

    /** Prefix of the Kafka client and Streams settings of one role: {@code role.<role>.<setting>}. */
    public static final String ROLE_PREFIX = "role.";

    /** The role names that {@link #ROLE_PREFIX} accepts, as the command line spells them. */
    public static final List<String> ROLE_NAMES = List.of("registrar", "coordinator", "key-manager", "cryptor");

    /**
     * Default of {@link #KEYS_MAX_ENCRYPTIONS}: 2^24. With 96-bit random nonces the chance that two encryptions
     * under one key share a nonce stays below 2^-48, far under NIST's 2^-32 bound, which 2^32 encryptions reach.
     */
    public static final long DEFAULT_MAX_ENCRYPTIONS = 1L << 24;

    /**
     * Default of {@link #KEYS_LEGACY_MAX_BLOCKS}: 2^23 blocks of 64 bits (64 MiB), the rekeying limit common
     * for 64-bit-block ciphers, far below the 2^32 blocks at which Sweet32 collisions become likely.
     */
    public static final long DEFAULT_LEGACY_MAX_BLOCKS = 1L << 23;

    /** Largest replay window; each requester's window takes this many bits of coordinator state. */
    public static final int MAX_REPLAY_WINDOW_SEQUENCES = 1 << 16;
    public static final long MIN_KEY_LEASE_MS = 1_000;
    public static final long MAX_KEY_LEASE_MS = 3_600_000;

    /** Largest value of {@link #KEYS_MAX_ENCRYPTIONS}: half of the 2^32 encryptions NIST SP 800-38D allows. */
    public static final long MAX_ENCRYPTIONS_CEILING = 1L << 31;

    /** Largest value of {@link #KEYS_LEGACY_MAX_BLOCKS}: 1/16 of the 2^32 blocks where Sweet32 collisions become likely. */
    public static final long LEGACY_MAX_BLOCKS_CEILING = 1L << 28;

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
            .define(DECEPTION_DECOYS, Type.STRING, DecoyGenerator.SHAPE_MATCHED, ServiceConfig::requireDecoyName,
                    Importance.MEDIUM, "Generator of the decoys in the coordinator's decryption replies: " + DecoyGenerator.names()
                            + ". shape-matched gives each decoy the shape of the plaintext (JSON structure, character classes);"
                            + " uniform-random fills it with random bytes, which a byte-class test distinguishes from text.")
            .define(COORDINATOR_ID, Type.INT, 1, Range.between(0, Integer.MAX_VALUE), Importance.HIGH,
                    "Id of the coordinator this process runs; instances with the same id share its subscribers' partitions.")
            .define(COORDINATOR_HEARTBEAT_INTERVAL_MS, Type.LONG, 2_000L, Range.atLeast(100L), Importance.LOW,
                    "How often a running coordinator tells the registrar that it is alive.")
            .define(COORDINATOR_LIVENESS_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100L), Importance.LOW,
                    "A coordinator silent for longer than this gets no new subscribers.")
            .define(COORDINATOR_COMMIT_INTERVAL_MS, Type.LONG, 10L, Range.atLeast(1L), Importance.MEDIUM,
                    "Commit interval of the exactly-once coordinator in milliseconds. Its key requests reach the key managers"
                            + " only at commit; clients read its replies as soon as they are written. A shorter interval"
                            + " means more transactions, each of which stalls the coordinator while it commits.")
            .define(COORDINATOR_REPLAY_WINDOW_SEQUENCES, Type.INT, 1024, Range.between(1, MAX_REPLAY_WINDOW_SEQUENCES),
                    Importance.LOW, "Sequence numbers behind the highest one seen from a requester that the coordinator still"
                            + " tells apart from replays; older frames are rejected with SEQUENCE_TOO_OLD. At most 2^(n-1) for n"
                            + " sequence bits.")
            .define(COORDINATOR_KEY_LEASE_MS, Type.LONG, 10_000L, ServiceConfig::requireLeaseTime, Importance.HIGH,
                    "How long a coordinator may serve a pair with keys a key manager lent it, without the key manager and"
                            + " cryptor hops. 0 turns leases off: every request then passes the key manager and a cryptor, and"
                            + " the coordinator needs no KEK. Key changes an operator makes reach lent keys within this time.")
            .define(WORK_PARTITIONS, Type.INT, TopicCatalogue.DEFAULT_WORK_PARTITIONS, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the internal work topics; bounds how many key manager and cryptor threads share the work.")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.HIGH,
                    "Replication factor of the service's topics and of Kafka Streams' internal topics.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Create the service's missing topics at start. Set false where an operator creates them, for example Strimzi's topic operator from KafkaTopic resources, so the roles need no right to create topics.")
            .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Stream threads per role in this process.")
            .define(KEY_MANAGER_COMMIT_INTERVAL_MS, Type.LONG, 10L, Range.atLeast(1L), Importance.MEDIUM,
                    "Commit interval of the key manager, which runs exactly-once. Its output becomes visible only at commit, so a"
                            + " longer interval adds latency to every request that passes the key manager.")
            .define(CIPHER_SUITE_DEFAULT, Type.STRING, SuiteId.DEFAULT.suiteName(), ServiceConfig::requireSuiteName,
                    Importance.HIGH, "Cipher suite of subscribers that do not choose one at registration: " + SuiteId.names() + ".")
            .define(CIPHER_SUITES_LEGACY_ALLOWED, Type.BOOLEAN, false, Importance.HIGH,
                    "Allow the legacy suites des-cbc and blowfish-cbc, which are unauthenticated and have 64-bit blocks. For reproducing the evaluation of Javadpour et al. only.")
            .define(KEYS_MAX_ENCRYPTIONS, Type.LONG, DEFAULT_MAX_ENCRYPTIONS, Range.between(1L, MAX_ENCRYPTIONS_CEILING),
                    Importance.MEDIUM, "Encryptions under one key version of a suite with 96-bit random nonces; the next one first"
                            + " rotates the pair to a new version. At most 2^31, half of NIST's limit of 2^32 for random nonces.")
            .define(KEYS_LEGACY_MAX_BLOCKS, Type.LONG, DEFAULT_LEGACY_MAX_BLOCKS, Range.between(1L, LEGACY_MAX_BLOCKS_CEILING),
                    Importance.MEDIUM, "64-bit cipher blocks encrypted under one key version of a legacy suite before the pair is"
                            + " rotated to a new version. At most 2^28, far below the 2^32 blocks of the Sweet32 birthday bound.")
            .define(CRYPTOR_KEY_CACHE_SIZE, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Unwrapped pair keys each cryptor task keeps in memory, so a pair's key is unwrapped once rather than per request. A task serves the pairs of one partition of the crypto request topic.")
            .define(HEALTH_PORT, Type.INT, -1, Range.between(-1, 65535), Importance.MEDIUM,
                    "TCP port of the HTTP health endpoints /livez and /readyz and of the Prometheus metrics /metrics, where -1"
                            + " turns them off and 0 picks a free port.")
            .define(HEALTH_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Local address the health endpoints listen on, where the default 0.0.0.0 means every interface, as probes of a container need.")
            .define(KEK_FILE, Type.STRING, null, Importance.HIGH,
                    "Key file holding the KEK that wraps every pair key: one base64 AES-256 key per line, the first current. Environment: EAAS_KEK_FILE.")
            .define(KEK_KEYSTORE_PATH, Type.STRING, null, Importance.HIGH,
                    "PKCS#12 keystore holding the KEK, as an alternative to kek.file. Environment: EAAS_KEK_KEYSTORE_PATH.")
            .define(KEK_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Password of the KEK keystore. Prefer the environment variable EAAS_KEK_KEYSTORE_PASSWORD to a file.")
            .define(KEK_KEYSTORE_ALIAS, Type.STRING, "eaas-kek", Importance.MEDIUM,
                    "Alias of the current KEK in the keystore; every other AES key in it only unwraps keys it wrapped earlier.");

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
        originals().keySet().forEach(ServiceConfig::requireValidRoleSetting);
        requireReplayWindowFitsSequences();
        SuiteId suite = defaultSuite();
        if (suite.legacy() && !legacySuitesAllowed()) {
            throw new ConfigException(CIPHER_SUITE_DEFAULT, suite.suiteName(), "is a legacy suite (" + suite.weakness()
                    + "); set " + CIPHER_SUITES_LEGACY_ALLOWED + "=true to use it anyway");
        }
    }

    /** Returns the suite of subscribers that choose none. */
    public SuiteId defaultSuite() {
        return SuiteId.ofName(getString(CIPHER_SUITE_DEFAULT));
    }

    public boolean legacySuitesAllowed() {
        return getBoolean(CIPHER_SUITES_LEGACY_ALLOWED);
    }

    /**
     * Returns why a subscriber may not use the named suite, or null if it may. A null name means the default.
     */
    public String suiteRejection(String suiteName) {
        SuiteId suite;
        try {
            suite = suiteName == null ? defaultSuite() : SuiteId.ofName(suiteName);
        } catch (IllegalArgumentException unknown) {
            return unknown.getMessage();
        }
        if (suite.legacy() && !legacySuitesAllowed()) {
            return "cipher suite " + suite.suiteName() + " is a legacy suite that this deployment does not allow: "
                    + suite.weakness();
        }
        return null;
    }

    /** Returns the usage after which a key version of the suite is rotated: encryptions, or 64-bit blocks for legacy suites. */
    public long usageLimit(SuiteId suite) {
        return suite.legacy() ? getLong(KEYS_LEGACY_MAX_BLOCKS) : getLong(KEYS_MAX_ENCRYPTIONS);
    }

    /** Returns the KEK settings with the password in clear, for the KEK loader; the map must not be logged. */
    public Map<String, Object> kekSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(KEK_FILE, getString(KEK_FILE));
        settings.put(KEK_KEYSTORE_PATH, getString(KEK_KEYSTORE_PATH));
        Password password = getPassword(KEK_KEYSTORE_PASSWORD);
        settings.put(KEK_KEYSTORE_PASSWORD, password == null ? null : password.value());
        settings.put(KEK_KEYSTORE_ALIAS, getString(KEK_KEYSTORE_ALIAS));
        settings.values().removeIf(Objects::isNull);
        return settings;
    }

    /** Returns the generator of the decoys in decryption replies. */
    public DecoyGenerator decoyGenerator() {
        return DecoyGenerator.ofName(getString(DECEPTION_DECOYS));
    }

    /**
     * Accepts 0, or a lease time from 1 s to 1 h. A shorter one would end before a full-way request could bring the
     * next lease back.
     */
    private static void requireLeaseTime(String name, Object value) {
        long leaseMs = (Long) value;
        if (leaseMs != 0 && (leaseMs < MIN_KEY_LEASE_MS || leaseMs > MAX_KEY_LEASE_MS)) {
            throw new ConfigException(name, value, "expected 0 (no key leases) or " + MIN_KEY_LEASE_MS + " to "
                    + MAX_KEY_LEASE_MS);
        }
    }

    private static void requireDecoyName(String name, Object value) {
        try {
            DecoyGenerator.ofName((String) value);
        } catch (IllegalArgumentException unknown) {
            throw new ConfigException(name, value, "expected one of " + DecoyGenerator.names());
        }
    }

    private static void requireSuiteName(String name, Object value) {
        try {
            SuiteId.ofName((String) value);
        } catch (IllegalArgumentException unknown) {
            throw new ConfigException(name, value, unknown.getMessage());
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

    /** Returns the number of sequence numbers each requester's replay window covers. */
    public int replayWindowSequences() {
        return getInt(COORDINATOR_REPLAY_WINDOW_SEQUENCES);
    }

    /**
     * Rejects a replay window wider than half the sequence space. Sequence numbers are compared in serial-number
     * arithmetic, where a number up to 2^(n-1) ahead counts as newer, so a wider window would hold numbers that
     * also count as new.
     */
    private void requireReplayWindowFitsSequences() {
        long halfSequenceSpace = frameLayout().sequenceModulus() / 2;
        if (replayWindowSequences() > halfSequenceSpace) {
            throw new ConfigException(COORDINATOR_REPLAY_WINDOW_SEQUENCES, replayWindowSequences(), "must be at most "
                    + halfSequenceSpace + ", half the sequence numbers of " + getInt(FRAME_SEQUENCE_BITS)
                    + " bits; lower it or raise " + FRAME_SEQUENCE_BITS);
        }
    }

    /** Returns how long a coordinator may use lent keys; 0 when coordinators take no leases. */
    public long keyLeaseMs() {
        return getLong(COORDINATOR_KEY_LEASE_MS);
    }

    public int coordinatorId() {
        return getInt(COORDINATOR_ID);
    }

    public int maxDeceptionFactorBits() {
        return getInt(DECEPTION_FACTOR_MAX_BITS);
    }

    /**
     * Returns the settings this class does not define, which go to every role's Kafka Streams instance as they are.
     * Settings of one role ({@link #ROLE_PREFIX}) are left out; {@link #clientSettings(String)} adds them.
     */
    public Map<String, Object> passThrough() {
        Map<String, Object> rest = new HashMap<>(originals());
        DEFINITION.names().forEach(rest::remove);
        rest.keySet().removeIf(key -> key.startsWith(ROLE_PREFIX));
        return rest;
    }

    /**
     * Returns the Kafka settings of one role's clients: {@code bootstrap.servers} and the shared pass-through
     * settings, each overridden by the role's own {@code role.<role>.} setting where there is one. Every Kafka
     * client the service runs for the role uses these, so the role connects under one identity.
     *
     * @param roleName a name from {@link #ROLE_NAMES}
     */
    public Map<String, Object> clientSettings(String roleName) {
        if (!ROLE_NAMES.contains(roleName)) {
            throw new IllegalArgumentException("Unknown role '" + roleName + "'; expected one of " + ROLE_NAMES);
        }
        Map<String, Object> settings = passThrough();
        settings.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        String prefix = ROLE_PREFIX + roleName + ".";
        originals().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return settings;
    }

    /**
     * Rejects a {@code role.} key that names no role or no setting, or that names a service setting. Service settings
     * other than {@code bootstrap.servers} shape the topics and frames every role shares, so they cannot differ per
     * role; a role may use another listener, so its bootstrap servers can.
     */
    private static void requireValidRoleSetting(String key) {
        if (!key.startsWith(ROLE_PREFIX)) {
            return;
        }
        String rest = key.substring(ROLE_PREFIX.length());
        String roleName = ROLE_NAMES.stream().filter(name -> rest.startsWith(name + ".")).findFirst().orElse(null);
        // The value may be a password, so the messages name the key only.
        if (roleName == null || rest.length() == roleName.length() + 1) {
            throw new ConfigException("Invalid setting " + key + ": expected " + ROLE_PREFIX + "<role>.<setting>"
                    + " with a role among " + ROLE_NAMES);
        }
        String setting = rest.substring(roleName.length() + 1);
        if (DEFINITION.names().contains(setting) && !setting.equals(BOOTSTRAP_SERVERS)) {
            throw new ConfigException("Invalid setting " + key + ": " + setting + " is a service setting and applies to"
                    + " every role; only bootstrap.servers and Kafka client or Streams settings can be set per role");
        }
    }
}

package dev.eaas.topology.service;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.TopicSpec;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.KekException;
import dev.eaas.topology.crypto.KekLoader;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.keymanager.StoredKeyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of roles in this process, each as its own Kafka Streams application, so that any role can
 * also run alone and scale on its own.
 */
public final class EaasService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EaasService.class);
    private static final long ADMIN_TIMEOUT_MS = 30_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final ServiceConfig config;
    private final Set<Role> roles;
    /** The instances started so far; the health endpoints read it from their own threads. */
    private final Map<Role, KafkaStreams> streams = new ConcurrentHashMap<>();
    private HeartbeatSender heartbeats;
    private volatile HealthServer healthServer;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final RestoreTracker restores = new RestoreTracker();
    private volatile BrokerProbe brokerProbe;
    private final AtomicBoolean closed = new AtomicBoolean();

    public EaasService(ServiceConfig config, Set<Role> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("No role to run; name at least one of registrar, coordinator, key-manager, cryptor");
        }
        this.config = config;
        this.roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /**
     * Starts the health endpoints if {@value ServiceConfig#HEALTH_PORT} is set, creates the topics the roles need if
     * they are missing, then starts every role. If any step fails, what has started is closed before the failure is
     * thrown.
     */
    public EaasService start() {
        try {
            startHealthServer();
            // A missing KEK is found before the brokers are contacted; the check against stored keys needs them.
            Kek kek = readKek();
            createTopics();
            verifyKek(kek);
            startRoles(kek);
        } catch (RuntimeException failure) {
            close();
            throw failure;
        }
        return this;
    }

    /** Reads the KEK if a role here handles pair keys, so a missing KEK stops the service before anything starts. */
    private Kek readKek() {
        if (roles.stream().noneMatch(role -> role.needsKek(config))) {
            return null;
        }
        Kek kek;
        try {
            kek = KekLoader.load(config.kekSettings(), System::getenv);
        } catch (KekException missing) {
            if (roles.contains(Role.KEY_MANAGER) || roles.contains(Role.CRYPTOR)) {
                throw missing;
            }
            throw new KekException(missing.getMessage() + " The coordinator needs the KEK because "
                    + ServiceConfig.COORDINATOR_KEY_LEASE_MS + " is " + config.keyLeaseMs() + ": it serves pairs with"
                    + " keys the key manager lends it. Set " + ServiceConfig.COORDINATOR_KEY_LEASE_MS
                    + "=0 to run it without a KEK.", missing);
        }
        LOG.info("Loaded {} from {}", kek, KekLoader.describeSource(config.kekSettings(), System::getenv));
        return kek;
    }

    /**
     * Checks that the KEK is the one the stored keys were wrapped under, so a wrong KEK stops the service before any
     * role starts. Does nothing without a KEK.
     */
    private void verifyKek(Kek kek) {
        if (kek == null) {
            return;
        }
        String source = KekLoader.describeSource(config.kekSettings(), System::getenv);
        // The check reads the key manager's changelog, which every role that needs the KEK may read, so it runs
        // under the identity of the first such role here.
        Role checking = roles.stream().filter(role -> role.needsKek(config)).findFirst().orElseThrow();
        Map<String, Object> consumerSettings = config.clientSettings(checking.cliName());
        consumerSettings.keySet().retainAll(ConsumerConfig.configNames());
        StoredKeyCheck.verify(consumerSettings,
                KeyManagerTopology.changelogTopic(StreamsSettings.applicationId(config, Role.KEY_MANAGER)), kek, source,
                Duration.ofSeconds(30));
    }

    private void startRoles(Kek kek) {
        for (SuiteId suite : SuiteId.values()) {
            if (suite.legacy() && config.legacySuitesAllowed()) {
                LOG.warn("Legacy cipher suite {} is allowed by {}: {}", suite.suiteName(),
                        ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, suite.weakness());
            }
        }
        for (Role role : roles) {
            Properties properties = StreamsSettings.forRole(config, role);
            KafkaStreams instance = new KafkaStreams(role.topology(config, kek), properties);
            instance.setUncaughtExceptionHandler(failure -> {
                LOG.error("[{}] Stream thread failed; replacing it", role.cliName(), failure);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            instance.setGlobalStateRestoreListener(restores.listener(role));
            streams.put(role, instance);
            metrics.bind(role, instance);
            if (role == Role.COORDINATOR) {
                startHeartbeats(instance);
            }
            instance.start();
            LOG.info("[{}] Started application {}", role.cliName(), properties.get("application.id"));
        }
    }

    /**
     * Starts the coordinator's heartbeats: at a fixed interval while it runs, and at once when it starts
     * running, so the registrar can assign subscribers to it without waiting for the first interval.
     */
    private void startHeartbeats(KafkaStreams coordinator) {
        heartbeats = new HeartbeatSender(config.clientSettings(Role.COORDINATOR.cliName()), config.coordinatorId(),
                config.getLong(ServiceConfig.COORDINATOR_HEARTBEAT_INTERVAL_MS),
                () -> coordinator.state() == KafkaStreams.State.RUNNING);
        coordinator.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                heartbeats.sendNow();
            }
        });
    }

    /**
     * Waits until every role is running.
     *
     * @throws TimeoutException naming the roles that are not running yet and their states
     */
    public void awaitRunning(long timeoutMs) throws TimeoutException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<String> waiting = new ArrayList<>();
            for (Role role : roles) {
                KafkaStreams instance = streams.get(role);
                if (instance == null || instance.state() != KafkaStreams.State.RUNNING) {
                    waiting.add(role.cliName() + " (" + (instance == null ? "not started" : instance.state()) + ")");
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("Roles not running after " + timeoutMs + " ms: " + String.join(", ", waiting));
            }
            Thread.sleep(50);
        }
    }

    /** Returns the Kafka Streams instance of a role, or null if this process does not run it. */
    public KafkaStreams streams(Role role) {
        return streams.get(role);
    }

    /**
     * Returns the sum over every task of a role's counter, for example {@code dropped-wrong-token}, or 0 if the
     * counter has not been created yet.
     */
    public double counterTotal(Role role, String event) {
        KafkaStreams instance = streams.get(role);
        if (instance == null) {
            return 0;
        }
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : instance.metrics().entrySet()) {
            if (metric.getKey().name().equals(event + "-total") && metric.getKey().group().startsWith("stream-eaas-")) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** Returns the roles this process runs. */
    public Set<Role> roles() {
        return roles;
    }

    /** Returns the port of the health endpoints, or -1 if they are off or not started yet. */
    public int healthPort() {
        HealthServer server = healthServer;
        return server == null ? -1 : server.port();
    }

    private void startHealthServer() {
        int port = config.getInt(ServiceConfig.HEALTH_PORT);
        if (port < 0) {
            return;
        }
        // The probe runs under the first role's identity; asking for the brokers needs no ACL.
        String probeRole = roles.iterator().next().cliName();
        brokerProbe = new BrokerProbe(Admin.create(adminSettings(config.clientSettings(probeRole))),
                System::currentTimeMillis).start();
        healthServer = HealthServer.start(config.getString(ServiceConfig.HEALTH_BIND_ADDRESS), port, this::roleStates,
                this::readinessBlockers, metrics::scrape);
    }

    /** Returns what keeps the service from being ready although its roles may run: restorations, unreachable brokers. */
    private List<String> readinessBlockers() {
        List<String> blockers = new ArrayList<>();
        restores.restoringPartitions().forEach((role, partitions) ->
                blockers.add(role + " restoring " + partitions + " store partition(s) from their changelogs"));
        BrokerProbe probe = brokerProbe;
        String unreachable = probe == null ? null : probe.unreachableReason();
        if (unreachable != null) {
            blockers.add(unreachable);
        }
        return blockers;
    }

    /** Returns the state of each role's instance by role name, null for a role not started yet. */
    private Map<String, KafkaStreams.State> roleStates() {
        Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
        for (Role role : roles) {
            KafkaStreams instance = streams.get(role);
            states.put(role.cliName(), instance == null ? null : instance.state());
        }
        return states;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Stopped first, because the liveness check reads a stopped role as failed.
        if (healthServer != null) {
            healthServer.close();
        }
        if (brokerProbe != null) {
            brokerProbe.close();
        }
        if (heartbeats != null) {
            heartbeats.close();
        }
        for (Role role : roles) {
            KafkaStreams instance = streams.get(role);
            if (instance == null) {
                continue;
            }
            if (instance.close(Duration.ofSeconds(CLOSE_TIMEOUT_SECONDS))) {
                LOG.info("[{}] Stopped", role.cliName());
            } else {
                LOG.warn("[{}] Not stopped within {} s, in state {}; its threads may still be running",
                        role.cliName(), CLOSE_TIMEOUT_SECONDS, instance.state());
            }
        }
        metrics.close();
    }

    /**
     * Creates the missing service topics unless {@code topics.create} is false, then checks the key manager's topics
     * if it runs here.
     *
     * <p>Creating the catalogue is a deployment step, not the work of any one role, so it runs under the shared
     * settings: no role's grants include creating service topics. A deployment that gives each role its own
     * identity ({@code role.<role>.} settings) either lets the shared identity create topics or sets
     * {@code topics.create=false} and creates them beforehand. The key manager's check runs under the key
     * manager's identity, which may describe both topics it compares.
     */
    private void createTopics() {
        if (config.getBoolean(ServiceConfig.TOPICS_CREATE)) {
            TopicCatalogue catalogue = config.catalogue();
            List<TopicSpec> topics = new ArrayList<>(catalogue.serviceTopics());
            if (roles.contains(Role.COORDINATOR)) {
                topics.add(catalogue.coordinatorTopic(config.coordinatorId()));
            }
            Map<String, Object> shared = config.passThrough();
            shared.put(ServiceConfig.BOOTSTRAP_SERVERS, config.getString(ServiceConfig.BOOTSTRAP_SERVERS));
            try (Admin admin = Admin.create(adminSettings(shared))) {
                TopicCatalogue.createMissing(admin, topics, ADMIN_TIMEOUT_MS);
            }
        }
        if (roles.contains(Role.KEY_MANAGER)) {
            try (Admin admin = Admin.create(adminSettings(config.clientSettings(Role.KEY_MANAGER.cliName())))) {
                int partitions = requireEqualPartitions(admin, TopicCatalogue.KEY_REQUESTS, TopicCatalogue.KEY_ADMIN);
                ChangelogCheck.requireWritable(admin,
                        KeyManagerTopology.changelogTopic(StreamsSettings.applicationId(config, Role.KEY_MANAGER)),
                        partitions, config.getShort(ServiceConfig.REPLICATION_FACTOR), ADMIN_TIMEOUT_MS);
            }
        }
    }

    private static Map<String, Object> adminSettings(Map<String, Object> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.keySet().retainAll(AdminClientConfig.configNames());
        return settings;
    }

    /**
     * Fails unless both topics have the same number of partitions, and returns that number. Key admin commands reach
     * the task that owns a pair only then, and topics created by an earlier start can differ.
     */
    private static int requireEqualPartitions(Admin admin, String first, String second) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            admin.describeTopics(List.of(first, second)).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
        } catch (ExecutionException | TimeoutException failure) {
            throw new IllegalStateException("Failed to describe topics " + first + " and " + second + ": " + failure, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics " + first + " and " + second, interrupted);
        }
        if (!counts.get(first).equals(counts.get(second))) {
            throw new IllegalStateException("Topic " + second + " has " + counts.get(second) + " partitions but " + first
                    + " has " + counts.get(first) + "; they must be equal so that key admin commands reach the task that"
                    + " owns a pair. Recreate " + second + " with " + counts.get(first) + " partitions.");
        }
        return counts.get(first);
    }
}

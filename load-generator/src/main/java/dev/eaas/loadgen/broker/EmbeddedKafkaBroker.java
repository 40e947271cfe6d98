package dev.eaas.loadgen.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster running in this JVM: one KRaft node that is both broker and controller, started with
 * Kafka's own {@link KafkaClusterTestKit}. Its listeners bind to 127.0.0.1 on free ports, and its log directories
 * live in a temporary folder that {@link #close()} deletes.
 *
 * <p>A JVM shutdown hook closes a started broker if the owner has not, so Ctrl-C on a command that runs one leaves
 * no folder behind. NOTE: a JVM that exits during {@link #start()} (about 2 s) can leave an {@code eaas-kafka-*}
 * folder in the temporary directory.
 *
 * <p>{@link #startWithAuthorization(Set)} starts it with SASL/PLAIN on every listener and Kafka's
 * {@link StandardAuthorizer}, so clients need a user's credentials and may do only what ACLs grant that user.
 *
 * <p>Unlike a standalone Kafka process, which exits on a fatal fault, this broker logs the fault at ERROR through
 * {@code MockFaultHandler} and keeps running; {@link #close()} then raises the first fault.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** The only address the broker and controller listeners bind to. */
    public static final String LOOPBACK_HOST = "127.0.0.1";

    /**
     * Broker settings for a cluster of one node, applied before the caller's properties so that those can override
     * them. Kafka's defaults ask for 3 replicas of its internal topics, which a single node cannot host.
     */
    public static final Map<String, String> SINGLE_NODE_PROPERTIES = singleNodeProperties();

    /**
     * Settings that the embedded broker or the test kit sets for the node, so {@link #start(Map)} rejects them: the
     * test kit would overwrite the node's identity, roles, directories and quorum, and the listeners must stay on the
     * loopback sockets bound here.
     */
    public static final Set<String> RESERVED_PROPERTIES = Set.of(
        "node.id", "broker.id", "process.roles", "log.dir", "log.dirs", "metadata.log.dir",
        "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names",
        "listeners", "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name");

    /** The SASL user of a broker with authorization that is a super user, for creating topics and ACLs. */
    public static final String ADMIN_USER = "admin";

    /**
     * The SASL user the node itself uses between its broker and controller. It is a super user because the
     * controller must accept the broker's registration and heartbeats before any ACL can exist.
     */
    private static final String NODE_USER = "broker";

    /** User names that need no quoting in a JAAS option name. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private static final Object STANDARD_OUTPUT_LOCK = new Object();

    private final KafkaClusterTestKit cluster;
    private final Path baseDirectory;
    private final String bootstrapServers;
    /** Password of each SASL user, empty for a broker without authentication. */
    private final Map<String, String> passwords;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, Path baseDirectory, String bootstrapServers,
                                Map<String, String> passwords) {
        this.cluster = cluster;
        this.baseDirectory = baseDirectory;
        this.bootstrapServers = bootstrapServers;
        this.passwords = passwords;
        this.shutdownHook = new Thread(this::closeOnJvmShutdown, "embedded-kafka-broker-shutdown");
    }

    /** Starts a broker with {@link #SINGLE_NODE_PROPERTIES} and waits until it accepts clients. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker and waits until it accepts clients.
     *
     * @param brokerProperties broker configuration (names as in Kafka's server.properties) that overrides
     *                         {@link #SINGLE_NODE_PROPERTIES} and the test kit's defaults
     * @throws IllegalArgumentException if a property is one of {@link #RESERVED_PROPERTIES}
     * @throws IllegalStateException if the broker failed to start; its folders are deleted before this is thrown
     */
    public static EmbeddedKafkaBroker start(Map<String, String> brokerProperties) {
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        rejectReservedProperties(brokerProperties);
        return start(brokerProperties, Map.of());
    }

    /**
     * Starts a broker that authenticates every client with SASL/PLAIN and authorizes every request with
     * {@link StandardAuthorizer}, and waits until it accepts clients. A request that no ACL allows is rejected,
     * and a client without credentials cannot connect. {@link #ADMIN_USER} is a super user; every other user may do
     * only what ACLs created through the admin grant it. Passwords are random per broker; get a user's client
     * settings from {@link #saslClientProperties(String)}.
     *
     * <p>Both listeners, the one for clients and the controller's, use SASL_PLAINTEXT, so credentials cross the
     * loopback interface in clear: this is for tests of authorization, not of transport security.
     *
     * @param users the users besides {@link #ADMIN_USER}, such as one per role and one per subscriber
     * @throws IllegalArgumentException if a user name is not made of letters, digits, '_' and '-', or is reserved
     * @throws IllegalStateException if the broker failed to start; its folders are deleted before this is thrown
     */
    public static EmbeddedKafkaBroker startWithAuthorization(Set<String> users) {
        Map<String, String> passwords = new TreeMap<>();
        SecureRandom random = new SecureRandom();
        for (String user : users) {
            if (!USER_NAME.matcher(user).matches() || user.equals(NODE_USER) || user.equals(ADMIN_USER)) {
                throw new IllegalArgumentException("Invalid user name '" + user + "': use letters, digits, '_' and '-'"
                    + " only, and neither " + ADMIN_USER + " nor " + NODE_USER + ", which the broker defines itself");
            }
            passwords.put(user, randomPassword(random));
        }
        passwords.put(ADMIN_USER, randomPassword(random));
        passwords.put(NODE_USER, randomPassword(random));
        return start(Map.of(), Map.copyOf(passwords));
    }

    /**
     * Starts the node. An empty {@code passwords} means plaintext listeners without authorization. Otherwise it names
     * every SASL user with its password, the node's own included.
     */
    private static EmbeddedKafkaBroker start(Map<String, String> brokerProperties, Map<String, String> passwords) {
        long startNanos = System.nanoTime();
        Path baseDirectory = createBaseDirectory();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDirectory)
                .build();

            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            builder.setConfigProp("listeners", loopbackListeners(nodes));
            Map<String, String> properties = new LinkedHashMap<>(SINGLE_NODE_PROPERTIES);
            properties.putAll(brokerProperties);
            if (!passwords.isEmpty()) {
                properties.putAll(authorizationProperties(nodes, passwords));
            }
            properties.forEach(builder::setConfigProp);

            cluster = builder.build();
            rebindPreboundSocketsToLoopback(cluster);
            formatStorage(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();

            String bootstrapServers = LOOPBACK_HOST + ":" + brokerPort(cluster, nodes.brokerListenerName());
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(cluster, baseDirectory, bootstrapServers, passwords);
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            LOG.info("Started embedded Kafka broker at {} in {} ms, log directories in {}",
                bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), baseDirectory);
            return broker;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeAfterFailedStart(cluster, baseDirectory, e);
            throw new IllegalStateException("Failed to start the embedded Kafka broker: " + e, e);
        }
    }

    /** Returns the address for the clients' {@code bootstrap.servers}, such as {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the client settings that authenticate as a user of a broker started with
     * {@link #startWithAuthorization(Set)}: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config}. The map contains the user's password.
     *
     * @throws IllegalStateException if this broker does not authenticate clients
     * @throws IllegalArgumentException if the broker has no such user
     */
    public Map<String, String> saslClientProperties(String user) {
        if (passwords.isEmpty()) {
            throw new IllegalStateException("The broker at " + bootstrapServers + " does not authenticate clients;"
                + " start it with startWithAuthorization to use SASL users");
        }
        String password = passwords.get(user);
        if (password == null || user.equals(NODE_USER)) {
            throw new IllegalArgumentException("Unknown user '" + user + "' of the broker at " + bootstrapServers
                + "; its client users are " + passwords.keySet().stream().filter(name -> !name.equals(NODE_USER)).toList());
        }
        return Map.of(
            "security.protocol", SecurityProtocol.SASL_PLAINTEXT.name,
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", plainJaasConfig(user, password, Map.of()));
    }

    /** Returns the temporary folder that contains the broker's metadata and log directories until {@link #close()}. */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /**
     * Shuts the broker down, waits until its threads have stopped and deletes its folders. Calling it again does
     * nothing.
     *
     * @throws IllegalStateException if Kafka reported a fault while running or shutting down, after the folders
     *                               have been deleted
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running or about to run, and it returns at once because the broker is closed.
        }
        shutDown();
    }

    /**
     * Removes this broker's JVM shutdown hook, for an owner whose own hook must stop other things first and then
     * closes this broker itself.
     */
    public EmbeddedKafkaBroker withoutShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is already running; it closes the broker as before.
        }
        return this;
    }

    private void closeOnJvmShutdown() {
        if (closed.compareAndSet(false, true)) {
            try {
                shutDown();
            } catch (RuntimeException e) {
                LOG.warn("Failed to shut down embedded Kafka broker at {} on JVM exit", bootstrapServers, e);
            }
        }
    }

    private void shutDown() {
        long startNanos = System.nanoTime();
        Exception failure = null;
        try {
            // Stops the broker and controller, then waits for the test kit's threads to end.
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = e;
        }
        try {
            deleteRecursively(baseDirectory);
        } catch (UncheckedIOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw new IllegalStateException(
                "Failed to shut down embedded Kafka broker at " + bootstrapServers + ": " + failure, failure);
        }
        LOG.info("Stopped embedded Kafka broker at {} in {} ms",
            bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void rejectReservedProperties(Map<String, String> brokerProperties) {
        List<String> reserved = brokerProperties.keySet().stream()
            .filter(RESERVED_PROPERTIES::contains)
            .sorted()
            .toList();
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("Invalid broker properties " + reserved + ": the embedded broker sets"
                + " these itself (one node with listeners on " + LOOPBACK_HOST + " and free ports); remove them.");
        }
    }

    private static Map<String, String> singleNodeProperties() {
        Map<String, String> properties = new TreeMap<>();
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        // A consumer group joined by one member need not wait 3 s for others.
        properties.put("group.initial.rebalance.delay.ms", "0");
        // The default of 128 MiB runs the log cleaner out of memory on small heaps.
        properties.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        // Topics exist only when created, as on a production cluster, so a misspelt topic name fails instead of
        // creating a new topic.
        properties.put("auto.create.topics.enable", "false");
        // The test kit enables Kafka's unstable APIs and feature versions, but a released broker has them off.
        properties.put("unstable.api.versions.enable", "false");
        properties.put("unstable.feature.versions.enable", "false");
        return Map.copyOf(properties);
    }

    /**
     * Returns the settings of a node with SASL/PLAIN on both listeners and the standard authorizer.
     *
     * <p>The test kit would set most of these itself for listeners declared SASL_PLAINTEXT in {@link TestKitNodes},
     * but it then writes its own users to a JAAS file and points the JVM-wide {@code java.security.auth.login.config}
     * at it (Kafka 4.1.2 {@code KafkaClusterTestKit.Builder}). So the nodes stay declared PLAINTEXT, and these
     * settings, which the kit's own values do not replace, switch both listeners to SASL_PLAINTEXT with this
     * broker's users, given per listener so nothing outside the node changes.
     */
    private static Map<String, String> authorizationProperties(TestKitNodes nodes, Map<String, String> passwords) {
        String brokerListener = nodes.brokerListenerName().value();
        String controllerListener = nodes.controllerListenerName().value();
        Map<String, String> properties = new TreeMap<>();
        properties.put("listener.security.protocol.map", brokerListener + ":" + SecurityProtocol.SASL_PLAINTEXT.name
            + "," + controllerListener + ":" + SecurityProtocol.SASL_PLAINTEXT.name);
        properties.put("sasl.enabled.mechanisms", "PLAIN");
        properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        properties.put("sasl.mechanism.controller.protocol", "PLAIN");
        // The node logs in as NODE_USER on both listeners. Clients may log in as any user on the client listener,
        // and only the node on the controller listener.
        String nodePassword = passwords.get(NODE_USER);
        properties.put(listenerJaasConfigName(brokerListener), plainJaasConfig(NODE_USER, nodePassword, passwords));
        properties.put(listenerJaasConfigName(controllerListener),
            plainJaasConfig(NODE_USER, nodePassword, Map.of(NODE_USER, nodePassword)));
        properties.put("authorizer.class.name", StandardAuthorizer.class.getName());
        properties.put(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG, "false");
        properties.put(StandardAuthorizer.SUPER_USERS_CONFIG, "User:" + ADMIN_USER + ";User:" + NODE_USER);
        return properties;
    }

    private static String listenerJaasConfigName(String listener) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config";
    }

    /**
     * Returns a JAAS configuration for PLAIN that logs in as {@code user} and, on a broker, accepts the users of
     * {@code accepted} with their passwords.
     */
    private static String plainJaasConfig(String user, String password, Map<String, String> accepted) {
        StringBuilder config = new StringBuilder(PlainLoginModule.class.getName())
            .append(" required username=\"").append(user).append("\" password=\"").append(password).append('"');
        accepted.forEach((name, secret) -> config.append(" user_").append(name).append("=\"").append(secret).append('"'));
        return config.append(';').toString();
    }

    private static String randomPassword(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Returns the metadata version and feature levels that {@code kafka-storage.sh format} writes by default
     * (Kafka 4.1.2 {@code Formatter}), in place of the test kit's default of the latest versions still in development.
     */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> featureLevels = Feature.PRODUCTION_FEATURES.stream()
            .collect(Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
        return BootstrapMetadata.fromVersions(version, featureLevels, "eaas embedded broker");
    }

    /**
     * Formats the metadata and log directories. Kafka's storage formatter prints a line per directory to
     * {@code System.out}, which carries the commands' results, so this logs those lines at DEBUG instead.
     */
    private static void formatStorage(KafkaClusterTestKit cluster) throws Exception {
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        // The lock keeps two brokers starting at once from restoring each other's replacement stream.
        synchronized (STANDARD_OUTPUT_LOCK) {
            PrintStream standardOutput = System.out;
            System.setOut(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(standardOutput);
            }
        }
        LOG.debug("Kafka storage formatter output: {}", formatterOutput.toString(StandardCharsets.UTF_8).strip());
    }

    private static String loopbackListeners(TestKitNodes nodes) {
        return nodes.brokerListenerName().value() + "://" + LOOPBACK_HOST + ":0,"
            + nodes.controllerListenerName().value() + "://" + LOOPBACK_HOST + ":0";
    }

    /**
     * Replaces the test kit's listening sockets, which it binds to the wildcard address on free ports, with sockets
     * on 127.0.0.1 and the same ports, so the broker cannot be reached from other hosts.
     *
     * <p>{@code KafkaClusterTestKit.Builder.build()} binds one socket per listener before the node configuration
     * exists (the controller's port goes into {@code controller.quorum.voters}), and the broker later takes those
     * sockets whatever address its {@code listeners} name. Kafka 4.1.2 offers no setting for that address, so this
     * reads the private fields {@code KafkaClusterTestKit.socketFactoryManager} and
     * {@code PreboundSocketFactoryManager.sockets}. A port freed here could in theory be taken by another process
     * before it is bound again; start then fails with a bind error.
     */
    private static void rebindPreboundSocketsToLoopback(KafkaClusterTestKit cluster) throws IOException {
        Object socketFactoryManager = readPrivateField(cluster, "socketFactoryManager");
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, ServerSocketChannel>> socketsByNode =
            (Map<Integer, Map<String, ServerSocketChannel>>) readPrivateField(socketFactoryManager, "sockets");

        synchronized (socketFactoryManager) {
            for (Map<String, ServerSocketChannel> socketsByListener : socketsByNode.values()) {
                for (Map.Entry<String, ServerSocketChannel> entry : socketsByListener.entrySet()) {
                    InetSocketAddress address = (InetSocketAddress) entry.getValue().getLocalAddress();
                    if (address.getAddress().isLoopbackAddress()) {
                        continue;
                    }
                    entry.getValue().close();
                    entry.setValue(openLoopbackSocket(address.getPort()));
                }
            }
        }
    }

    /** Opens a listening socket as Kafka's own {@code ServerSocketFactory} does, but on 127.0.0.1. */
    private static ServerSocketChannel openLoopbackSocket(int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(LOOPBACK_HOST, port));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("Failed to bind " + LOOPBACK_HOST + ":" + port + " for the embedded broker", e);
        }
    }

    private static Object readPrivateField(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot bind the embedded broker to " + LOOPBACK_HOST + ": failed to read"
                + " field '" + name + "' of " + owner.getClass().getName() + " (" + e + "). Check"
                + " rebindPreboundSocketsToLoopback against the Kafka version in use.", e);
        }
    }

    private static int brokerPort(KafkaClusterTestKit cluster, ListenerName brokerListener) {
        return cluster.brokers().values().iterator().next().boundPort(brokerListener);
    }

    private static Path createBaseDirectory() {
        try {
            return Files.createTempDirectory("eaas-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create a temporary folder for the embedded Kafka broker", e);
        }
    }

    private static void closeAfterFailedStart(KafkaClusterTestKit cluster, Path baseDirectory, Exception cause) {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        try {
            deleteRecursively(baseDirectory);
        } catch (UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete embedded Kafka broker folder " + directory, e);
        }
    }
}

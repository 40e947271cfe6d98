package dev.eaas.loadgen;

import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.KekFiles;
import dev.eaas.topology.crypto.KekLoader;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service on one machine: an embedded single-node broker, unless an existing cluster is named, and the
 * roles running in this process, with their state in a temporary folder that {@link #close()} deletes.
 *
 * <p>A JVM shutdown hook, registered before anything starts, does the same on Ctrl-C or SIGTERM: it stops the
 * roles, then the broker, then deletes the state folder, which contains the pair keys.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    /** How long the roles may take to join their groups and restore their stores. */
    public static final long START_TIMEOUT_MS = 120_000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

    private final Parts parts;
    private final Thread shutdownHook;
    private final String bootstrapServers;

    private EmbeddedPipeline(Parts parts, Thread shutdownHook, String bootstrapServers) {
        this.parts = parts;
        this.shutdownHook = shutdownHook;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the pipeline.
     *
     * @param bootstrapServers an existing cluster, or null to start an embedded broker
     * @param roles the roles to run in this process; empty runs none
     * @param settings service settings on top of the defaults, for example the frame widths
     */
    public static EmbeddedPipeline start(String bootstrapServers, Set<Role> roles, Map<String, Object> settings)
            throws InterruptedException, TimeoutException {
        return start(bootstrapServers, roles, settings, List.of());
    }

    /**
     * Starts the pipeline with further instances of some roles in this process, as more replicas of a role would
     * run on a cluster. Each further instance is its own {@link EaasService} with the same application ids, so Kafka
     * divides each role's partitions among the instances, and with a state folder of its own, so no two instances
     * lock the same task folders. All instances share the settings and the KEK.
     *
     * @param additionalInstances the roles of each further instance; each set must be a subset of {@code roles}
     */
    public static EmbeddedPipeline start(String bootstrapServers, Set<Role> roles, Map<String, Object> settings,
            List<Set<Role>> additionalInstances) throws InterruptedException, TimeoutException {
        for (Set<Role> instanceRoles : additionalInstances) {
            if (instanceRoles.isEmpty() || !roles.containsAll(instanceRoles)) {
                throw new IllegalArgumentException("Invalid additional instance with roles " + instanceRoles
                        + "; expected a non-empty subset of the pipeline's roles " + roles);
            }
        }
        Parts parts = new Parts();
        Thread shutdownHook = new Thread(parts::close, "eaas-pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            if (bootstrapServers == null) {
                // This pipeline's hook stops the roles before the broker, so the broker's own hook must not run.
                parts.broker = EmbeddedKafkaBroker.start().withoutShutdownHook();
            }
            String bootstrap = parts.broker == null ? bootstrapServers : parts.broker.bootstrapServers();
            if (!roles.isEmpty()) {
                parts.stateDir = Files.createTempDirectory("eaas-state-");
                Map<String, Object> values = new HashMap<>(settings);
                if (needsThrowawayKek(roles, values)) {
                    parts.kekDir = Files.createTempDirectory("eaas-kek-");
                    Path kekFile = KekFiles.createKeyFile(parts.kekDir.resolve("kek.key"), new SecureRandom());
                    values.put(ServiceConfig.KEK_FILE, kekFile.toString());
                    LOG.warn("No KEK configured ({} or {}); using a throwaway KEK at {}, deleted with this run, so"
                            + " nothing encrypted in this run can be decrypted after it", ServiceConfig.KEK_FILE,
                            ServiceConfig.KEK_KEYSTORE_PATH, kekFile);
                }
                values.put(ServiceConfig.BOOTSTRAP_SERVERS, bootstrap);
                values.putIfAbsent(ServiceConfig.STATE_DIR, parts.stateDir.toString());
                parts.service = new EaasService(new ServiceConfig(values), roles);
                parts.service.start();
                for (int i = 0; i < additionalInstances.size(); i++) {
                    Map<String, Object> instanceValues = new HashMap<>(values);
                    Path instanceStateDir = parts.stateDir.resolve("instance-" + (i + 2));
                    instanceValues.put(ServiceConfig.STATE_DIR, instanceStateDir.toString());
                    EaasService instance = new EaasService(new ServiceConfig(instanceValues), additionalInstances.get(i));
                    parts.additionalServices.add(instance);
                    instance.start();
                }
                parts.service.awaitRunning(START_TIMEOUT_MS);
                for (EaasService instance : parts.additionalServices) {
                    instance.awaitRunning(START_TIMEOUT_MS);
                }
            }
            return new EmbeddedPipeline(parts, shutdownHook, bootstrap);
        } catch (IOException failure) {
            stop(parts, shutdownHook);
            throw new UncheckedIOException("Failed to create a state folder for the service roles", failure);
        } catch (RuntimeException | InterruptedException | TimeoutException failure) {
            stop(parts, shutdownHook);
            throw failure;
        }
    }

    /** Returns whether the roles need a KEK and neither the settings nor the environment name one. */
    private static boolean needsThrowawayKek(Set<Role> roles, Map<String, Object> settings) {
        ServiceConfig config = new ServiceConfig(settings);
        boolean needed = roles.stream().anyMatch(role -> role.needsKek(config));
        boolean configured = settings.containsKey(ServiceConfig.KEK_FILE) || settings.containsKey(ServiceConfig.KEK_KEYSTORE_PATH)
                || System.getenv(KekLoader.KEK_FILE_ENV) != null || System.getenv(KekLoader.KEK_KEYSTORE_PATH_ENV) != null;
        return needed && !configured;
    }

    /** Returns the key file of the throwaway KEK this pipeline made, or null if the settings named a KEK. */
    public Path throwawayKekFile() {
        return parts.kekDir == null ? null : parts.kekDir.resolve("kek.key");
    }

    /** Returns the folder of the roles' state stores, or null if no role runs here. */
    public Path stateDir() {
        return parts.stateDir;
    }

    /** Returns the embedded broker, or null if the pipeline uses an existing cluster. */
    public EmbeddedKafkaBroker broker() {
        return parts.broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the further instances of roles started beside {@link #service()}, empty if there are none. */
    public List<EaasService> additionalServices() {
        return List.copyOf(parts.additionalServices);
    }

    /** Returns the service roles running in this process, or null if none run here. */
    public EaasService service() {
        return parts.service;
    }

    @Override
    public void close() {
        stop(parts, shutdownHook);
    }

    private static void stop(Parts parts, Thread shutdownHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running; whichever of it and this call comes second does nothing.
        }
        parts.close();
    }

    /** The parts started so far, set as each one starts, so the hook can also stop a pipeline that is starting. */
    private static final class Parts {
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile EmbeddedKafkaBroker broker;
        private volatile EaasService service;
        private final List<EaasService> additionalServices = new CopyOnWriteArrayList<>();
        private volatile Path stateDir;
        private volatile Path kekDir;

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            for (EaasService instance : additionalServices) {
                try {
                    instance.close();
                } catch (RuntimeException failure) {
                    LOG.warn("Failed to stop an additional instance of the EaaS roles {}: {}", instance.roles(),
                            failure.toString());
                }
            }
            try {
                if (service != null) {
                    service.close();
                }
            } catch (RuntimeException failure) {
                LOG.warn("Failed to stop the EaaS roles: {}", failure.toString());
            }
            try {
                if (broker != null) {
                    broker.close();
                }
            } catch (RuntimeException failure) {
                LOG.warn("Failed to stop the embedded broker cleanly: {}", failure.toString());
            } finally {
                if (stateDir != null) {
                    deleteRecursively(stateDir);
                }
                if (kekDir != null) {
                    deleteRecursively(kekDir);
                }
            }
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException failure) {
            LOG.warn("Failed to delete the state folder {}: {}", folder, failure.toString());
        }
    }
}

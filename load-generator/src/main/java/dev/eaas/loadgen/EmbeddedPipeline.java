package dev.eaas.loadgen;

import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The whole service on one machine: an embedded single-node broker, unless an existing cluster is named, and the
 * roles running in this process, with their state in a temporary folder that {@link #close()} deletes.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    /** How long the roles may take to join their groups and restore their stores. */
    public static final long START_TIMEOUT_MS = 120_000;

    private final EmbeddedKafkaBroker broker;
    private final EaasService service;
    private final Path stateDir;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeOnJvmShutdown, "eaas-pipeline-shutdown");

    private EmbeddedPipeline(EmbeddedKafkaBroker broker, EaasService service, Path stateDir, String bootstrapServers) {
        this.broker = broker;
        this.service = service;
        this.stateDir = stateDir;
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
        // The pipeline's own hook stops the roles before the broker, so the broker's hook is not needed.
        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start().withoutShutdownHook() : null;
        String bootstrap = broker == null ? bootstrapServers : broker.bootstrapServers();
        Path stateDir = null;
        EaasService service = null;
        try {
            if (!roles.isEmpty()) {
                stateDir = Files.createTempDirectory("eaas-state-");
                Map<String, Object> values = new HashMap<>(settings);
                values.put(ServiceConfig.BOOTSTRAP_SERVERS, bootstrap);
                values.putIfAbsent(ServiceConfig.STATE_DIR, stateDir.toString());
                service = new EaasService(new ServiceConfig(values), roles).start();
                service.awaitRunning(START_TIMEOUT_MS);
            }
            EmbeddedPipeline pipeline = new EmbeddedPipeline(broker, service, stateDir, bootstrap);
            // On Ctrl-C the roles stop first, then the broker, and the state folder with the keys is deleted.
            Runtime.getRuntime().addShutdownHook(pipeline.shutdownHook);
            return pipeline;
        } catch (IOException failure) {
            closeQuietly(broker, service, stateDir);
            throw new UncheckedIOException("Failed to create a state folder for the service roles", failure);
        } catch (RuntimeException | InterruptedException | TimeoutException failure) {
            closeQuietly(broker, service, stateDir);
            throw failure;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the service roles running in this process, or null if none run here. */
    public EaasService service() {
        return service;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running and returns at once, because the pipeline is closed here.
        }
        closeQuietly(broker, service, stateDir);
    }

    private void closeOnJvmShutdown() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(broker, service, stateDir);
        }
    }

    private static void closeQuietly(EmbeddedKafkaBroker broker, EaasService service, Path stateDir) {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (stateDir != null) {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A folder left in the temporary directory is harmless.
        }
    }
}

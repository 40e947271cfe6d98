package dev.eaas.loadgen.crash;

import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.KekFiles;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A Kafka broker and the four EaaS roles, each in a JVM of its own on 127.0.0.1, so that any one of them can be
 * killed with SIGKILL and started again while the others keep running.
 *
 * <p>The broker is {@code eaas broker}, Kafka's KRaft broker and controller in one child JVM. Each role is
 * {@code eaas service --roles <role>} with the shared KEK file and a state folder that no earlier start of the
 * role used: every restart of the key manager therefore begins with an empty key store and restores it from its
 * changelog topic.
 */
final class ProcessCluster implements AutoCloseable {

    /** The roles in the order they start: the registrar first, because it creates the shared topics. */
    static final List<Role> ROLES = List.of(Role.REGISTRAR, Role.COORDINATOR, Role.KEY_MANAGER, Role.CRYPTOR);

    private static final Pattern BOOTSTRAP_LINE = Pattern.compile("bootstrap\\.servers=(\\S+)");
    private static final Pattern HEALTH_PORT_LINE = Pattern.compile("health endpoints on port (\\d+)");
    private static final int BROKER_HEAP_MB = 768;
    private static final int ROLE_HEAP_MB = 384;
    private static final long STOP_GRACE_MS = 40_000;

    private final Path workDir;
    private final long readyTimeoutMs;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The running process of each role; the kill thread changes it while the shutdown hook may read it. */
    private final Map<Role, ChildProcess> roles = new ConcurrentHashMap<>();
    private final Map<Role, Integer> starts = new ConcurrentHashMap<>();
    private volatile ChildProcess broker;
    /** Set by {@link #close()}; guarded by {@code this}, so no process starts after close has taken its list. */
    private boolean closed;
    private String bootstrapServers;
    /** File name of the run's KEK in the work folder. */
    static final String KEK_FILE_NAME = "kek.key";

    private Path kekFile;

    ProcessCluster(Path workDir, long readyTimeoutMs, PrintStream progress) {
        this.workDir = workDir;
        this.readyTimeoutMs = readyTimeoutMs;
        this.progress = progress;
    }

    /** Starts the broker, writes a KEK file and starts every role, and returns once each role reports ready. */
    void start() throws IOException, InterruptedException, TimeoutException {
        Files.createDirectories(workDir.resolve("logs"));
        ChildProcess startedBroker = ChildProcess.start("broker", List.of("broker"), BROKER_HEAP_MB,
                workDir.resolve("logs/broker.log"));
        synchronized (this) {
            broker = startedBroker;
            if (closed) {
                startedBroker.stop(STOP_GRACE_MS);
                throw new IllegalStateException("The cluster was closed while its broker started");
            }
        }
        bootstrapServers = startedBroker.awaitLogLine(BOOTSTRAP_LINE, readyTimeoutMs).group(1);
        progress.printf("[crash-test] Broker (pid %d) at %s%n", startedBroker.pid(), bootstrapServers);
        kekFile = KekFiles.createKeyFile(workDir.resolve(KEK_FILE_NAME), new SecureRandom());

        startRole(Role.REGISTRAR);
        awaitReady(Role.REGISTRAR);
        for (Role role : ROLES.subList(1, ROLES.size())) {
            startRole(role);
        }
        for (Role role : ROLES.subList(1, ROLES.size())) {
            awaitReady(role);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Kills the role's process with SIGKILL and returns its exit code. */
    int kill(Role role) throws InterruptedException {
        ChildProcess process = roles.remove(role);
        if (process == null) {
            throw new IllegalStateException("Role " + role.cliName() + " is not running, so it cannot be killed");
        }
        return process.kill();
    }

    /** Starts the role again with a new, empty state folder and waits until it reports ready. */
    void restart(Role role) throws InterruptedException, TimeoutException {
        startRole(role);
        awaitReady(role);
    }

    /** Returns how many times each role has been started, the first start included. */
    Map<Role, Integer> starts() {
        return Map.copyOf(starts);
    }

    private synchronized void startRole(Role role) {
        if (closed) {
            throw new IllegalStateException("Cannot start the " + role.cliName() + ": the cluster is closed");
        }
        int start = starts.merge(role, 1, Integer::sum);
        Path stateDir = workDir.resolve("state").resolve(role.cliName() + "-" + start);
        List<String> arguments = new ArrayList<>(List.of("service", "--roles", role.cliName(),
                "--bootstrap-servers", bootstrapServers,
                "--set", ServiceConfig.STATE_DIR + "=" + stateDir,
                "--set", ServiceConfig.KEK_FILE + "=" + kekFile,
                "--set", ServiceConfig.HEALTH_PORT + "=0",
                "--set", ServiceConfig.HEALTH_BIND_ADDRESS + "=127.0.0.1"));
        String name = role.cliName() + " #" + start;
        ChildProcess process = ChildProcess.start(name, arguments, ROLE_HEAP_MB,
                workDir.resolve("logs").resolve(role.cliName() + "-" + start + ".log"));
        roles.put(role, process);
        progress.printf("[crash-test] Started %s (pid %d), state folder %s%n", name, process.pid(), stateDir);
    }

    /** Waits until the role's {@code /readyz} returns 200: it is RUNNING, restores no store and reaches the broker. */
    private void awaitReady(Role role) throws InterruptedException, TimeoutException {
        ChildProcess process = roles.get(role);
        long startMs = System.currentTimeMillis();
        int port = Integer.parseInt(process.awaitLogLine(HEALTH_PORT_LINE, readyTimeoutMs).group(1));
        URI readiness = URI.create("http://127.0.0.1:" + port + "/readyz");
        long deadline = startMs + readyTimeoutMs;
        while (!isReady(readiness)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Process " + process.name() + " exited before it was ready");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("Process " + process.name() + " was not ready within " + readyTimeoutMs + " ms");
            }
            Thread.sleep(200);
        }
        progress.printf("[crash-test] %s ready after %d ms%n", process.name(), System.currentTimeMillis() - startMs);
    }

    private boolean isReady(URI readiness) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Stops the roles with SIGTERM, all at once, then the broker, which deletes its data folder; whatever still runs
     * after the grace time gets SIGKILL. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        List<ChildProcess> running;
        synchronized (this) {
            closed = true;
            running = new ArrayList<>(roles.values());
            roles.clear();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ChildProcess process : running) {
            Thread thread = new Thread(() -> process.stop(STOP_GRACE_MS), "stop-" + process.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        ChildProcess startedBroker = broker;
        if (startedBroker != null) {
            startedBroker.stop(STOP_GRACE_MS);
        }
    }
}

package dev.eaas.loadgen.crash;

import dev.eaas.client.ClientCounters;
import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a crash test: a broker and the four roles as separate processes, round trips through them while a kill
 * schedule kills and restarts role processes, then every ciphertext decrypted again and the key changelog audited.
 */
public final class CrashTestRunner {

    /** Everything one run needs; {@link CrashTestCommand} checks the values. */
    public record Settings(CrashWorkload.Settings workload, int kills, long maxDownMs, int deceptionFactorBits,
            long timeoutMs, Path workDir, boolean keepWorkDir) {
    }

    private static final int SUBSCRIBER = 1;
    private static final long READY_TIMEOUT_MS = 180_000;
    private static final long PROGRESS_INTERVAL_SECONDS = 10;
    /** The key manager's application id under the default {@code application.id.prefix} "eaas". */
    private static final String KEY_MANAGER_APPLICATION_ID = "eaas-" + Role.KEY_MANAGER.cliName();

    private final Settings settings;
    private final PrintStream progress;

    public CrashTestRunner(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public CrashTestResult run() throws Exception {
        long runStartNanos = System.nanoTime();
        Path workDir = settings.workDir() != null ? Files.createDirectories(settings.workDir())
                : Files.createTempDirectory("eaas-crash-test-");
        progress.println("[crash-test] Logs and state folders in " + workDir);
        ProcessCluster cluster = new ProcessCluster(workDir, READY_TIMEOUT_MS, progress);
        Thread stopOnExit = new Thread(() -> {
            cluster.close();
            deleteKek(workDir);
        }, "eaas-crash-test-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        CrashTestResult result = null;
        try {
            cluster.start();
            result = runAgainst(cluster, runStartNanos);
            return result;
        } finally {
            cluster.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            if (result != null && result.violations().isEmpty() && !settings.keepWorkDir()) {
                deleteRecursively(workDir);
            } else {
                if (!settings.keepWorkDir()) {
                    deleteKek(workDir);
                }
                progress.println("[crash-test] Kept logs and state folders in " + workDir);
            }
        }
    }

    private CrashTestResult runAgainst(ProcessCluster cluster, long runStartNanos) throws Exception {
        EaasClientConfig config = EaasClientConfig.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .requestTimeoutMs(settings.timeoutMs())
                .build();
        Registration registration = EaasClient.register(config, SUBSCRIBER, settings.deceptionFactorBits());
        ExecutorService decryptSenders = Executors.newFixedThreadPool(2);
        try (EaasClient client = EaasClient.open(config, registration)) {
            warmUp(client, config);
            CrashWorkload workload = new CrashWorkload(client, settings.workload(), decryptSenders);
            KillSchedule schedule = new KillSchedule(cluster, settings.kills(), settings.workload().roundTrips(),
                    settings.maxDownMs(), settings.workload().seed(), workload::started, progress);
            Thread killer = new Thread(schedule, "eaas-crash-test-kills");

            long loadStartNanos = System.nanoTime();
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
            reporter.scheduleAtFixedRate(() -> progress.printf("[crash-test] %.0f s: %d round trips started, %d ended,"
                    + " %d kills%n", (System.nanoTime() - loadStartNanos) / 1e9, workload.started(), workload.ended(),
                    schedule.kills().size()), PROGRESS_INTERVAL_SECONDS, PROGRESS_INTERVAL_SECONDS, TimeUnit.SECONDS);
            killer.start();
            CrashWorkload.Counts roundTrips;
            try {
                roundTrips = workload.run(schedule::awaitKillsBefore);
            } finally {
                reporter.shutdownNow();
                schedule.stop();
                killer.join(2 * READY_TIMEOUT_MS);
            }
            long loadNanos = System.nanoTime() - loadStartNanos;
            progress.printf("[crash-test] Round trips done in %.1f s: %d completed, %d failed; decrypting every"
                    + " ciphertext again%n", loadNanos / 1e9, roundTrips.completed(), roundTrips.failed());

            long verifyStartNanos = System.nanoTime();
            CrashWorkload.Counts again = workload.decryptAllAgain();
            long verifyNanos = System.nanoTime() - verifyStartNanos;
            KeyChangelogAudit.Result audit = KeyChangelogAudit.audit(cluster.bootstrapServers(),
                    KeyManagerTopology.changelogTopic(KEY_MANAGER_APPLICATION_ID), Duration.ofMinutes(2));
            long lastKeyManagerKill = schedule.startedAtLastKill(Role.KEY_MANAGER);
            long oldPairCiphertexts = lastKeyManagerKill < 0 ? 0 : workload.ciphertextsOfPairsBefore(lastKeyManagerKill);
            ClientCounters counters = client.counters();
            return new CrashTestResult(settings, roundTrips, again, schedule.kills(), schedule.failure(), audit,
                    oldPairCiphertexts, counters, cluster.starts(), loadNanos / 1e9, verifyNanos / 1e9,
                    (System.nanoTime() - runStartNanos) / 1e9);
        } finally {
            decryptSenders.shutdownNow();
        }
    }

    /**
     * Sends round trips on a pair outside the workload until one completes, so the run starts only once the
     * coordinator reads the new subscriber's topics and the key manager's subscriber table contains it.
     */
    private void warmUp(EaasClient client, EaasClientConfig config) throws InterruptedException, TimeoutException {
        int sender = config.frameLayout().maxRequester() - 1;
        int receiver = config.frameLayout().maxRequester();
        long deadline = System.currentTimeMillis() + 3 * settings.timeoutMs();
        while (true) {
            try {
                byte[] ciphertext = client.requester(sender).encrypt(receiver, new byte[16]).get();
                client.requester(receiver).decrypt(sender, ciphertext).get();
                return;
            } catch (ExecutionException failure) {
                if (System.currentTimeMillis() > deadline) {
                    throw new TimeoutException("No warm-up round trip completed within " + 3 * settings.timeoutMs()
                            + " ms; the last one failed with " + failure.getCause());
                }
                progress.println("[crash-test] Warm-up round trip failed, trying again: " + failure.getCause());
            }
        }
    }

    /**
     * Deletes the run's KEK from a work folder that is kept, so an interrupted or failed run leaves no key behind;
     * {@code --keep-work-dir} keeps it for decrypting the stored keys afterwards.
     */
    private void deleteKek(Path workDir) {
        try {
            Files.deleteIfExists(workDir.resolve(ProcessCluster.KEK_FILE_NAME));
        } catch (IOException failure) {
            progress.println("[crash-test] Failed to delete the KEK in " + workDir + ": " + failure);
        }
    }

    private void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException failure) {
            progress.println("[crash-test] Failed to delete " + folder + ": " + failure);
        }
    }
}

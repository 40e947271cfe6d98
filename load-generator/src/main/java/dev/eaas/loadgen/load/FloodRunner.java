package dev.eaas.loadgen.load;

import dev.eaas.client.ClientCounters;
import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the same open-loop EaaS load three times on an embedded broker with every role in this process: alone,
 * while {@link FloodSources} send frames with wrong tokens to the same subscriber's request topic, and alone again.
 * It records the legitimate round trips' latency and the roles' counters in each phase. The phase after the flood
 * shows how much of a difference between the first two comes from the order, such as a JVM still warming up.
 */
public final class FloodRunner {

    /** Everything one run needs; {@link FloodCommand} checks the values. */
    public record Settings(double ratePerSecond, double phaseSeconds, double warmupSeconds, double floodFactor,
            int sources, int deceptionFactorBits, int payloadBytes, int pairs, long timeoutMs, long seed) {

        /** Returns the legitimate frames per second: each round trip sends 2^d encryption frames and one decryption frame. */
        double legitimateFramesPerSecond() {
            return ratePerSecond * ((1 << deceptionFactorBits) + 1);
        }

        double floodFramesPerSecond() {
            return floodFactor * legitimateFramesPerSecond();
        }
    }

    /** The figures of one phase: latency, counters of the client and the roles, and the flood frames sent. */
    public record Phase(LoadResult load, ClientCounters client, RoleCounters roles, long floodFrames, long floodFailed) {
    }

    private static final int SUBSCRIBER = 1;
    /** Flood sources use requester ids from here on, far above the legitimate pairs' 1 to 2 * pairs. */
    private static final int FIRST_FLOOD_REQUESTER = 60_000;
    private static final long QUIET_TIMEOUT_MS = 60_000;

    private final Settings settings;
    private final PrintStream progress;

    public FloodRunner(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the three phases and returns them. */
    public FloodResult run() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(null, EnumSet.allOf(Role.class), Map.of())) {
            EaasClientConfig config = EaasClientConfig.builder()
                    .bootstrapServers(pipeline.bootstrapServers())
                    .requestTimeoutMs(settings.timeoutMs())
                    .build();
            Registration registration = EaasClient.register(config, SUBSCRIBER, settings.deceptionFactorBits());
            try (EaasClient client = EaasClient.open(config, registration)) {
                EaasService service = pipeline.service();
                warmUp(new EaasRoundTrip(client, settings.pairs(), new Payloads(PayloadSizes.fixed(64), settings.seed()),
                        workers));
                Phase unflooded = phase("unflooded", client, service, workers, null);
                FloodSources flood = new FloodSources(pipeline.bootstrapServers(), config.frameLayout(), registration,
                        settings.sources(), settings.floodFramesPerSecond(), settings.payloadBytes(),
                        FIRST_FLOOD_REQUESTER, settings.seed());
                Phase flooded;
                try {
                    flooded = phase("flooded", client, service, workers, flood);
                } finally {
                    // The phase closes the flood once its load is done. Closing it here too stops it if the phase failed.
                    flood.close();
                }
                Phase unfloodedAfter = phase("after", client, service, workers, null);
                return new FloodResult(settings, registration.framesPerRequest(), unflooded, flooded, unfloodedAfter);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Runs one phase of open-loop load. With a flood, it stops the flood once the load is done and waits until the
     * coordinator has dropped every flood frame, so that the counters include the whole flood and nothing else.
     */
    private Phase phase(String name, EaasClient client, EaasService service, ExecutorService workers,
            FloodSources flood) throws InterruptedException, TimeoutException {
        ClientCounters clientBefore = client.counters();
        RoleCounters rolesBefore = RoleCounters.read(service);
        long measured = Math.max(1, Math.round(settings.ratePerSecond() * settings.phaseSeconds()));
        long warmup = Math.round(settings.ratePerSecond() * settings.warmupSeconds());
        OpenLoopScheduler scheduler = new OpenLoopScheduler(NanoClock.SYSTEM,
                new OpenLoopScheduler.Plan(settings.ratePerSecond(), warmup, measured, 10_000),
                new EaasRoundTrip(client, settings.pairs(), new Payloads(PayloadSizes.fixed(settings.payloadBytes()),
                        settings.seed()), workers));
        scheduler.run();
        int unfinished = scheduler.awaitInFlight(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * settings.timeoutMs() + 1_000));
        double seconds = scheduler.lastCompletionNanos() == Long.MIN_VALUE ? 0
                : (scheduler.lastCompletionNanos() - scheduler.measuredStartNanos()) / 1e9;
        long floodFrames = 0;
        long floodFailed = 0;
        if (flood != null) {
            flood.close();
            floodFrames = flood.acknowledged();
            floodFailed = flood.failed();
        }
        ClientCounters clientAfter = client.counters();
        long legitimateDecoys = clientAfter.framesSent() - clientBefore.framesSent()
                - (clientAfter.requestsSent() - clientBefore.requestsSent());
        awaitDropped(service, rolesBefore.droppedWrongToken() + legitimateDecoys + floodFrames);
        RoleCounters roles = RoleCounters.read(service).minus(rolesBefore);

        OpenLoopScheduler.Snapshot last = scheduler.snapshot();
        LoadResult load = LoadResult.of(LoadMode.EAAS.cliName(), name, "aes-256-gcm", settings.deceptionFactorBits(),
                Integer.toString(settings.payloadBytes()), settings.ratePerSecond(), seconds, last.completed(),
                last.failed() + unfinished, last.dropped(), last.latencyMicros());
        progress.printf("[flood] %s phase: %d round trips completed, p50 %.2f ms, p99 %.2f ms, %d flood frames%n",
                name, load.completed(), load.p50Ms(), load.p99Ms(), floodFrames);
        return new Phase(load, minus(clientAfter, clientBefore), roles, floodFrames, floodFailed);
    }

    /** Waits until the coordinator's dropped-wrong-token total reaches {@code expected}, or the quiet timeout passes. */
    private void awaitDropped(EaasService service, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + QUIET_TIMEOUT_MS;
        while (RoleCounters.read(service).droppedWrongToken() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // A frame counted twice would show as a total above the expected one; a short pause lets it arrive.
        Thread.sleep(1_000);
    }

    private void warmUp(EaasRoundTrip roundTrip) throws Exception {
        for (int pair = 0; pair < settings.pairs(); pair++) {
            roundTrip.start(pair).get(4 * settings.timeoutMs(), TimeUnit.MILLISECONDS);
        }
    }

    private static ClientCounters minus(ClientCounters after, ClientCounters before) {
        return new ClientCounters(after.requestsSent() - before.requestsSent(), after.framesSent() - before.framesSent(),
                after.retries() - before.retries(), after.repliesReceived() - before.repliesReceived(),
                after.decoyRepliesIgnored() - before.decoyRepliesIgnored(),
                after.repliesIgnored() - before.repliesIgnored(), after.timeouts() - before.timeouts(),
                after.errors() - before.errors());
    }

    /**
     * The roles' counters that show where the work of a phase went, summed over every task. A request is served
     * either the full way, with a key lookup and a cryptor operation, or by the coordinator with a lent key.
     */
    public record RoleCounters(long framesReceived, long droppedWrongToken, long accepted, long keyLookups,
            long encryptions, long decryptions, long servedWithLentKeys) {

        static RoleCounters read(EaasService service) {
            return new RoleCounters(
                    total(service, Role.COORDINATOR, "frames-received"),
                    total(service, Role.COORDINATOR, "dropped-wrong-token"),
                    total(service, Role.COORDINATOR, "accepted"),
                    total(service, Role.KEY_MANAGER, "key-lookups"),
                    total(service, Role.CRYPTOR, "encryptions"),
                    total(service, Role.CRYPTOR, "decryptions"),
                    total(service, Role.COORDINATOR, "lent-key-encryptions")
                            + total(service, Role.COORDINATOR, "lent-key-decryptions"));
        }

        RoleCounters minus(RoleCounters before) {
            return new RoleCounters(framesReceived - before.framesReceived, droppedWrongToken - before.droppedWrongToken,
                    accepted - before.accepted, keyLookups - before.keyLookups, encryptions - before.encryptions,
                    decryptions - before.decryptions, servedWithLentKeys - before.servedWithLentKeys);
        }

        private static long total(EaasService service, Role role, String event) {
            return Math.round(service.counterTotal(role, event));
        }
    }
}

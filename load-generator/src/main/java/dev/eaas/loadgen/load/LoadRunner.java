package dev.eaas.loadgen.load;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one load run on an embedded single-node broker on 127.0.0.1. It starts what the mode needs and sends one
 * round trip per pair to warm up. Then it runs the open-loop schedule, waits for the round trips under way and
 * stops everything it started.
 */
public final class LoadRunner {

    /** Everything one run needs; {@link LoadCommand} checks the values before building it. */
    public record Settings(LoadMode mode, Scenario scenario, SuiteId suite, int deceptionFactorBits,
            OpenLoopScheduler.Plan plan, PayloadSizes payloadSizes, int pairs, int echoExchanges, long timeoutMs,
            long progressIntervalMs, long seed, Map<String, Object> serviceSettings) {
    }

    /**
     * The result of a run, with the final counts and every recorded latency in microseconds.
     *
     * @param completionRatePerSecond measured round trips completed per second between the first and the last
     *     completion. Unlike the achieved rate of {@link LoadResult}, it leaves out the latency of the first round
     *     trip, so short runs of a slow system are not counted short. 0 with fewer than 2 completions.
     */
    public record Outcome(LoadResult result, OpenLoopScheduler.Snapshot snapshot, long unfinished, Throwable firstFailure,
            double completionRatePerSecond) {

        public Histogram latencyMicros() {
            return snapshot.latencyMicros();
        }
    }

    private static final int WORKER_THREADS = 2;
    private static final int SUBSCRIBER = 1;

    private final Settings settings;
    private final PrintStream progress;
    private volatile Supplier<Outcome> outcomeSoFar;

    public LoadRunner(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads("eaas-load-worker"));
        try {
            return settings.mode() == LoadMode.EAAS ? runEaas(workers) : runEcho(workers);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Returns the outcome of the measured schedule's round trips finished so far, or empty before that schedule
     * starts. Safe to call from another thread while {@link #run()} runs, such as a JVM shutdown hook. Round trips
     * still under way are not counted as errors.
     */
    public Optional<Outcome> outcomeSoFar() {
        Supplier<Outcome> supplier = outcomeSoFar;
        return supplier == null ? Optional.empty() : Optional.of(supplier.get());
    }

    private Outcome runEaas(ExecutorService workers) throws Exception {
        Map<String, Object> serviceSettings = new HashMap<>(settings.serviceSettings());
        if (settings.suite().legacy()) {
            serviceSettings.put(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, "true");
        }
        ServiceConfig config = new ServiceConfig(new HashMap<>(serviceSettings));
        long startMs = System.currentTimeMillis();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(null, EnumSet.allOf(Role.class), serviceSettings,
                settings.scenario().additionalInstances())) {
            progress.printf("[load] Broker at %s, scenario %s (%d coordinators, %d key managers, %d cryptors) ready in %d ms%n",
                    pipeline.bootstrapServers(), settings.scenario().cliName(), settings.scenario().coordinators(),
                    settings.scenario().keyManagers(), settings.scenario().cryptors(), System.currentTimeMillis() - startMs);
            EaasClientConfig clientConfig = EaasClientConfig.builder()
                    .bootstrapServers(pipeline.bootstrapServers())
                    .frameLayout(config.frameLayout())
                    .requestTimeoutMs(settings.timeoutMs())
                    .cipherSuite(settings.suite())
                    .build();
            Registration registration = EaasClient.register(clientConfig, SUBSCRIBER, settings.deceptionFactorBits());
            try (EaasClient client = EaasClient.open(clientConfig, registration)) {
                Payloads warmupPayloads = new Payloads(PayloadSizes.fixed(64), settings.seed());
                warmUp(new EaasRoundTrip(client, settings.pairs(), warmupPayloads, workers));
                EaasRoundTrip roundTrip = new EaasRoundTrip(client, settings.pairs(),
                        new Payloads(settings.payloadSizes(), settings.seed()), workers);
                return measure(roundTrip, 2 * settings.timeoutMs(), settings.scenario().cliName(),
                        settings.suite().suiteName(), settings.deceptionFactorBits());
            }
        }
    }

    private Outcome runEcho(ExecutorService workers) throws Exception {
        LocalCipher cipher = settings.mode() == LoadMode.LOCAL_ENCRYPTION ? localCipher() : null;
        long startMs = System.currentTimeMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             EchoService echoService = EchoService.start(broker.bootstrapServers(),
                     TopicCatalogue.DEFAULT_SUBSCRIBER_PARTITIONS, EmbeddedPipeline.START_TIMEOUT_MS);
             EchoClient echo = new EchoClient(broker.bootstrapServers(), settings.timeoutMs())) {
            progress.printf("[load] Broker at %s, echo service ready in %d ms%n", broker.bootstrapServers(),
                    System.currentTimeMillis() - startMs);
            Payloads warmupPayloads = new Payloads(PayloadSizes.fixed(64), settings.seed());
            warmUp(new EchoRoundTrip(echo, settings.echoExchanges(), settings.pairs(), cipher, warmupPayloads, workers));
            EchoRoundTrip roundTrip = new EchoRoundTrip(echo, settings.echoExchanges(), settings.pairs(), cipher,
                    new Payloads(settings.payloadSizes(), settings.seed()), workers);
            return measure(roundTrip, settings.echoExchanges() * settings.timeoutMs(), "",
                    cipher == null ? "" : cipher.suite().suiteName(), 0);
        }
    }

    private LocalCipher localCipher() {
        try {
            return new LocalCipher(settings.suite(), settings.pairs());
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("Failed to make local keys for " + settings.suite().suiteName() + ": "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * Sends one round trip per pair and waits for each, so that the schedule does not measure what happens once:
     * the coordinator starting to read a new subscriber's topics, and the key manager creating each pair key.
     */
    private void warmUp(OpenLoopScheduler.RoundTrip roundTrip) throws InterruptedException, TimeoutException {
        long startNanos = System.nanoTime();
        for (int pair = 0; pair < settings.pairs(); pair++) {
            try {
                roundTrip.start(pair).get(4 * settings.timeoutMs(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException failure) {
                throw new IllegalStateException("The warm-up round trip of pair " + pair + " failed: "
                        + failure.getCause().getMessage(), failure.getCause());
            }
        }
        progress.printf("[load] Warm-up round trips of %d pairs took %d ms%n", settings.pairs(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private Outcome measure(OpenLoopScheduler.RoundTrip roundTrip, long roundTripTimeoutMs, String scenario,
            String suite, int deceptionFactorBits) throws InterruptedException {
        MeasuredRun.Labels labels = new MeasuredRun.Labels(settings.mode().cliName(), scenario, suite,
                deceptionFactorBits, settings.payloadSizes().spec());
        return MeasuredRun.measure(roundTrip, settings.plan(), roundTripTimeoutMs, labels,
                settings.progressIntervalMs(), progress, supplier -> outcomeSoFar = supplier);
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger created = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, namePrefix + "-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.eaas.loadgen.load;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.topics.SuiteId;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eaas figure10}: the round-trip latency that a microservice gets through EaaS, per scenario and per
 * cipher suite, as in Figure 10 of Javadpour et al. ("Improving the Security of Service Mesh in Kubernetes"). It
 * writes {@code figure10.csv} (the columns of {@code eaas load --csv}) and {@code figure10.png} to the output
 * folder, replacing both.
 *
 * <p>Each scenario gets its own embedded broker and roles, with the legacy suites allowed. Each suite is a
 * subscriber of its own, registered with that suite. The suites take turns in slices at the same offered rate, so
 * within a scenario they meet the same broker, the same roles and, on average, the same other load.
 */
@Command(name = "figure10", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures EaaS round trips (an encryption, then a decryption) at a fixed open-loop rate for"
                + " each scenario and cipher suite, on an embedded broker on 127.0.0.1, and writes figure10.csv and"
                + " figure10.png (p50 and p99 by scenario and suite) to --out.",
            "Progress goes to standard error. Exits with 1 if any round trip failed."})
public final class Figure10Command implements Callable<Integer> {

    static final String CSV_FILE = "figure10.csv";
    static final String PNG_FILE = "figure10.png";

    /** Unrecorded round trips per suite before the first slice of a scenario, in units of --warmup-requests. */
    private static final int WARMUP_SLICES = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for figure10.csv and figure10.png.")
    private Path outDir;

    @Option(names = "--scenarios", defaultValue = "alpha,beta,lambda", split = ",", paramLabel = "NAME",
            converter = LoadCommand.ScenarioConverter.class,
            description = "Scenarios to run, in order (default: ${DEFAULT-VALUE}).")
    private List<Scenario> scenarios;

    @Option(names = "--suites", defaultValue = "des-cbc,aes-256-gcm,blowfish-cbc,chacha20-poly1305,aes-256-gcm-siv",
            split = ",", paramLabel = "SUITE", converter = LoadCommand.SuiteConverter.class,
            description = "Cipher suites to run in each scenario, in order (default: ${DEFAULT-VALUE}).")
    private List<SuiteId> suites;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "PER_SECOND",
            description = "Round trips started per second (default: ${DEFAULT-VALUE}).")
    private double ratePerSecond;

    @Option(names = "--requests", defaultValue = "1000", paramLabel = "N",
            description = "Measured round trips per scenario and suite (default: ${DEFAULT-VALUE}).")
    private long requests;

    @Option(names = "--warmup-requests", defaultValue = "100", paramLabel = "N",
            description = "Unrecorded round trips at the same rate before each slice (default: ${DEFAULT-VALUE}).")
    private long warmupRequests;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Slices into which each suite's measured round trips are split; the suites take turns slice"
                    + " by slice (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--payload-bytes", defaultValue = "1024", converter = LoadCommand.PayloadSizesConverter.class,
            paramLabel = "SIZES", description = "Payload size in bytes, as for 'eaas load' (default: ${DEFAULT-VALUE}).")
    private PayloadSizes payloadSizes;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Round trips under way at once before further ones count as dropped (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "Time one encryption or decryption may take before it fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the payload sizes and bytes (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        OpenLoopScheduler.Plan plan = validate();
        PrintStream progress = System.err;
        Path csv = outDir.resolve(CSV_FILE);
        Files.createDirectories(outDir);
        Files.deleteIfExists(csv);

        long startNanos = System.nanoTime();
        long failed = 0;
        for (Scenario scenario : scenarios) {
            failed += runScenario(scenario, plan, csv, progress);
        }
        List<LoadResult> rows = ResultCsv.read(csv);
        Path png = outDir.resolve(PNG_FILE);
        Figure10Chart.render(rows, png);

        PrintWriter out = spec.commandLine().getOut();
        out.println(Figure10Chart.table(rows));
        out.printf(Locale.ROOT, "Wrote %s and %s in %.0f s%n", csv.toAbsolutePath(), png.toAbsolutePath(),
                (System.nanoTime() - startNanos) / 1e9);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Checks every option before anything starts, and returns the schedule of each measured run. */
    OpenLoopScheduler.Plan validate() {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw usage("Invalid --rate " + ratePerSecond + "; expected a positive number of round trips per second");
        }
        if (requests < 1 || warmupRequests < 0 || maxInFlight < 1 || timeoutMs < 1) {
            throw usage("Invalid --requests " + requests + ", --warmup-requests " + warmupRequests
                    + ", --max-in-flight " + maxInFlight + " or --timeout-ms " + timeoutMs
                    + "; expected at least 1, 0, 1 and 1");
        }
        if (rounds < 1 || rounds > requests) {
            throw usage("Invalid --rounds " + rounds + "; expected 1 to --requests (" + requests + ")");
        }
        if (new LinkedHashSet<>(scenarios).size() != scenarios.size() || new LinkedHashSet<>(suites).size() != suites.size()) {
            throw usage("Invalid --scenarios " + scenarios + " or --suites " + suites + "; name each only once");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw usage("Invalid --out " + outDir.toAbsolutePath() + ": it is a file; name a folder");
        }
        return new OpenLoopScheduler.Plan(ratePerSecond, warmupRequests, requests, maxInFlight);
    }

    /**
     * Runs every suite in one scenario and returns the count of failed round trips. The measured round trips of
     * each suite are split into {@code --rounds} slices, and the suites take turns slice by slice, so that a burst
     * of other load on the machine falls on every suite rather than on one.
     */
    private long runScenario(Scenario scenario, OpenLoopScheduler.Plan plan, Path csv, PrintStream progress)
            throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, "true");
        ServiceConfig config = new ServiceConfig(new LinkedHashMap<>(settings));
        long startMs = System.currentTimeMillis();
        ExecutorService workers = Executors.newFixedThreadPool(2, LoadRunner.daemonThreads("eaas-figure10-worker"));
        List<EaasClient> clients = new ArrayList<>();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(null, EnumSet.allOf(Role.class), settings,
                scenario.additionalInstances())) {
            progress.printf("[figure10] Scenario %s ready in %d ms%n", scenario.cliName(), System.currentTimeMillis() - startMs);
            try {
                return measureSuites(scenario, pipeline, config, plan, csv, workers, clients, progress);
            } finally {
                // Closed before the pipeline stops the broker, so their consumers do not retry a stopped broker.
                clients.forEach(EaasClient::close);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private long measureSuites(Scenario scenario, EmbeddedPipeline pipeline, ServiceConfig config,
            OpenLoopScheduler.Plan plan, Path csv, ExecutorService workers, List<EaasClient> clients,
            PrintStream progress) throws Exception {
        List<SuiteRun> runs = new ArrayList<>();
        for (int i = 0; i < suites.size(); i++) {
            EaasClient client = openClient(pipeline, config, suites.get(i), i + 1);
            clients.add(client);
            runs.add(new SuiteRun(scenario, suites.get(i), client, workers));
        }
        // The first scenario would otherwise also measure the JIT compiler warming up.
        OpenLoopScheduler.Plan warmUp = new OpenLoopScheduler.Plan(plan.ratePerSecond(), 0,
                Math.max(1, WARMUP_SLICES * plan.warmupRoundTrips()), plan.maxInFlight());
        for (SuiteRun run : runs) {
            run.warmUp(warmUp, progress);
        }
        for (int round = 0; round < rounds; round++) {
            long measured = sliceOf(plan.measuredRoundTrips(), round);
            OpenLoopScheduler.Plan slice = new OpenLoopScheduler.Plan(plan.ratePerSecond(),
                    plan.warmupRoundTrips(), measured, plan.maxInFlight());
            for (SuiteRun run : runs) {
                run.measure(slice, progress);
            }
        }
        long failed = 0;
        for (SuiteRun run : runs) {
            LoadResult result = run.result(plan.ratePerSecond());
            ResultCsv.append(csv, result);
            progress.printf(Locale.ROOT, "[figure10] %s %s: p50 %.2f ms, p99 %.2f ms, achieved %.1f/s, errors %d,"
                            + " dropped %d%n", scenario.cliName(), result.cipherSuite(), result.p50Ms(),
                    result.p99Ms(), result.achievedRatePerSecond(), result.errors(), result.dropped());
            failed += result.errors();
        }
        return failed;
    }

    /** Returns the measured round trips of slice {@code round}. When they do not divide evenly, the first slices take one more. */
    long sliceOf(long measuredRoundTrips, int round) {
        return measuredRoundTrips / rounds + (round < measuredRoundTrips % rounds ? 1 : 0);
    }

    private EaasClient openClient(EmbeddedPipeline pipeline, ServiceConfig config, SuiteId suite, int subscriber) {
        EaasClientConfig clientConfig = EaasClientConfig.builder()
                .bootstrapServers(pipeline.bootstrapServers())
                .frameLayout(config.frameLayout())
                .requestTimeoutMs(timeoutMs)
                .cipherSuite(suite)
                .build();
        Registration registration = EaasClient.register(clientConfig, subscriber, 0);
        return EaasClient.open(clientConfig, registration);
    }

    /** One suite's subscriber in one scenario, and the figures of its slices so far. */
    private final class SuiteRun {

        private final Scenario scenario;
        private final SuiteId suite;
        private final EaasRoundTrip roundTrip;
        private final Histogram latencyMicros = new Histogram(3);
        private long completed;
        private long errors;
        private long dropped;
        private double measuredSeconds;

        SuiteRun(Scenario scenario, SuiteId suite, EaasClient client, ExecutorService workers) throws Exception {
            this.scenario = scenario;
            this.suite = suite;
            EaasRoundTrip first = new EaasRoundTrip(client, 1, new Payloads(PayloadSizes.fixed(64), seed), workers);
            try {
                first.start(0).get(4 * timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException failure) {
                throw new IllegalStateException("The first round trip of " + scenario.cliName() + " "
                        + suite.suiteName() + " failed: " + failure.getCause().getMessage(), failure.getCause());
            }
            this.roundTrip = new EaasRoundTrip(client, 1, new Payloads(payloadSizes, seed), workers);
        }

        /** Runs {@code plan} without recording it. */
        void warmUp(OpenLoopScheduler.Plan plan, PrintStream progress) throws InterruptedException {
            MeasuredRun.Labels labels = new MeasuredRun.Labels(LoadMode.EAAS.cliName(), scenario.cliName(),
                    suite.suiteName(), 0, payloadSizes.spec());
            LoadRunner.Outcome outcome = MeasuredRun.measure(roundTrip, plan, 2 * timeoutMs, labels,
                    TimeUnit.HOURS.toMillis(1), progress);
            progress.printf("[figure10] warm-up %s %s: %d round trips, %d errors%n", scenario.cliName(),
                    suite.suiteName(), outcome.result().completed(), outcome.result().errors());
        }

        void measure(OpenLoopScheduler.Plan slice, PrintStream progress) throws InterruptedException {
            MeasuredRun.Labels labels = new MeasuredRun.Labels(LoadMode.EAAS.cliName(), scenario.cliName(),
                    suite.suiteName(), 0, payloadSizes.spec());
            LoadRunner.Outcome outcome = MeasuredRun.measure(roundTrip, slice, 2 * timeoutMs, labels,
                    TimeUnit.HOURS.toMillis(1), progress);
            LoadResult result = outcome.result();
            latencyMicros.add(outcome.latencyMicros());
            completed += result.completed();
            errors += result.errors();
            dropped += result.dropped();
            if (result.achievedRatePerSecond() > 0) {
                measuredSeconds += result.completed() / result.achievedRatePerSecond();
            }
            if (outcome.firstFailure() != null) {
                progress.println("[figure10] " + scenario.cliName() + " " + suite.suiteName() + ": first failure: "
                        + outcome.firstFailure());
            }
        }

        LoadResult result(double offeredRatePerSecond) {
            return LoadResult.of(LoadMode.EAAS.cliName(), scenario.cliName(), suite.suiteName(), 0,
                    payloadSizes.spec(), offeredRatePerSecond, measuredSeconds, completed, errors, dropped,
                    latencyMicros);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

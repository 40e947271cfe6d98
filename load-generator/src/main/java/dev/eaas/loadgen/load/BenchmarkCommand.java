package dev.eaas.loadgen.load;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.client.Requester;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eaas benchmark}: EaaS against the echo service of the no-encryption mode, side by side on one embedded
 * broker in this JVM, at the same offered loads. It prints the ratios of throughput at saturation, of latency at
 * half the echo's saturation rate, of throughput at each deception factor and the heap per request under way.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the echo service (no-encryption mode, two echo exchanges per round trip) and EaaS"
                + " (one encryption and one decryption per round trip, scenario alpha) on one Kafka broker on"
                + " 127.0.0.1 in this process, and prints EaaS / echo ratios beside their targets.",
            "Saturation: the offered open-loop rate steps up by --growth-factor from --start-rate, each system in"
                + " turn at each rate, until a system achieves less than 90%% of the offered rate or loses more than"
                + " 1%% of its round trips; its saturation throughput is its highest achieved rate.",
            "Progress goes to standard error, the summary to standard output."})
public final class BenchmarkCommand implements Callable<Integer> {

    private static final double MIN_ACHIEVED_FRACTION = 0.9;
    private static final double MAX_LOSS_FRACTION = 0.01;
    private static final int FIRST_SUBSCRIBER = 1;
    private static final String ECHO = "echo";

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Shorter steps and runs: a few minutes instead of about ten.")
    private boolean quick;

    @Option(names = "--payload-bytes", defaultValue = "1024", converter = LoadCommand.PayloadSizesConverter.class,
            paramLabel = "SIZES", description = "Payload size in bytes, as for 'eaas load' (default: ${DEFAULT-VALUE}).")
    private PayloadSizes payloadSizes;

    @Option(names = "--deception-factors", defaultValue = "0,1,2,3,4", split = ",", paramLabel = "D",
            description = "Deception factors d whose EaaS saturation throughput is measured; 0 is always included"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<Integer> deceptionFactors;

    @Option(names = "--start-rate", defaultValue = "250", paramLabel = "PER_SECOND",
            description = "Offered rate of the first step, in round trips per second (default: ${DEFAULT-VALUE}).")
    private double startRatePerSecond;

    @Option(names = "--growth-factor", defaultValue = "1.5",
            description = "Factor between the offered rates of two steps (default: ${DEFAULT-VALUE}).")
    private double growthFactor;

    @Option(names = "--max-steps", defaultValue = "14", paramLabel = "N",
            description = "Rates tried at most; a system that keeps up at all of them has not saturated (default: ${DEFAULT-VALUE}).")
    private int maxSteps;

    @Option(names = "--step-seconds", paramLabel = "SECONDS",
            description = "Measured length of each saturation step (default: 5, or 2 with --quick).")
    private Double stepSeconds;

    @Option(names = "--step-warmup-seconds", paramLabel = "SECONDS",
            description = "Unrecorded round trips before each step, at its rate (default: 2, or 1 with --quick).")
    private Double stepWarmupSeconds;

    @Option(names = "--latency-seconds", paramLabel = "SECONDS",
            description = "Measured length of each latency run (default: 15, or 5 with --quick).")
    private Double latencySeconds;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Round trips under way at once before further ones count as dropped (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--heap-requests", paramLabel = "N",
            description = "Requests held under way to measure heap per request (default: 10000, or 2000 with --quick).")
    private Integer heapRequests;

    @Option(names = "--timeout-ms", defaultValue = "10000",
            description = "Time one encryption, decryption or echo exchange may take before it fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the EaaS roles (see docs/configuration.md); repeatable. The echo service keeps its own settings.")
    private Map<String, String> serviceSettings = new HashMap<>();

    @Option(names = "--client-set", paramLabel = "KEY=VALUE",
            description = "A Kafka producer or consumer setting of both the EaaS client and the echo client's producer, such as linger.ms=5; repeatable.")
    private Map<String, String> clientSettings = new HashMap<>();

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Append one row per measured step and latency run, in the format of 'eaas load --csv'.")
    private Path csvFile;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the payload sizes and bytes (default: ${DEFAULT-VALUE}).")
    private long seed;

    /** The lengths, counts and search of one benchmark run, after the options are checked. */
    record Plan(double stepSeconds, double stepWarmupSeconds, double latencySeconds, int heapRequests,
            List<Integer> deceptionFactors, SaturationSearch search) {
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = validate();
        PrintStream progress = System.err;
        long startNanos = System.nanoTime();
        BenchmarkReport report = new BenchmarkRun(plan, progress).run();
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.describe(describeSettings(plan)));
        out.printf(Locale.ROOT, "Benchmark took %.0f s%n", (System.nanoTime() - startNanos) / 1e9);
        out.flush();
        return 0;
    }

    /** Checks every option before anything starts, and returns the run's plan. */
    Plan validate() {
        double step = orDefault(stepSeconds, 5, 2);
        double stepWarmup = orDefault(stepWarmupSeconds, 2, 1);
        double latency = orDefault(latencySeconds, 15, 5);
        int heap = (int) orDefault(heapRequests == null ? null : heapRequests.doubleValue(), 10_000, 2_000);
        requirePositive("--step-seconds", step, "seconds");
        requirePositive("--latency-seconds", latency, "seconds");
        requirePositive("--start-rate", startRatePerSecond, "round trips per second");
        if (!(growthFactor > 1) || Double.isInfinite(growthFactor)) {
            throw usage("Invalid --growth-factor " + growthFactor + "; expected a finite number above 1");
        }
        if (maxSteps < 1) {
            throw usage("Invalid --max-steps " + maxSteps + "; expected 1 or more");
        }
        double lastRate = startRatePerSecond * Math.pow(growthFactor, maxSteps - 1);
        if (Double.isInfinite(lastRate)) {
            throw usage("Invalid --start-rate " + startRatePerSecond + ", --growth-factor " + growthFactor
                    + " and --max-steps " + maxSteps + ": the rate of the last step is not finite; lower one of them");
        }
        if (!(stepWarmup >= 0) || Double.isInfinite(stepWarmup)) {
            throw usage("Invalid --step-warmup-seconds " + stepWarmup + "; expected a finite number of seconds, 0 or more");
        }
        if (heap < 1 || maxInFlight < 1 || timeoutMs < 1) {
            throw usage("Invalid --heap-requests " + heap + ", --max-in-flight " + maxInFlight + " or --timeout-ms "
                    + timeoutMs + "; each must be at least 1");
        }
        if (deceptionFactors == null || deceptionFactors.isEmpty()) {
            throw usage("Invalid --deception-factors: expected at least one value, such as 0,1,2");
        }
        int maxDeceptionBits = serviceConfig().getInt(ServiceConfig.DECEPTION_FACTOR_MAX_BITS);
        TreeSet<Integer> factors = new TreeSet<>(deceptionFactors);
        factors.add(0);
        if (factors.first() < 0 || factors.last() > maxDeceptionBits) {
            throw usage("Invalid --deception-factors " + deceptionFactors + "; expected values from 0 to "
                    + maxDeceptionBits + " (the service's " + ServiceConfig.DECEPTION_FACTOR_MAX_BITS + ")");
        }
        if (csvFile != null) {
            try {
                ResultCsv.checkAppendable(csvFile);
            } catch (IllegalArgumentException invalid) {
                throw usage("Invalid --csv " + csvFile.toAbsolutePath() + ": " + invalid.getMessage());
            }
        }
        SaturationSearch search;
        try {
            search = new SaturationSearch(startRatePerSecond, growthFactor, maxSteps, MIN_ACHIEVED_FRACTION,
                    MAX_LOSS_FRACTION);
        } catch (IllegalArgumentException invalid) {
            throw usage(invalid.getMessage());
        }
        return new Plan(step, stepWarmup, latency, heap, List.copyOf(factors), search);
    }

    /** Returns the given value, or the default of a full or a {@code --quick} run when the option is absent. */
    private double orDefault(Double given, double full, double quickDefault) {
        if (given != null) {
            return given;
        }
        return quick ? quickDefault : full;
    }

    private ServiceConfig serviceConfig() {
        try {
            return new ServiceConfig(new HashMap<>(serviceSettings));
        } catch (ConfigException invalid) {
            throw usage(invalid.getMessage());
        }
    }

    private String describeSettings(Plan plan) {
        return String.format(Locale.ROOT, "payload %s bytes, steps of %.1f s after %.1f s warm-up, growth factor %.2f"
                        + " from %.0f/s, max in flight %d, latency runs of %.1f s, service settings %s, client settings %s",
                payloadSizes.spec(), plan.stepSeconds(), plan.stepWarmupSeconds(), growthFactor, startRatePerSecond,
                maxInFlight, plan.latencySeconds(), new TreeMap<>(serviceSettings), new TreeMap<>(clientSettings));
    }

    private void requirePositive(String option, double value, String unit) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw usage("Invalid " + option + " " + value + "; expected a positive, finite number of " + unit);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** One run of the benchmark: everything it starts lives as long as {@link #run()}. */
    private final class BenchmarkRun {

        private final Plan plan;
        private final PrintStream progress;

        BenchmarkRun(Plan plan, PrintStream progress) {
            this.plan = plan;
            this.progress = progress;
        }

        BenchmarkReport run() throws Exception {
            ExecutorService workers = Executors.newFixedThreadPool(2, LoadRunner.daemonThreads("eaas-benchmark-worker"));
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                 EchoService echoService = EchoService.start(broker.bootstrapServers(),
                         TopicCatalogue.DEFAULT_SUBSCRIBER_PARTITIONS, EmbeddedPipeline.START_TIMEOUT_MS);
                 EchoClient echo = new EchoClient(broker.bootstrapServers(), timeoutMs, clientSettings);
                 EmbeddedPipeline pipeline = EmbeddedPipeline.start(broker.bootstrapServers(),
                         EnumSet.allOf(Role.class), new HashMap<>(serviceSettings))) {
                progress.printf("[benchmark] Broker at %s with the echo service and the EaaS roles (alpha) ready%n",
                        broker.bootstrapServers());
                Map<Integer, EaasClient> clients = openClients(pipeline);
                try {
                    return measureAll(echoService, echo, pipeline, clients, workers);
                } finally {
                    clients.values().forEach(EaasClient::close);
                }
            } finally {
                workers.shutdownNow();
            }
        }

        private Map<Integer, EaasClient> openClients(EmbeddedPipeline pipeline) {
            EaasClientConfig.Builder builder = EaasClientConfig.builder()
                    .bootstrapServers(pipeline.bootstrapServers())
                    .frameLayout(serviceConfig().frameLayout())
                    .requestTimeoutMs(timeoutMs)
                    .cipherSuite(SuiteId.AES_256_GCM);
            clientSettings.forEach(builder::kafkaProperty);
            EaasClientConfig config = builder.build();
            Map<Integer, EaasClient> clients = new TreeMap<>();
            for (int bits : plan.deceptionFactors()) {
                Registration registration = EaasClient.register(config, FIRST_SUBSCRIBER + bits, bits);
                clients.put(bits, EaasClient.open(config, registration));
            }
            return clients;
        }

        private BenchmarkReport measureAll(EchoService echoService, EchoClient echo, EmbeddedPipeline pipeline,
                Map<Integer, EaasClient> clients, ExecutorService workers) throws Exception {
            Map<String, SystemUnderTest> systems = new LinkedHashMap<>();
            Payloads echoPayloads = new Payloads(payloadSizes, seed);
            systems.put(ECHO, new SystemUnderTest(new EchoRoundTrip(echo, 2, 1, null, echoPayloads, workers),
                    new MeasuredRun.Labels(LoadMode.NO_ENCRYPTION.cliName(), "", "", 0, payloadSizes.spec())));
            clients.forEach((bits, client) -> systems.put(eaasName(bits), new SystemUnderTest(
                    new EaasRoundTrip(client, 1, new Payloads(payloadSizes, seed), workers),
                    new MeasuredRun.Labels(LoadMode.EAAS.cliName(), Scenario.ALPHA.cliName(),
                            SuiteId.AES_256_GCM.suiteName(), bits, payloadSizes.spec()))));

            warmUp(systems);
            Map<String, SaturationSearch.StepRunner> runners = new LinkedHashMap<>();
            systems.forEach((name, system) -> runners.put(name, rate -> step(name, system, rate)));
            Map<String, SaturationSearch.Result> saturation = plan.search().search(runners);

            double echoSaturation = saturation.get(ECHO).saturationRatePerSecond();
            double eaasSaturation = saturation.get(eaasName(0)).saturationRatePerSecond();
            List<LoadResult> atHalfEcho = latencyPair(systems, echoSaturation / 2);
            List<LoadResult> atHalfEaas = latencyPair(systems, eaasSaturation / 2);

            progress.printf("[benchmark] Heap per request under way: %d requests each%n", plan.heapRequests());
            Requester sender = clients.get(0).requester(1);
            Requester receiver = clients.get(0).requester(2);
            Payloads heapPayloads = new Payloads(payloadSizes, seed);
            var coordinator = pipeline.service().streams(Role.COORDINATOR);
            HeapPerInFlight.Measurement eaasHeap = HeapPerInFlight.measure(plan.heapRequests(), 1_000,
                    3 * timeoutMs, coordinator::pause, coordinator::resume,
                    index -> sender.encrypt(receiver.id(), heapPayloads.next(index)));
            HeapPerInFlight.Measurement echoHeap = HeapPerInFlight.measure(plan.heapRequests(), 1_000,
                    3 * timeoutMs, echoService::pause, echoService::resume,
                    index -> echo.exchange(heapPayloads.next(index)));
            return new BenchmarkReport(saturation, atHalfEcho, atHalfEaas, eaasHeap, echoHeap);
        }

        /** Runs each system once at the start rate for a few seconds, unrecorded, so the JIT compiler has warmed up. */
        private void warmUp(Map<String, SystemUnderTest> systems) throws Exception {
            double seconds = quick ? 3 : 6;
            for (Map.Entry<String, SystemUnderTest> system : systems.entrySet()) {
                long roundTrips = Math.max(1, Math.round(startRatePerSecond * seconds));
                OpenLoopScheduler.Plan schedule = new OpenLoopScheduler.Plan(startRatePerSecond, 0, roundTrips, maxInFlight);
                LoadRunner.Outcome outcome = MeasuredRun.measure(system.getValue().roundTrip(), schedule, 2 * timeoutMs,
                        system.getValue().labels(), TimeUnit.HOURS.toMillis(1), progress);
                progress.printf(Locale.ROOT, "[benchmark] warm-up %s at %.0f/s: completed %d, errors %d%n",
                        system.getKey(), startRatePerSecond, outcome.result().completed(), outcome.result().errors());
            }
        }

        private SaturationSearch.Step step(String name, SystemUnderTest system, double ratePerSecond) throws Exception {
            LoadRunner.Outcome outcome = run(system, ratePerSecond, plan.stepSeconds());
            LoadResult result = outcome.result();
            SaturationSearch.Step step = SaturationSearch.Step.of(outcome);
            progress.printf(Locale.ROOT, "[benchmark] %-10s offered %8.0f/s: achieved %8.1f/s, dropped %d, errors %d,"
                            + " p50 %.2f ms, p99 %.2f ms: %s%n", name, ratePerSecond, step.achievedRatePerSecond(),
                    result.dropped(), result.errors(), result.p50Ms(), result.p99Ms(),
                    plan.search().keptUp(step) ? "keeps up" : "saturated");
            return step;
        }

        private List<LoadResult> latencyPair(Map<String, SystemUnderTest> systems, double ratePerSecond) throws Exception {
            List<LoadResult> results = new ArrayList<>();
            for (String name : List.of(ECHO, eaasName(0))) {
                LoadResult result = run(systems.get(name), ratePerSecond, plan.latencySeconds()).result();
                progress.printf(Locale.ROOT, "[benchmark] latency %-10s at %.0f/s: p50 %.2f ms, p99 %.2f ms, dropped %d%n",
                        name, ratePerSecond, result.p50Ms(), result.p99Ms(), result.dropped());
                results.add(result);
            }
            return results;
        }

        private LoadRunner.Outcome run(SystemUnderTest system, double ratePerSecond, double measuredSeconds) throws Exception {
            OpenLoopScheduler.Plan schedule = new OpenLoopScheduler.Plan(ratePerSecond,
                    Math.round(ratePerSecond * plan.stepWarmupSeconds()),
                    Math.max(1, Math.round(ratePerSecond * measuredSeconds)), maxInFlight);
            LoadRunner.Outcome outcome = MeasuredRun.measure(system.roundTrip(), schedule, 2 * timeoutMs,
                    system.labels(), TimeUnit.HOURS.toMillis(1), progress);
            if (csvFile != null) {
                ResultCsv.append(csvFile, outcome.result());
            }
            return outcome;
        }
    }

    static String eaasName(int deceptionFactorBits) {
        return "eaas d=" + deceptionFactorBits;
    }

    /** A system under test and the labels of its result rows. */
    private record SystemUnderTest(OpenLoopScheduler.RoundTrip roundTrip, MeasuredRun.Labels labels) {
    }
}

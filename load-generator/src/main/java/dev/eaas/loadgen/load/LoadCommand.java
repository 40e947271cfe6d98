package dev.eaas.loadgen.load;

import dev.eaas.topics.SuiteId;
import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code eaas load}: an open-loop load generator that compares EaaS with plain Kafka on an embedded broker. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends round trips at a fixed rate, whether or not earlier ones have finished, and measures"
                + " each one's latency from its intended send time. Starts a Kafka broker on 127.0.0.1 and, by mode,"
                + " every EaaS role or an echo service in this process.",
            "Modes: eaas (a round trip is an encryption, then a decryption, through EaaS); no-encryption (a round"
                + " trip is --echo-exchanges echo exchanges with the plaintext); local-encryption (the requester seals"
                + " the payload, sends the ciphertext through the same echo exchanges and opens what comes back).",
            "Prints progress on standard error and a summary on standard output. Exits with 1 if any round trip failed.",
            "On SIGINT (Ctrl-C) or SIGTERM it prints the figures of the round trips finished so far, marked as"
                + " interrupted, writes them to the --csv and --histogram-out files, and exits with the code the JVM"
                + " gives the signal (130 or 143)."})
public final class LoadCommand implements Callable<Integer> {

    private static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    /** How long the shutdown hook waits for a finished run's summary and files before the JVM exits. */
    private static final long SUMMARY_WAIT_SECONDS = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mode", defaultValue = "eaas", converter = ModeConverter.class, paramLabel = "MODE",
            description = "eaas, no-encryption or local-encryption (default: ${DEFAULT-VALUE}).")
    private LoadMode mode;

    @Option(names = "--scenario", defaultValue = "alpha", converter = ScenarioConverter.class, paramLabel = "NAME",
            description = "eaas mode: instances of each role. alpha: 1 of each; beta: 1 coordinator, 2 key managers,"
                    + " 2 cryptors; lambda: 5 of each; one registrar in all (default: ${DEFAULT-VALUE}).")
    private Scenario scenario;

    @Option(names = "--cipher-suite", defaultValue = "aes-256-gcm", converter = SuiteConverter.class, paramLabel = "SUITE",
            description = "eaas and local-encryption modes: aes-256-gcm, chacha20-poly1305, aes-256-gcm-siv, des-cbc"
                    + " or blowfish-cbc; the legacy des-cbc and blowfish-cbc are allowed in the service for the run"
                    + " (default: ${DEFAULT-VALUE}).")
    private SuiteId suite;

    @Option(names = {"-d", "--deception-factor"}, defaultValue = "0",
            description = "eaas mode: deception factor d; each encryption request and decryption reply travels as"
                    + " 2^d frames (default: ${DEFAULT-VALUE}).")
    private int deceptionFactorBits;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "Round trips started per second (default: ${DEFAULT-VALUE}).")
    private double ratePerSecond;

    @Option(names = "--duration-seconds", paramLabel = "SECONDS",
            description = "Length of the measured part of the run, after the warm-up (default: 20 unless --requests is given).")
    private Double durationSeconds;

    @Option(names = "--requests", paramLabel = "N",
            description = "Measured round trips, instead of --duration-seconds.")
    private Long requests;

    @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "SECONDS",
            description = "Round trips sent at the same rate before the measured ones, and not counted (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--max-in-flight", defaultValue = "" + DEFAULT_MAX_IN_FLIGHT, paramLabel = "N",
            description = "Round trips under way at once; a round trip due while this many are under way is not"
                    + " started and counts as dropped (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--payload-bytes", defaultValue = "1024", converter = PayloadSizesConverter.class, paramLabel = "SIZES",
            description = "Payload size in bytes: N, a uniform range MIN..MAX, or a list N,N,... drawn with equal"
                    + " chances; 0 to " + PayloadSizes.MAX_PAYLOAD_BYTES + " (default: ${DEFAULT-VALUE}).")
    private PayloadSizes payloadSizes;

    @Option(names = "--pairs", defaultValue = "1", paramLabel = "N",
            description = "Pairs of requesters that take turns; pair k is requesters 2k+1 and 2k+2, with a key of its own (default: ${DEFAULT-VALUE}).")
    private int pairs;

    @Option(names = "--echo-exchanges", defaultValue = "2", paramLabel = "N",
            description = "no-encryption and local-encryption modes: echo exchanges per round trip. 2 makes as many"
                    + " trips through Kafka as one EaaS encryption and decryption (default: ${DEFAULT-VALUE}).")
    private int echoExchanges;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "Time one encryption, decryption or echo exchange may take before it fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--progress-interval-seconds", defaultValue = "5", paramLabel = "SECONDS",
            description = "How often progress goes to standard error (default: ${DEFAULT-VALUE}).")
    private double progressIntervalSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the payload sizes and bytes (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Append one row with this run's figures to FILE, writing the header first if FILE is new or empty.")
    private Path csvFile;

    @Option(names = "--histogram-out", paramLabel = "FILE",
            description = "Write the latency distribution to FILE as HdrHistogram's percentile table, in milliseconds.")
    private Path histogramFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "eaas mode: a setting of the roles started in this process (see docs/configuration.md), or of Kafka Streams; repeatable.")
    private Map<String, String> serviceSettings = new HashMap<>();

    /**
     * Claim on the summary, taken by whichever of the finished run and the shutdown hook comes first, so only one
     * of them writes it.
     */
    private final AtomicBoolean summaryClaimed = new AtomicBoolean();
    /** Latch that opens once the finished run's summary and files are written. */
    private final CountDownLatch summaryWritten = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        LoadRunner.Settings settings = validate();
        PrintStream progress = System.err;
        LoadRunner runner = new LoadRunner(settings, progress);
        Thread interruptedSummary = new Thread(() -> writeInterruptedSummary(runner), "eaas-load-interrupted");
        Runtime.getRuntime().addShutdownHook(interruptedSummary);
        try {
            LoadRunner.Outcome outcome = runner.run();
            if (!summaryClaimed.compareAndSet(false, true)) {
                // The JVM is exiting with the signal's code, and the hook writes the summary.
                return 1;
            }
            try {
                writeSummary(outcome, false);
            } finally {
                summaryWritten.countDown();
            }
            OpenLoopScheduler.Snapshot last = outcome.snapshot();
            return outcome.result().errors() == 0 && last.warmupFailed() == 0 ? 0 : 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptedSummary);
            } catch (IllegalStateException jvmShuttingDown) {
                // The hook runs, and it waits for the summary above if this thread claimed it.
            }
        }
    }

    /**
     * Writes the summary of the round trips finished so far when the JVM exits during the run, on SIGINT or
     * SIGTERM. When the run has finished and its summary is being written, it waits for that instead, at most
     * {@link #SUMMARY_WAIT_SECONDS}, so the exit neither cuts the summary short nor hangs.
     */
    private void writeInterruptedSummary(LoadRunner runner) {
        if (!summaryClaimed.compareAndSet(false, true)) {
            try {
                summaryWritten.await(SUMMARY_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<LoadRunner.Outcome> outcome = runner.outcomeSoFar();
        boolean measuredStarted = outcome.isPresent()
                && outcome.get().snapshot().sent() + outcome.get().snapshot().dropped() > 0;
        if (!measuredStarted) {
            out.println("Load run interrupted before its measured round trips started; no summary, and no files written");
            out.flush();
            return;
        }
        try {
            writeSummary(outcome.get(), true);
        } catch (IOException | RuntimeException failure) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("eaas: load: failed to write the files of the interrupted run: " + failure);
            err.flush();
        }
    }

    /**
     * Prints the summary and writes the {@code --csv} row and the {@code --histogram-out} file.
     *
     * @param interrupted whether the run was cut short, so the figures cover only the round trips finished so far
     */
    private void writeSummary(LoadRunner.Outcome outcome, boolean interrupted) throws IOException {
        OpenLoopScheduler.Snapshot last = outcome.snapshot();
        PrintWriter out = spec.commandLine().getOut();
        if (interrupted) {
            out.println("Load run interrupted: partial figures of the round trips finished so far");
        }
        out.print(outcome.result().describe(last.late(), last.warmupCompleted(), last.warmupFailed()));
        if (interrupted && last.inFlight() > 0) {
            out.printf("  %d round trips were still under way when the run was interrupted; they are not counted%n",
                    last.inFlight());
        }
        if (outcome.unfinished() > 0) {
            out.printf("  %d round trips were still under way when the run ended; they count as errors%n", outcome.unfinished());
        }
        if (outcome.firstFailure() != null) {
            out.println("  first failure: " + outcome.firstFailure());
        }
        out.flush();
        if (csvFile != null) {
            // NOTE: the CSV has no column that marks a row as partial. Only the summary printed above marks it.
            ResultCsv.append(csvFile, outcome.result());
            out.println((interrupted ? "Row of the interrupted run appended to " : "Row appended to ")
                    + csvFile.toAbsolutePath());
        }
        if (histogramFile != null) {
            writeHistogram(outcome);
            out.println("Latency distribution written to " + histogramFile.toAbsolutePath());
        }
        out.flush();
    }

    /** Checks every option before anything starts, and returns the run's settings. */
    LoadRunner.Settings validate() {
        rejectOptionsOfOtherModes();
        requirePositive("--rate", ratePerSecond, "round trips per second");
        if (durationSeconds != null && requests != null) {
            throw usage("Give --duration-seconds or --requests, not both");
        }
        if (durationSeconds != null) {
            requirePositive("--duration-seconds", durationSeconds, "seconds");
        }
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
            throw usage("Invalid --warmup-seconds " + warmupSeconds + "; expected a finite number of seconds, 0 or more");
        }
        requirePositive("--progress-interval-seconds", progressIntervalSeconds, "seconds");
        requireAtLeast("--requests", requests == null ? 1 : requests, 1);
        requireAtLeast("--max-in-flight", maxInFlight, 1);
        requireAtLeast("--echo-exchanges", echoExchanges, 1);
        requireAtLeast("--timeout-ms", timeoutMs, 1);

        long measured = requests != null ? requests : Math.round(ratePerSecond * (durationSeconds == null ? 20 : durationSeconds));
        if (measured < 1) {
            throw usage("--rate " + ratePerSecond + " for --duration-seconds " + durationSeconds
                    + " makes no round trip; raise either");
        }
        long warmup = Math.round(ratePerSecond * warmupSeconds);
        // Math.round saturates at Long.MAX_VALUE, so a plan that large is already past what fits.
        if (measured == Long.MAX_VALUE || warmup == Long.MAX_VALUE || warmup > Long.MAX_VALUE - measured) {
            throw usage("Invalid --rate " + ratePerSecond + " with --duration-seconds " + durationSeconds
                    + " and --warmup-seconds " + warmupSeconds + ": the run would have more than " + Long.MAX_VALUE
                    + " warm-up and measured round trips; lower the rate or the lengths of the run");
        }

        ServiceConfig config = serviceConfig();
        int maxPairs = config.frameLayout().maxRequester() / 2;
        if (pairs < 1 || pairs > maxPairs) {
            throw usage("Invalid --pairs " + pairs + "; expected 1 to " + maxPairs + ", as requester ids have "
                    + config.frameLayout().requesterBits() + " bits");
        }
        int maxDeceptionBits = config.getInt(ServiceConfig.DECEPTION_FACTOR_MAX_BITS);
        if (deceptionFactorBits < 0 || deceptionFactorBits > maxDeceptionBits) {
            throw usage("Invalid --deception-factor " + deceptionFactorBits + "; expected 0 to " + maxDeceptionBits
                    + " (the service's " + ServiceConfig.DECEPTION_FACTOR_MAX_BITS + ")");
        }
        if (csvFile != null) {
            try {
                ResultCsv.checkAppendable(csvFile);
            } catch (IllegalArgumentException invalid) {
                throw usage("Invalid --csv " + csvFile.toAbsolutePath() + ": " + invalid.getMessage());
            }
        }
        checkWritable("--histogram-out", histogramFile);

        Map<String, Object> settings = new HashMap<>(serviceSettings);
        OpenLoopScheduler.Plan plan = new OpenLoopScheduler.Plan(ratePerSecond, warmup, measured, maxInFlight);
        return new LoadRunner.Settings(mode, scenario, suite, deceptionFactorBits, plan, payloadSizes, pairs,
                echoExchanges, timeoutMs, Math.max(1, Math.round(progressIntervalSeconds * 1000)), seed, settings);
    }

    /** Rejects options given on the command line that the chosen mode would silently ignore. */
    private void rejectOptionsOfOtherModes() {
        List<String> notApplicable = new ArrayList<>();
        ParseResult parsed = spec.commandLine().getParseResult();
        if (mode != LoadMode.EAAS) {
            for (String option : List.of("--scenario", "--deception-factor", "--set")) {
                if (parsed.hasMatchedOption(option)) {
                    notApplicable.add(option);
                }
            }
        } else if (parsed.hasMatchedOption("--echo-exchanges")) {
            notApplicable.add("--echo-exchanges");
        }
        if (mode == LoadMode.NO_ENCRYPTION && parsed.hasMatchedOption("--cipher-suite")) {
            notApplicable.add("--cipher-suite");
        }
        if (!notApplicable.isEmpty()) {
            throw usage("Option " + String.join(", ", notApplicable) + " does not apply to --mode " + mode.cliName()
                    + "; remove it or choose another mode");
        }
    }

    private ServiceConfig serviceConfig() {
        String legacyAllowed = serviceSettings.get(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED);
        if (mode == LoadMode.EAAS && suite.legacy() && legacyAllowed != null && !legacyAllowed.strip().equalsIgnoreCase("true")) {
            throw usage("--cipher-suite " + suite.suiteName() + " is a legacy suite, but --set "
                    + ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED + "=" + legacyAllowed + " forbids it; remove that setting");
        }
        try {
            return new ServiceConfig(new HashMap<>(serviceSettings));
        } catch (ConfigException invalid) {
            throw usage(invalid.getMessage());
        }
    }

    private void checkWritable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw usage("Invalid " + option + " " + target + ": it is a folder; name a file");
        }
        for (Path parent = target.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent) && !Files.isDirectory(parent)) {
                throw usage("Invalid " + option + " " + target + ": " + parent + " is a file, not a folder");
            }
        }
    }

    private void writeHistogram(LoadRunner.Outcome outcome) throws IOException {
        Path parent = histogramFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (PrintStream file = new PrintStream(Files.newOutputStream(histogramFile), false, StandardCharsets.UTF_8)) {
            // Recorded in microseconds; the scaling ratio prints milliseconds.
            outcome.latencyMicros().outputPercentileDistribution(file, 1000.0);
        }
    }

    private void requirePositive(String option, double value, String unit) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw usage("Invalid " + option + " " + value + "; expected a positive, finite number of " + unit);
        }
    }

    private void requireAtLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw usage("Invalid " + option + " " + value + "; expected " + minimum + " or more");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static final class ModeConverter implements ITypeConverter<LoadMode> {
        @Override
        public LoadMode convert(String value) {
            try {
                return LoadMode.ofName(value);
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException(unknown.getMessage());
            }
        }
    }

    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.ofName(value);
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException(unknown.getMessage());
            }
        }
    }

    static final class SuiteConverter implements ITypeConverter<SuiteId> {
        @Override
        public SuiteId convert(String value) {
            try {
                return SuiteId.ofName(value);
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException(unknown.getMessage());
            }
        }
    }

    static final class PayloadSizesConverter implements ITypeConverter<PayloadSizes> {
        @Override
        public PayloadSizes convert(String value) {
            try {
                return PayloadSizes.parse(value);
            } catch (IllegalArgumentException invalid) {
                throw new TypeConversionException(invalid.getMessage());
            }
        }
    }
}

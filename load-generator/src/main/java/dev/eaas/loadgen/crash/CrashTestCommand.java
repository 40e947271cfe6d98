package dev.eaas.loadgen.crash;

import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topics.frame.FrameLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas crash-test}: round trips through separate role processes while role processes are killed. */
@Command(name = "crash-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a Kafka broker and the registrar, coordinator, key manager and cryptor as separate"
                + " processes on 127.0.0.1, and runs round trips (encrypt, then decrypt) through them. Meanwhile it"
                + " kills role processes with SIGKILL at seeded random points and starts each again with an empty"
                + " state folder.",
            "Afterwards it decrypts every ciphertext again and reads the key manager's changelog for pairs with two"
                + " different keys of one version. Prints progress on standard error and a summary on standard"
                + " output. Exits with 1 if a check failed."})
public final class CrashTestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--round-trips", defaultValue = "3000", paramLabel = "N",
            description = "Round trips to run (default: ${DEFAULT-VALUE}).")
    private long roundTrips;

    @Option(names = "--rate", defaultValue = "40", paramLabel = "PER_SECOND",
            description = "Round trips started per second at most (default: ${DEFAULT-VALUE}).")
    private double ratePerSecond;

    @Option(names = "--max-in-flight", defaultValue = "200", paramLabel = "N",
            description = "Round trips under way at once at most; the run waits for one to end before starting"
                    + " another (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--round-trips-per-pair", defaultValue = "10", paramLabel = "N",
            description = "A new pair of requesters, with a key of its own, joins every N round trips; the others use"
                    + " a random earlier pair (default: ${DEFAULT-VALUE}).")
    private int roundTripsPerPair;

    @Option(names = "--kills", defaultValue = "4", paramLabel = "N",
            description = "Role processes to kill and restart, in rounds of all four roles in random order"
                    + " (default: ${DEFAULT-VALUE}).")
    private int kills;

    @Option(names = "--max-down-ms", defaultValue = "2000", paramLabel = "MS",
            description = "A killed role stays down for a random time up to this before it starts again"
                    + " (default: ${DEFAULT-VALUE}).")
    private long maxDownMs;

    @Option(names = {"-d", "--deception-factor"}, defaultValue = "1",
            description = "Deception factor d of the subscriber (default: ${DEFAULT-VALUE}).")
    private int deceptionFactorBits;

    @Option(names = "--payload-bytes", defaultValue = "128", paramLabel = "N",
            description = "Payload size in bytes, at least 8 (default: ${DEFAULT-VALUE}).")
    private int payloadBytes;

    @Option(names = "--timeout-ms", defaultValue = "60000",
            description = "Time one encryption or decryption may take before it fails. Keep it above the time a"
                    + " killed role takes to come back: its start plus the 10 s consumer session timeout"
                    + " (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the kill points, the roles' order, the pairs and the payloads (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--work-dir", paramLabel = "FOLDER",
            description = "Folder for the processes' logs, state folders and KEK (default: a new temporary folder).")
    private Path workDir;

    @Option(names = "--keep-work-dir",
            description = "Keep the work folder, with the run's KEK, after a run that passed. A failed or interrupted run"
                    + " keeps its logs and state without the KEK.")
    private boolean keepWorkDir;

    @Override
    public Integer call() throws Exception {
        CrashTestResult result = new CrashTestRunner(validate(), System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.describe());
        out.flush();
        return result.violations().isEmpty() ? 0 : 1;
    }

    CrashTestRunner.Settings validate() {
        int maxPairs = FrameLayout.DEFAULT.maxRequester() / 2 - 1;
        requireAtLeast("--round-trips", roundTrips, 1);
        requireAtLeast("--max-in-flight", maxInFlight, 1);
        requireAtLeast("--round-trips-per-pair", roundTripsPerPair, 1);
        requireAtLeast("--kills", kills, 0);
        requireAtLeast("--max-down-ms", maxDownMs, 0);
        requireAtLeast("--payload-bytes", payloadBytes, Long.BYTES);
        requireAtLeast("--timeout-ms", timeoutMs, 1);
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw usage("Invalid --rate " + ratePerSecond + "; expected a positive number of round trips per second");
        }
        if (roundTrips > Integer.MAX_VALUE) {
            throw usage("Invalid --round-trips " + roundTrips + "; expected at most " + Integer.MAX_VALUE);
        }
        int maxDeceptionFactorBits = new ServiceConfig(Map.of()).maxDeceptionFactorBits();
        if (deceptionFactorBits < 0 || deceptionFactorBits > maxDeceptionFactorBits) {
            throw usage("Invalid --deception-factor " + deceptionFactorBits + "; expected 0 to " + maxDeceptionFactorBits
                    + ", the roles' " + ServiceConfig.DECEPTION_FACTOR_MAX_BITS);
        }
        CrashWorkload.Settings workload = new CrashWorkload.Settings(roundTrips, ratePerSecond, maxInFlight,
                roundTripsPerPair, payloadBytes, seed);
        if (workload.pairs() > maxPairs) {
            throw usage(workload.pairs() + " pairs for --round-trips " + roundTrips + " and --round-trips-per-pair "
                    + roundTripsPerPair + " do not fit " + FrameLayout.DEFAULT.requesterBits()
                    + "-bit requester ids, which allow " + maxPairs + "; raise --round-trips-per-pair");
        }
        return new CrashTestRunner.Settings(workload, kills, maxDownMs, deceptionFactorBits, timeoutMs, workDir, keepWorkDir);
    }

    private void requireAtLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw usage("Invalid " + option + " " + value + "; expected " + minimum + " or more");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

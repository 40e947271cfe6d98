package dev.eaas.loadgen.load;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas flood-test}: legitimate load with and without a flood of wrong-token frames. */
@Command(name = "flood-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a Kafka broker on 127.0.0.1 and every EaaS role in this process, and sends open-loop"
                + " round trips (encrypt, then decrypt) at --rate in three phases: alone, while --sources producers"
                + " send encryption frames with wrong tokens to the same subscriber's request topic at --flood-factor"
                + " times the legitimate frame rate (--rate times 2^d + 1 frames per round trip), and alone again.",
            "Prints the legitimate round trips' latency in each phase and the roles' counters, and checks that the"
                + " coordinator dropped every flood frame and that no key lookup or cryptographic work was spent on"
                + " one. Exits with 1 if a counter check failed; the latency figures are printed, not checked."})
public final class FloodCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "PER_SECOND",
            description = "Legitimate round trips started per second (default: ${DEFAULT-VALUE}).")
    private double ratePerSecond;

    @Option(names = "--phase-seconds", defaultValue = "20", paramLabel = "SECONDS",
            description = "Length of the measured part of each phase (default: ${DEFAULT-VALUE}).")
    private double phaseSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "40", paramLabel = "SECONDS",
            description = "Round trips at the same rate before each phase's measured ones, not measured (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--flood-factor", defaultValue = "10", paramLabel = "N",
            description = "Flood frames per second as a multiple of the legitimate frames per second, which are --rate"
                    + " times 2^d + 1 (default: ${DEFAULT-VALUE}).")
    private double floodFactor;

    @Option(names = "--sources", defaultValue = "4", paramLabel = "N",
            description = "Producers that share the flood, each with its own requester id (default: ${DEFAULT-VALUE}).")
    private int sources;

    @Option(names = {"-d", "--deception-factor"}, defaultValue = "2",
            description = "Deception factor d of the subscriber, at least 1 so that a token can be wrong (default: ${DEFAULT-VALUE}).")
    private int deceptionFactorBits;

    @Option(names = "--payload-bytes", defaultValue = "256", paramLabel = "N",
            description = "Payload size of legitimate and flood frames, in bytes (default: ${DEFAULT-VALUE}).")
    private int payloadBytes;

    @Option(names = "--pairs", defaultValue = "8", paramLabel = "N",
            description = "Pairs of requesters that take turns (default: ${DEFAULT-VALUE}).")
    private int pairs;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "Time one encryption or decryption may take before it fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of payloads and wrong tokens (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        FloodResult result = new FloodRunner(validate(), System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.describe());
        out.flush();
        return result.violations().isEmpty() ? 0 : 1;
    }

    FloodRunner.Settings validate() {
        requirePositive("--rate", ratePerSecond);
        requirePositive("--phase-seconds", phaseSeconds);
        requirePositive("--flood-factor", floodFactor);
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
            throw usage("Invalid --warmup-seconds " + warmupSeconds + "; expected 0 or more");
        }
        if (sources < 1) {
            throw usage("Invalid --sources " + sources + "; expected 1 or more");
        }
        if (deceptionFactorBits < 1 || deceptionFactorBits > 8) {
            throw usage("Invalid --deception-factor " + deceptionFactorBits + "; expected 1 to 8, since with d = 0"
                    + " no token can be wrong");
        }
        if (payloadBytes < 1 || payloadBytes > PayloadSizes.MAX_PAYLOAD_BYTES) {
            throw usage("Invalid --payload-bytes " + payloadBytes + "; expected 1 to " + PayloadSizes.MAX_PAYLOAD_BYTES);
        }
        if (pairs < 1 || pairs > 1000) {
            throw usage("Invalid --pairs " + pairs + "; expected 1 to 1000");
        }
        if (timeoutMs < 1) {
            throw usage("Invalid --timeout-ms " + timeoutMs + "; expected 1 or more");
        }
        return new FloodRunner.Settings(ratePerSecond, phaseSeconds, warmupSeconds, floodFactor, sources,
                deceptionFactorBits, payloadBytes, pairs, timeoutMs, seed);
    }

    private void requirePositive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw usage("Invalid " + option + " " + value + "; expected a positive number");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

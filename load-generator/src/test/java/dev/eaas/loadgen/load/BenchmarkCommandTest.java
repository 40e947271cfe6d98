package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option checks of eaas benchmark; nothing here starts a broker. */
class BenchmarkCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new BenchmarkCommand()).setErr(new PrintWriter(err)).execute(args);
    }

    private static BenchmarkCommand.Plan validated(String... args) {
        BenchmarkCommand command = new BenchmarkCommand();
        new CommandLine(command).parseArgs(args);
        return command.validate();
    }

    @Test
    void quickShortensEveryRun() {
        BenchmarkCommand.Plan quick = validated("--quick");
        BenchmarkCommand.Plan full = validated();

        assertThat(quick.stepSeconds()).isLessThan(full.stepSeconds());
        assertThat(quick.latencySeconds()).isLessThan(full.latencySeconds());
        assertThat(quick.heapRequests()).isLessThan(full.heapRequests());
    }

    @Test
    void explicitStepLengthOverridesQuick() {
        assertThat(validated("--quick", "--step-seconds", "3.5").stepSeconds()).isEqualTo(3.5);
    }

    @Test
    void deceptionFactorZeroAlwaysIncluded() {
        assertThat(validated("--deception-factors", "3,1").deceptionFactors()).containsExactly(0, 1, 3);
    }

    @Test
    void deceptionFactorAboveServiceMaximumRejected() {
        assertThat(run("--deception-factors", "0,9")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --deception-factors [0, 9]; expected values from 0 to 8");
    }

    @Test
    void growthFactorOfOneRejected() {
        assertThat(run("--growth-factor", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("growth factor 1.0 (expected above 1)");
    }

    @Test
    void zeroLatencySecondsRejected() {
        assertThat(run("--latency-seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --latency-seconds 0.0");
    }

    @Test
    void unknownServiceSettingValueRejected() {
        assertThat(run("--set", "stream.threads=0")).isEqualTo(2);
        assertThat(err.toString()).contains("stream.threads");
    }
}

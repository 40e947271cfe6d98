package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Option checks of eaas benchmark; nothing here starts a broker. */
class BenchmarkCommandTest {

    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

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

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "0.5", "Infinity", "NaN"})
    void invalidGrowthFactorRejected(String factor) {
        assertThat(run("--growth-factor", factor)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --growth-factor " + factor + "; expected a finite number above 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "0.0", "-250.0"})
    void invalidStartRateRejected(String rate) {
        assertThat(run("--start-rate", rate)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --start-rate " + rate
                + "; expected a positive, finite number of round trips per second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--step-seconds", "--latency-seconds"})
    void infiniteSecondsRejected(String option) {
        assertThat(run(option, "Infinity")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid " + option + " Infinity; expected a positive, finite number of seconds");
    }

    @Test
    void infiniteStepWarmupRejected() {
        assertThat(run("--step-warmup-seconds", "Infinity")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --step-warmup-seconds Infinity; expected a finite number of seconds, 0 or more");
    }

    @Test
    void emptyDeceptionFactorsRejected() {
        assertThat(run("--deception-factors", ",")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --deception-factors: expected at least one value");
    }

    @Test
    void zeroMaxStepsRejected() {
        assertThat(run("--max-steps", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --max-steps 0; expected 1 or more");
    }

    @Test
    void ladderBeyondFiniteRatesRejected() {
        assertThat(run("--growth-factor", "1e200", "--max-steps", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("the rate of the last step is not finite");
    }

    @Test
    void csvFolderRejected() {
        assertThat(run("--csv", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --csv " + folder.toAbsolutePath() + ": it is a folder; name a file");
    }

    @Test
    void csvInMissingFolderRejected() {
        Path csv = folder.resolve("missing/results.csv");

        assertThat(run("--csv", csv.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --csv " + csv.toAbsolutePath() + ": its folder "
                + csv.getParent().toAbsolutePath() + " does not exist");
    }

    @Test
    void csvUnderFileRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("taken"), "x");

        assertThat(run("--csv", file.resolve("results.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file.toAbsolutePath() + " is a file, not a folder");
    }

    @Test
    void csvInExistingFolderAccepted() {
        assertThat(validated("--csv", folder.resolve("results.csv").toString()).stepSeconds()).isEqualTo(5);
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

package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Option checks: every invalid combination stops before anything starts, with exit code 2 and a message. */
class LoadCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new LoadCommand()).setErr(new PrintWriter(err));
        return command.execute(args);
    }

    /** Parses and checks the options without running, and returns the settings. */
    private static LoadRunner.Settings validated(String... args) {
        LoadCommand command = new LoadCommand();
        new CommandLine(command).parseArgs(args);
        return command.validate();
    }

    @TempDir
    Path folder;

    @Test
    void zeroRateRejected() {
        int exitCode = run("--rate", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --rate 0.0; expected a positive, finite number of round trips per second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN"})
    void nonFiniteRateRejected(String rate) {
        assertThat(run("--rate", rate)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --rate " + rate + "; expected a positive, finite number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "-Infinity", "NaN", "-1.0", "0.0"})
    void invalidDurationRejected(String seconds) {
        assertThat(run("--duration-seconds", seconds)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --duration-seconds " + seconds
                + "; expected a positive, finite number of seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "0.0"})
    void invalidProgressIntervalRejected(String seconds) {
        assertThat(run("--progress-interval-seconds", seconds)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --progress-interval-seconds " + seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "-1.0"})
    void invalidWarmupRejected(String seconds) {
        assertThat(run("--warmup-seconds", seconds)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --warmup-seconds " + seconds + "; expected a finite number of seconds, 0 or more");
    }

    @Test
    void rateBeyondCountableRoundTripsRejected() {
        assertThat(run("--rate", "1e300")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --rate 1.0E300", "the run would have more than");
    }

    @Test
    void durationBeyondCountableRoundTripsRejected() {
        assertThat(run("--duration-seconds", "1e300", "--warmup-seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration-seconds 1.0E300", "the run would have more than");
    }

    @Test
    void csvFolderRejected() {
        assertThat(run("--csv", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --csv " + folder.toAbsolutePath() + ": it is a folder; name a file");
    }

    @Test
    void csvInMissingFolderRejected() {
        Path missing = folder.resolve("missing");

        assertThat(run("--csv", missing.resolve("results.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --csv " + missing.resolve("results.csv").toAbsolutePath()
                + ": its folder " + missing.toAbsolutePath() + " does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void csvWithOtherHeaderRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("other.csv"), "a,b\n");

        assertThat(run("--csv", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --csv " + file.toAbsolutePath() + ": its header is 'a,b'");
    }

    @Test
    void negativeRateRejected() {
        assertThat(run("--rate", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --rate -5.0");
    }

    @Test
    void unknownModeRejected() {
        assertThat(run("--mode", "plain")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown mode 'plain'; expected one of eaas, no-encryption, local-encryption");
    }

    @Test
    void unknownScenarioRejected() {
        assertThat(run("--scenario", "gamma")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown scenario 'gamma'; expected one of alpha, beta, lambda");
    }

    @Test
    void unknownSuiteRejected() {
        assertThat(run("--cipher-suite", "rot13")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown cipher suite 'rot13'");
    }

    @Test
    void payloadOutOfRangeRejected() {
        assertThat(run("--payload-bytes", "2000000")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid payload sizes '2000000'");
    }

    @Test
    void scenarioRejectedWithoutEaas() {
        assertThat(run("--mode", "no-encryption", "--scenario", "beta", "-d", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Option --scenario, --deception-factor does not apply to --mode no-encryption");
    }

    @Test
    void suiteRejectedWithoutEncryption() {
        assertThat(run("--mode", "no-encryption", "--cipher-suite", "aes-256-gcm")).isEqualTo(2);
        assertThat(err.toString()).contains("Option --cipher-suite does not apply to --mode no-encryption");
    }

    @Test
    void echoExchangesRejectedInEaasMode() {
        assertThat(run("--echo-exchanges", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Option --echo-exchanges does not apply to --mode eaas");
    }

    @Test
    void durationAndRequestsTogetherRejected() {
        assertThat(run("--duration-seconds", "5", "--requests", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("Give --duration-seconds or --requests, not both");
    }

    @Test
    void deceptionFactorAboveServiceMaximumRejected() {
        assertThat(run("-d", "9")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --deception-factor 9; expected 0 to 8");
    }

    @Test
    void legacySuiteForbiddenBySettingRejected() {
        assertThat(run("--cipher-suite", "des-cbc", "--set", "cipher.suites.legacy.allowed=false")).isEqualTo(2);
        assertThat(err.toString()).contains("des-cbc is a legacy suite");
    }

    @Test
    void runTooShortForOneRoundTripRejected() {
        assertThat(run("--rate", "0.1", "--duration-seconds", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("makes no round trip");
    }

    @Test
    void durationAndWarmupBecomeRoundTripCounts() {
        LoadRunner.Settings settings = validated("--rate", "200", "--duration-seconds", "3", "--warmup-seconds", "0.5",
                "--mode", "local-encryption", "--cipher-suite", "chacha20-poly1305");

        assertThat(settings.plan().measuredRoundTrips()).isEqualTo(600);
        assertThat(settings.plan().warmupRoundTrips()).isEqualTo(100);
        assertThat(settings.mode()).isEqualTo(LoadMode.LOCAL_ENCRYPTION);
        assertThat(settings.suite()).isEqualTo(SuiteId.CHACHA20_POLY1305);
    }

    @Test
    void defaultsDescribeDocumentedRun() {
        LoadRunner.Settings settings = validated();

        assertThat(settings.mode()).isEqualTo(LoadMode.EAAS);
        assertThat(settings.scenario()).isEqualTo(Scenario.ALPHA);
        assertThat(settings.plan().ratePerSecond()).isEqualTo(500);
        assertThat(settings.plan().measuredRoundTrips()).isEqualTo(10_000);
        assertThat(settings.payloadSizes().spec()).isEqualTo("1024");
        assertThat(settings.echoExchanges()).isEqualTo(2);
    }

    @Test
    void scenariosAddInstancesPerRole() {
        assertThat(Scenario.ALPHA.additionalInstances()).isEmpty();
        assertThat(Scenario.BETA.additionalInstances()).hasSize(1);
        assertThat(Scenario.BETA.additionalInstances().get(0))
                .containsExactlyInAnyOrder(dev.eaas.topology.service.Role.KEY_MANAGER, dev.eaas.topology.service.Role.CRYPTOR);
        assertThat(Scenario.LAMBDA.additionalInstances()).hasSize(4)
                .allSatisfy(roles -> assertThat(roles).hasSize(3));
    }
}

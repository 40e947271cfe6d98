package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One small bounded run per mode on an embedded broker: every round trip must come back with its payload. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoadModesTest {

    private static final int ROUND_TRIPS = 200;

    @TempDir
    Path folder;

    private static LoadRunner.Settings settings(LoadMode mode, SuiteId suite, int deceptionFactorBits) {
        return new LoadRunner.Settings(mode, Scenario.ALPHA, suite, deceptionFactorBits,
                new OpenLoopScheduler.Plan(100, 0, ROUND_TRIPS, 1_000), PayloadSizes.parse("512..2048"), 2, 2,
                30_000, 1_000, 1, Map.of());
    }

    private static LoadRunner.Outcome run(LoadRunner.Settings settings) throws Exception {
        return new LoadRunner(settings, new PrintStream(OutputStream.nullOutputStream())).run();
    }

    @Test
    void eaasModeCompletesEveryRoundTrip() throws Exception {
        LoadRunner.Outcome outcome = run(settings(LoadMode.EAAS, SuiteId.AES_256_GCM, 1));

        assertThat(outcome.firstFailure()).isNull();
        assertThat(outcome.result().completed()).isEqualTo(ROUND_TRIPS);
        assertThat(outcome.result().errors()).isZero();
        assertThat(outcome.result().dropped()).isZero();
        assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(ROUND_TRIPS);
        assertThat(outcome.result().label()).isEqualTo("eaas alpha aes-256-gcm d=1");
    }

    @Test
    void localEncryptionWithLegacySuite() throws Exception {
        LoadRunner.Outcome outcome = run(settings(LoadMode.LOCAL_ENCRYPTION, SuiteId.DES_CBC, 0));

        assertThat(outcome.firstFailure()).isNull();
        assertThat(outcome.result().completed()).isEqualTo(ROUND_TRIPS);
        assertThat(outcome.result().errors()).isZero();
        assertThat(outcome.result().cipherSuite()).isEqualTo("des-cbc");
    }

    @Test
    void noEncryptionCommandWritesCsvAndHistogram() throws Exception {
        Path csv = folder.resolve("results.csv");
        Path histogram = folder.resolve("histogram.txt");
        StringWriter out = new StringWriter();

        int exitCode = new CommandLine(new LoadCommand()).setOut(new PrintWriter(out)).execute("--mode", "no-encryption",
                "--rate", "100", "--requests", Integer.toString(ROUND_TRIPS), "--warmup-seconds", "0",
                "--csv", csv.toString(), "--histogram-out", histogram.toString());

        List<LoadResult> rows = ResultCsv.read(csv);
        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("completed " + ROUND_TRIPS + ", errors 0, dropped 0");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).mode()).isEqualTo("no-encryption");
        assertThat(rows.get(0).completed()).isEqualTo(ROUND_TRIPS);
        assertThat(rows.get(0).p99Ms()).isGreaterThanOrEqualTo(rows.get(0).p50Ms());
        assertThat(Files.readString(histogram)).contains("Percentile");
    }
}

package dev.eaas.loadgen.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaas.loadgen.trace.SharedTraceData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job end to end: a trace replayed through every role on an embedded broker. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplayCommandTest {

    @TempDir
    Path folder;

    @Test
    void trainTicketReplayVerifiesEveryCall() throws Exception {
        Path trace = SharedTraceData.trainTicketFile("2023-01-29_08_50_trace.csv");
        Path summaryFile = folder.resolve("summary.json");

        int exitCode = run("--trace", trace.toString(), "--summary", summaryFile.toString());

        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(exitCode).isZero();
        assertThat(summary.get("calls").asLong()).isEqualTo(783);
        assertThat(summary.get("verified").asLong()).isEqualTo(783);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(summary.get("throughput_per_s").asDouble()).isPositive();
        assertThat(summary.get("latency_ms_p50").asDouble()).isPositive();
        assertThat(summary.get("latency_ms_p99").asDouble()).isGreaterThanOrEqualTo(summary.get("latency_ms_p50").asDouble());
    }

    @Test
    void builtInWorkloadRunsWithoutTrace() throws Exception {
        Path summaryFile = folder.resolve("nested/summary.json");

        int exitCode = run("--synthetic-requests", "5", "-d", "1", "--summary", summaryFile.toString());

        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(exitCode).isZero();
        assertThat(summary.get("calls").asLong()).isPositive();
        assertThat(summary.get("verified").asLong()).isEqualTo(summary.get("calls").asLong());
        assertThat(summary.get("deception_factor").asInt()).isEqualTo(1);
    }

    @Test
    void missingTraceFileIsUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err));

        int exitCode = command.execute("--trace", folder.resolve("absent.csv").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Trace file not found").contains("absent.csv");
    }

    @Test
    void unknownDecoysIsUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err));

        int exitCode = command.execute("--decoys", "words");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --decoys 'words'; expected one of [shape-matched, uniform-random]");
    }

    private static int run(String... args) {
        return new CommandLine(new ReplayCommand()).execute(args);
    }
}

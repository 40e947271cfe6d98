package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Figure9CommandTest {

    @TempDir
    Path folder;

    @Test
    void outputFileIsUsageError() throws Exception {
        Path file = Files.writeString(folder.resolve("taken.csv"), "x");
        StringWriter err = new StringWriter();

        int exitCode = new CommandLine(new Figure9Command()).setErr(new PrintWriter(err))
                .execute("--out", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --out " + file.toAbsolutePath() + ": it is a file");
    }

    @Test
    void unknownScenarioIsUsageError() {
        StringWriter err = new StringWriter();

        int exitCode = new CommandLine(new Figure9Command()).setErr(new PrintWriter(err))
                .execute("--scenarios", "omega", "--out", folder.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --scenarios: Unknown scenario 'omega'");
    }
}

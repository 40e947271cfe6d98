package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Figure10CommandTest {

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Figure10Command()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    private static LoadResult row(String scenario, String suite, double p50Ms, double p99Ms) {
        return new LoadResult("eaas", scenario, suite, 0, "1024", 100, 99, 1000, 0, 0, p50Ms, p50Ms, p99Ms, p99Ms, p99Ms);
    }

    @Test
    void datasetsGroupSuitesByScenario() {
        List<LoadResult> rows = List.of(row("alpha", "des-cbc", 10, 30), row("alpha", "aes-256-gcm", 8, 20),
                row("beta", "des-cbc", 12, 40));

        var datasets = Figure10Chart.datasets(rows);

        assertThat(datasets.keySet()).containsExactly("p50", "p99");
        DefaultCategoryDataset p99 = datasets.get("p99");
        assertThat(p99.getColumnKeys()).containsExactly("alpha", "beta");
        assertThat(p99.getRowKeys()).containsExactly("des-cbc", "aes-256-gcm");
        assertThat(p99.getValue("des-cbc", "beta")).isEqualTo(40.0);
        assertThat(p99.getValue("aes-256-gcm", "beta")).isNull();
        assertThat(datasets.get("p50").getValue("aes-256-gcm", "alpha")).isEqualTo(8.0);
    }

    @Test
    void tableListsEveryRow() {
        String table = Figure10Chart.table(List.of(row("lambda", "blowfish-cbc", 10.5, 31.25)));

        assertThat(table).contains("lambda").contains("blowfish-cbc").contains("10.50").contains("31.25");
    }

    @Test
    void unknownScenarioRejected() {
        assertThat(run("--out", folder.toString(), "--scenarios", "alpha,gamma")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown scenario 'gamma'");
    }

    @Test
    void repeatedSuiteRejected() {
        assertThat(run("--out", folder.toString(), "--suites", "des-cbc,des-cbc")).isEqualTo(2);
        assertThat(err.toString()).contains("name each only once");
    }

    @Test
    void outputFileInsteadOfFolderRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("taken"), "x");

        assertThat(run("--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("it is a file; name a folder");
    }

    @Test
    void slicesAddUpToRequests() {
        Figure10Command command = new Figure10Command();
        new CommandLine(command).parseArgs("--out", folder.toString(), "--requests", "200", "--rounds", "3");

        assertThat(command.sliceOf(200, 0)).isEqualTo(67);
        assertThat(command.sliceOf(200, 1)).isEqualTo(67);
        assertThat(command.sliceOf(200, 2)).isEqualTo(66);
    }

    @Test
    void moreRoundsThanRequestsRejected() {
        assertThat(run("--out", folder.toString(), "--requests", "2", "--rounds", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --rounds 3; expected 1 to --requests (2)");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void oneScenarioTwoSuitesWritesCsvAndChart() throws Exception {
        Path outDir = folder.resolve("figure10");

        int exitCode = run("--out", outDir.toString(), "--scenarios", "alpha", "--suites", "des-cbc,aes-256-gcm",
                "--rate", "100", "--requests", "200", "--warmup-requests", "50", "--rounds", "2");

        assertThat(exitCode).as(err.toString()).isZero();
        List<LoadResult> rows = ResultCsv.read(outDir.resolve(Figure10Command.CSV_FILE));
        assertThat(rows).extracting(LoadResult::cipherSuite).containsExactly("des-cbc", "aes-256-gcm");
        assertThat(rows).extracting(LoadResult::scenario).containsOnly("alpha");
        assertThat(rows).extracting(LoadResult::completed).containsOnly(200L);
        assertThat(rows).extracting(LoadResult::errors).containsOnly(0L);
        assertThat(rows).allSatisfy(result -> assertThat(result.p99Ms()).isGreaterThanOrEqualTo(result.p50Ms()));
        BufferedImage image = ImageIO.read(outDir.resolve(Figure10Command.PNG_FILE).toFile());
        assertThat(image.getWidth()).isEqualTo(Figure10Chart.WIDTH_PIXELS);
        assertThat(out.toString()).contains("des-cbc").contains("aes-256-gcm");
    }
}

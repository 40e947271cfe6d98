package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LatencyChartTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path folder;

    private static LoadResult result(String mode, String suite) {
        return new LoadResult(mode, mode.equals("eaas") ? "alpha" : "", suite, 0, "1024", 500, 499, 10_000, 0, 0,
                2, 3, 8, 15, 30);
    }

    @Test
    void chartCommandWritesPngOfRequestedSize() throws Exception {
        Path csv = folder.resolve("results.csv");
        ResultCsv.append(csv, result("eaas", "aes-256-gcm"));
        ResultCsv.append(csv, result("no-encryption", ""));
        ResultCsv.append(csv, result("local-encryption", "aes-256-gcm"));
        Path png = folder.resolve("charts/latency.png");

        int exitCode = new CommandLine(new ChartCommand()).execute("--csv", csv.toString(), "--out", png.toString(),
                "--width-pixels", "640", "--height-pixels", "400");

        byte[] bytes = Files.readAllBytes(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(exitCode).isZero();
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
    }

    @Test
    void chartCommandReadsEmptyAndZeroDeceptionFactor() throws Exception {
        Path csv = folder.resolve("results.csv");
        ResultCsv.append(csv, result("no-encryption", ""));
        Files.writeString(csv, "no-encryption,,,0,1024,500.000,499.000,10000,0,0,2.000,3.000,8.000,15.000,30.000\n",
                StandardOpenOption.APPEND);
        Path png = folder.resolve("latency.png");

        int exitCode = new CommandLine(new ChartCommand()).execute("--csv", csv.toString(), "--out", png.toString());

        assertThat(Files.readString(csv)).contains("\nno-encryption,,,,1024,");
        assertThat(exitCode).isZero();
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void labelsOmitDeceptionFactorWithoutEaas() {
        LoadResult eaasWithDecoys = new LoadResult("eaas", "alpha", "aes-256-gcm", 2, "1024", 500, 499, 10_000, 0, 0,
                2, 3, 8, 15, 30);

        List<String> labels = LatencyChart.labels(List.of(result("no-encryption", ""), eaasWithDecoys));

        assertThat(labels).containsExactly("no-encryption", "eaas alpha aes-256-gcm d=2");
    }

    @Test
    void labelsNameOnlyVaryingColumns() {
        List<String> labels = LatencyChart.labels(List.of(result("eaas", "aes-256-gcm"), result("eaas", "des-cbc")));

        assertThat(labels).containsExactly("aes-256-gcm", "des-cbc");
    }

    @Test
    void identicalRowsNumbered() {
        List<String> labels = LatencyChart.labels(List.of(result("eaas", "aes-256-gcm"), result("eaas", "aes-256-gcm")));

        assertThat(labels).containsExactly("eaas", "eaas #2");
    }

    @Test
    void missingCsvIsUsageError() {
        StringWriter err = new StringWriter();

        int exitCode = new CommandLine(new ChartCommand()).setErr(new PrintWriter(err))
                .execute("--csv", folder.resolve("absent.csv").toString(), "--out", folder.resolve("x.png").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Result file not found");
    }
}

package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCsvTest {

    @TempDir
    Path folder;

    private static final String HEADER = "mode,scenario,cipher_suite,deception_factor,payload_bytes,"
            + "offered_rate_per_s,achieved_rate_per_s,completed,errors,dropped,p50_ms,p90_ms,p99_ms,p999_ms,max_ms";

    /** Returns a row with d = 2 in the eaas mode and d = 0 in the modes without a deception factor. */
    private static LoadResult result(String mode, String payload) {
        return new LoadResult(mode, "alpha", "aes-256-gcm", mode.equals("eaas") ? 2 : 0, payload, 500, 498.25, 9_965,
                1, 3, 1.5, 2.25, 7.125, 12.5, 40.0);
    }

    @Test
    void firstRowWritesHeader() throws Exception {
        Path file = folder.resolve("nested/results.csv");

        ResultCsv.append(file, result("eaas", "1024"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.get(1)).isEqualTo("eaas,alpha,aes-256-gcm,2,1024,500.000,498.250,9965,1,3,1.500,2.250,7.125,12.500,40.000");
    }

    @Test
    void rowStartsALineAfterHeaderWithoutLineBreak() throws Exception {
        Path file = folder.resolve("edited.csv");
        Files.writeString(file, HEADER, StandardCharsets.UTF_8);

        ResultCsv.append(file, result("eaas", "1024"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.get(1)).startsWith("eaas,");
    }

    @Test
    void laterRowsAppendWithoutHeader() throws Exception {
        Path file = folder.resolve("results.csv");

        ResultCsv.append(file, result("eaas", "1024"));
        ResultCsv.append(file, result("no-encryption", "1024"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("no-encryption,");
    }

    @Test
    void rowsReadBackEqual() throws Exception {
        Path file = folder.resolve("results.csv");
        LoadResult listed = result("eaas", "256,1024");
        LoadResult range = result("local-encryption", "10..20");

        ResultCsv.append(file, listed);
        ResultCsv.append(file, range);

        assertThat(Files.readString(file)).contains("\"256,1024\"");
        assertThat(ResultCsv.read(file)).containsExactly(listed, range);
    }

    @Test
    void otherHeaderRejected() throws Exception {
        Path file = folder.resolve("other.csv");
        Files.writeString(file, "a,b\n1,2\n");

        assertThatThrownBy(() -> ResultCsv.append(file, result("eaas", "1024")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its header is 'a,b'");
        assertThat(Files.readString(file)).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void quotedFieldsSplit() {
        assertThat(ResultCsv.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
    }

    @Test
    void shortRowRejectedWithLine() throws Exception {
        Path file = folder.resolve("results.csv");
        ResultCsv.append(file, result("eaas", "1024"));
        Files.writeString(file, "eaas,alpha\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> ResultCsv.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("2 fields; expected 15");
    }

    @Test
    void deceptionFactorEmptyWithoutEaas() throws Exception {
        Path file = folder.resolve("results.csv");

        ResultCsv.append(file, result("no-encryption", "1024"));
        ResultCsv.append(file, result("local-encryption", "1024"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(1)).startsWith("no-encryption,alpha,aes-256-gcm,,1024,");
        assertThat(lines.get(2)).startsWith("local-encryption,alpha,aes-256-gcm,,1024,");
        assertThat(ResultCsv.read(file)).extracting(LoadResult::deceptionFactorBits).containsExactly(0, 0);
    }

    @Test
    void zeroDeceptionFactorWithoutEaasStillRead() throws Exception {
        Path file = folder.resolve("results.csv");
        Files.writeString(file, HEADER + "\n"
                + "no-encryption,,,0,1024,250.000,249.858,1250,0,0,8.147,12.999,37.151,53.151,53.759\n"
                + "no-encryption,,,,1024,250.000,249.858,1250,0,0,8.147,12.999,37.151,53.151,53.759\n");

        List<LoadResult> rows = ResultCsv.read(file);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(rows.get(1));
        assertThat(rows.get(0).deceptionFactorBits()).isZero();
    }

    @Test
    void emptyDeceptionFactorOfEaasRejected() throws Exception {
        Path file = folder.resolve("results.csv");
        Files.writeString(file, HEADER + "\n"
                + "eaas,alpha,aes-256-gcm,,1024,250.000,243.480,1250,0,0,50.527,85.247,166.015,176.255,180.223\n");

        assertThatThrownBy(() -> ResultCsv.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("deception_factor is empty, but mode eaas has one");
    }

    @Test
    void appendableNewFileAccepted() {
        ResultCsv.checkAppendable(folder.resolve("new.csv"));
    }

    @Test
    void appendableFileWithHeaderAccepted() throws Exception {
        Path file = folder.resolve("results.csv");
        ResultCsv.append(file, result("eaas", "1024"));

        ResultCsv.checkAppendable(file);
    }

    @Test
    void appendableFolderRejected() {
        assertThatThrownBy(() -> ResultCsv.checkAppendable(folder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("it is a folder; name a file");
    }

    @Test
    void appendableMissingFolderRejected() {
        Path missing = folder.resolve("missing");

        assertThatThrownBy(() -> ResultCsv.checkAppendable(missing.resolve("results.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("its folder " + missing.toAbsolutePath() + " does not exist; create it first");
        assertThat(missing).doesNotExist();
    }

    @Test
    void appendableUnderFileRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("taken"), "x");

        assertThatThrownBy(() -> ResultCsv.checkAppendable(file.resolve("sub/results.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file.toAbsolutePath() + " is a file, not a folder");
    }

    @Test
    void appendableOtherHeaderRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("other.csv"), "a,b\n1,2\n");

        assertThatThrownBy(() -> ResultCsv.checkAppendable(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("its header is 'a,b'");
    }

    @Test
    void appendableReadOnlyFileRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("read-only.csv"), "");
        assumeTrue(file.toFile().setWritable(false, false), "the file system keeps the file writable");
        assumeFalse(Files.isWritable(file), "this user may write read-only files, as root may");

        assertThatThrownBy(() -> ResultCsv.checkAppendable(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the file is not writable");
    }
}

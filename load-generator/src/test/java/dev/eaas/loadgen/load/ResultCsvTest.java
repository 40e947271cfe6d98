package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCsvTest {

    @TempDir
    Path folder;

    private static LoadResult result(String mode, String payload) {
        return new LoadResult(mode, "alpha", "aes-256-gcm", 2, payload, 500, 498.25, 9_965, 1, 3,
                1.5, 2.25, 7.125, 12.5, 40.0);
    }

    @Test
    void firstRowWritesHeader() throws Exception {
        Path file = folder.resolve("nested/results.csv");

        ResultCsv.append(file, result("eaas", "1024"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("mode,scenario,cipher_suite,deception_factor,payload_bytes,"
                + "offered_rate_per_s,achieved_rate_per_s,completed,errors,dropped,p50_ms,p90_ms,p99_ms,p999_ms,max_ms");
        assertThat(lines.get(1)).isEqualTo("eaas,alpha,aes-256-gcm,2,1024,500.000,498.250,9965,1,3,1.500,2.250,7.125,12.500,40.000");
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
}

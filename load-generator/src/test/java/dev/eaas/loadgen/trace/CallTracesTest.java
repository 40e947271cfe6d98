package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallTracesTest {

    @TempDir
    Path tempDir;

    @Test
    void spanHeaderSelectsSpanReader() throws IOException {
        Path file = write("spans.csv", SpanCsvTraceReader.HEADER + "\n"
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,a,order-1-x,/order,1500,1800,0\n");

        CallTrace trace = CallTraces.read(file);

        assertThat(trace.calls()).containsExactly(new ServiceCall(0, "gateway", "order", "t1"));
        assertThat(trace.source()).isEqualTo(file.toString());
    }

    @Test
    void realSpanFileIsDetected() throws IOException {
        Path file = SharedTraceData.trainTicketFile("2023-01-30_11_39_trace.csv");

        CallTrace trace = CallTraces.read(file);

        assertThat(trace.calls()).hasSize(736);
    }

    @Test
    void byteOrderMarkBeforeHeaderIsIgnored() throws IOException {
        Path file = write("bom.csv", "\uFEFF" + SpanCsvTraceReader.HEADER + "\n");

        CallTrace trace = CallTraces.read(file);

        assertThat(trace.calls()).isEmpty();
        assertThat(trace.rowsRead()).isZero();
    }

    @Test
    void unknownHeaderErrorListsAcceptedHeaders() throws IOException {
        Path file = write("other.csv", "id,from,to,time\n1,a,b,5\n");

        assertThatThrownBy(() -> CallTraces.read(file))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessageStartingWith(file + ":1: unknown trace header 'id,from,to,time'")
                .hasMessageContaining("'" + SpanCsvTraceReader.HEADER + "'")
                .hasMessageContaining("'" + AlibabaCallGraphReader.HEADER + "'");
    }

    @Test
    void emptyFileErrorNamesFile() throws IOException {
        Path file = write("empty.csv", "");

        assertThatThrownBy(() -> CallTraces.read(file))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessageStartingWith(file + ": file is empty; expected a span CSV header");
    }

    @Test
    void missingFileErrorNamesPath() {
        Path file = tempDir.resolve("absent.csv");

        assertThatThrownBy(() -> CallTraces.read(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(file + ": trace file not found");
    }

    @Test
    void directoryIsRejected() {
        assertThatThrownBy(() -> CallTraces.read(tempDir))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage(tempDir + ": not a regular file; pass the path of a trace CSV file");
    }

    @Test
    void invalidUtf8ErrorNamesFile() throws IOException {
        Path file = tempDir.resolve("latin1.csv");
        Files.write(file, (SpanCsvTraceReader.HEADER + "\nt1,a,root,caf\u00e9-1-x,/*,1,2,1\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> CallTraces.read(file))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessageStartingWith(file + ": not valid UTF-8 text at or after line 1");
    }

    @Test
    void malformedRowErrorNamesFileAndLine() throws IOException {
        Path file = write("bad.csv", AlibabaCallGraphReader.HEADER + "\n"
                + "t1,100,0.1,a,rpc,b,i,5\n"
                + "t1,soon,0.2,a,rpc,c,i,5\n");

        assertThatThrownBy(() -> CallTraces.read(file))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage(file + ":3: invalid timestamp 'soon'; expected a whole number of milliseconds")
                .extracting(e -> ((InvalidTraceException) e).lineNumber())
                .isEqualTo(3L);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tempDir.resolve(name), text);
    }
}

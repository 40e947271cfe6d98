package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanCsvTraceReaderTest {

    private static final String HEADER = SpanCsvTraceReader.HEADER + "\n";

    // The expected counts below were computed from the same files by a separate script using Python's csv module.

    @Test
    void trainTicketJan29FileGivesKnownCounts() throws IOException {
        Path file = SharedTraceData.trainTicketFile("2023-01-29_08_50_trace.csv");

        CallTrace trace = SpanCsvTraceReader.read(file);

        assertThat(trace.rowsRead()).isEqualTo(4890);
        assertThat(trace.calls()).hasSize(783);
        assertThat(trace.servicePairs()).hasSize(42);
        assertThat(trace.services()).hasSize(25);
        assertThat(trace.skippedRows())
                .containsExactly(entry(SkipReason.ENTRY_SPAN, 71L), entry(SkipReason.SAME_SERVICE, 4036L));
        assertThat(trace.servicePairs()).contains(new ServicePair("ts-seat-service", "ts-config-service"));
        assertThat(trace.services()).allMatch(service -> service.startsWith("ts-") && service.endsWith("-service"));
        assertThat(trace.calls().get(trace.calls().size() - 1).offsetNanos())
                .isBetween(TimeUnit.SECONDS.toNanos(160), TimeUnit.SECONDS.toNanos(170));
    }

    @Test
    void trainTicketJan30FileGivesKnownCounts() throws IOException {
        Path file = SharedTraceData.trainTicketFile("2023-01-30_11_39_trace.csv");

        CallTrace trace = SpanCsvTraceReader.read(file);

        assertThat(trace.rowsRead()).isEqualTo(4595);
        assertThat(trace.calls()).hasSize(736);
        assertThat(trace.servicePairs()).hasSize(53);
        assertThat(trace.services()).hasSize(28);
        assertThat(trace.skippedRows())
                .containsExactly(entry(SkipReason.ENTRY_SPAN, 62L), entry(SkipReason.SAME_SERVICE, 3797L));
    }

    @ParameterizedTest
    @CsvSource({
            "ts-order-service-5b67c48447-mv5hb, ts-order-service",
            "ts-gateway-service-6f6cfc45b-h5m2n, ts-gateway-service",
            "frontend-abc-xyz, frontend",
            "redis-0, redis-0",
            "checkout, checkout",
            "'', ''"})
    void serviceNameDropsHashAndSuffix(String podName, String expectedService) {
        assertThat(SpanCsvTraceReader.serviceName(podName)).isEqualTo(expectedService);
    }

    @Test
    void parentAfterChildStillMakesCall() throws IOException {
        String csv = HEADER
                + "t1,child,parent,ts-order-service-5b67c48447-mv5hb,/api/order,2000,3000,1\n"
                + "t1,parent,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,1000,4000,3\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).containsExactly(new ServiceCall(0, "ts-gateway-service", "ts-order-service", "t1"));
        assertThat(trace.skippedRows()).containsExactly(entry(SkipReason.ENTRY_SPAN, 1L));
    }

    @Test
    void callTimeIsChildStartTime() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,9000,8\n"
                + "t1,b,a,order-1-x,/order,1500,8000,6\n"
                + "t1,c,b,payment-1-x,/pay,4000,5000,1\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).containsExactly(
                new ServiceCall(0, "gateway", "order", "t1"),
                new ServiceCall(2500, "order", "payment", "t1"));
    }

    @Test
    void quotedFieldsWithCommasAreParsed() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,\"GET /search?q=a,b\",1000,2000,1\n"
                + "t1,b,a,\"search-1-x\",\"SELECT \"\"id\"\", name FROM t\",1500,1800,\"0\"\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).containsExactly(new ServiceCall(0, "gateway", "search", "t1"));
    }

    @Test
    void missingParentIsSkippedAndCounted() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,not-in-file,order-1-x,/order,1500,1800,0\n"
                + "t2,c,a,order-1-x,/order,1600,1800,0\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).isEmpty();
        assertThat(trace.skippedRows())
                .containsExactly(entry(SkipReason.ENTRY_SPAN, 1L), entry(SkipReason.MISSING_PARENT, 2L));
        assertThat(trace.rowsRead()).isEqualTo(3);
    }

    @Test
    void sameServiceChildIsSkipped() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,a,gateway-1-y,HTTP GET,1100,1900,0\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).isEmpty();
        assertThat(trace.skippedRows()).containsEntry(SkipReason.SAME_SERVICE, 1L);
    }

    @Test
    void repeatedSpanIsSkippedAndCounted() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,a,order-1-x,/order,1500,1800,0\n"
                + "t1,b,a,order-1-x,/order,1500,1800,0\n";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).hasSize(1);
        assertThat(trace.skippedRows()).containsEntry(SkipReason.DUPLICATE_SPAN, 1L);
    }

    @Test
    void lastRowWithoutLineEndIsRead() throws IOException {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,a,order-1-x,/order,1500,1800,0";

        CallTrace trace = SpanCsvTraceReader.read(new StringReader(csv), "spans.csv");

        assertThat(trace.calls()).hasSize(1);
    }

    @Test
    void nonNumericStartTimeNamesLine() {
        String csv = HEADER
                + "t1,a,root,gateway-1-x,/*,1000,2000,1\n"
                + "t1,b,a,order-1-x,/order,12:00:01,1800,0\n";

        assertThatThrownBy(() -> SpanCsvTraceReader.read(new StringReader(csv), "spans.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("spans.csv:3: invalid StartTimeUnixNano '12:00:01';"
                        + " expected a whole number of nanoseconds since the Unix epoch");
    }

    @Test
    void wrongFieldCountNamesLine() {
        String csv = HEADER + "t1,a,root,gateway-1-x,/*,1000,2000\n";

        assertThatThrownBy(() -> SpanCsvTraceReader.read(new StringReader(csv), "spans.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("spans.csv:2: expected 8 fields as in the header, found 7");
    }

    @Test
    void emptySpanIdNamesLine() {
        String csv = HEADER + "t1,,root,gateway-1-x,/*,1000,2000,1\n";

        assertThatThrownBy(() -> SpanCsvTraceReader.read(new StringReader(csv), "spans.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("spans.csv:2: empty SpanID");
    }

    @Test
    void alibabaHeaderIsRejected() {
        String csv = AlibabaCallGraphReader.HEADER + "\n";

        assertThatThrownBy(() -> SpanCsvTraceReader.read(new StringReader(csv), "calls.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessageStartingWith("calls.csv:1: not a span CSV header: found '" + AlibabaCallGraphReader.HEADER)
                .hasMessageEndingWith("expected '" + SpanCsvTraceReader.HEADER + "'");
    }
}

package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTraceTest {

    @Test
    void summaryCountsRowsCallsAndSkips() {
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        skipped.put(SkipReason.SAME_SERVICE, 4L);
        skipped.put(SkipReason.ENTRY_SPAN, 1L);
        List<ServiceCall> calls = List.of(
                new ServiceCall(0, "gateway", "order", "t1"),
                new ServiceCall(10, "order", "payment", "t1"),
                new ServiceCall(20, "gateway", "order", "t2"));

        CallTrace trace = new CallTrace("trace.csv", calls, skipped);

        assertThat(trace.rowsRead()).isEqualTo(8);
        assertThat(trace.services()).containsExactly("gateway", "order", "payment");
        assertThat(trace.servicePairs()).containsExactly(
                new ServicePair("gateway", "order"), new ServicePair("order", "payment"));
        assertThat(trace.summary()).isEqualTo("trace.csv: read 8 rows, 3 calls, 3 services, 2 caller-callee pairs;"
                + " skipped 5 rows: 1 entry-span, 4 same-service");
    }

    @Test
    void summaryWithoutSkipsSaysSo() {
        CallTrace trace = new CallTrace("generated", List.of(new ServiceCall(0, "a", "b", "t1")), Map.of());

        assertThat(trace.summary()).endsWith("; skipped no rows");
    }

    @Test
    void callsOutOfOrderAreRejected() {
        List<ServiceCall> calls = List.of(new ServiceCall(0, "a", "b", "t1"), new ServiceCall(5, "a", "b", "t1"),
                new ServiceCall(3, "a", "b", "t1"));

        assertThatThrownBy(() -> new CallTrace("x", calls, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Calls out of order at index 2: offset 3 ns after 5 ns");
    }

    @Test
    void firstCallMustBeAtZero() {
        assertThatThrownBy(() -> new CallTrace("x", List.of(new ServiceCall(7, "a", "b", "t1")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first call must be at 0");
    }

    @Test
    void callToSameServiceIsRejected() {
        assertThatThrownBy(() -> new ServiceCall(0, "a", "a", "t1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from service 'a' to itself");
    }

    @Test
    void negativeOffsetIsRejected() {
        assertThatThrownBy(() -> new ServiceCall(-1, "a", "b", "t1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid offsetNanos -1");
    }
}

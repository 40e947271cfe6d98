package dev.eaas.loadgen.trace;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The service-to-service calls of one trace, ready to replay, with counts of what the reader read and skipped.
 *
 * <p>Every input row becomes either one call or one skipped row, so {@link #rowsRead()} is the number of calls plus
 * the number of skipped rows. A generated trace has no rows to skip, and each of its calls counts as one row.
 */
public final class CallTrace {

    private final String source;
    private final List<ServiceCall> calls;
    private final List<String> services;
    private final Set<ServicePair> servicePairs;
    private final Map<SkipReason, Long> skippedRows;

    /**
     * Creates a trace from calls that are already sorted by offset.
     *
     * @param source      where the calls came from, such as a file path, for messages and reports
     * @param calls       the calls in order of {@link ServiceCall#offsetNanos()}, the first at offset 0
     * @param skippedRows for each reason, how many input rows were skipped for it; reasons with no rows may be absent
     * @throws IllegalArgumentException if the calls are out of order, the first offset is not 0, or a count is negative
     */
    public CallTrace(String source, List<ServiceCall> calls, Map<SkipReason, Long> skippedRows) {
        this.source = Objects.requireNonNull(source, "source");
        this.calls = List.copyOf(calls);
        this.skippedRows = copySkippedRows(skippedRows);
        checkOrder(this.calls);

        Set<String> serviceNames = new LinkedHashSet<>();
        Set<ServicePair> pairs = new LinkedHashSet<>();
        for (ServiceCall call : this.calls) {
            serviceNames.add(call.caller());
            serviceNames.add(call.callee());
            pairs.add(call.pair());
        }
        this.services = List.copyOf(serviceNames);
        this.servicePairs = Collections.unmodifiableSet(pairs);
    }

    /** Returns where the calls came from, such as the path of the trace file. */
    public String source() {
        return source;
    }

    /** Returns the calls sorted by offset. Calls with equal offsets keep the order of the input. */
    public List<ServiceCall> calls() {
        return calls;
    }

    /**
     * Returns each service that calls or is called, once, in the order of first appearance in {@link #calls()}.
     * Within one call the caller comes before the callee.
     */
    public List<String> services() {
        return services;
    }

    /** Returns each distinct caller and callee pair, in the order of first appearance in {@link #calls()}. */
    public Set<ServicePair> servicePairs() {
        return servicePairs;
    }

    /** Returns the number of input rows: calls plus skipped rows. */
    public long rowsRead() {
        return calls.size() + skippedRowCount();
    }

    /** Returns the number of skipped rows for each reason that has any, in the declaration order of the reasons. */
    public Map<SkipReason, Long> skippedRows() {
        return skippedRows;
    }

    /** Returns the number of skipped rows over all reasons. */
    public long skippedRowCount() {
        long total = 0;
        for (long count : skippedRows.values()) {
            total += count;
        }
        return total;
    }

    /**
     * Returns one line for the operator, for example
     * {@code trace.csv: read 4890 rows, 783 calls, 25 services, 42 caller-callee pairs; skipped 4107 rows: 71
     * entry-span, 4036 same-service}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder()
                .append(source)
                .append(": read ").append(rowsRead()).append(" rows, ")
                .append(calls.size()).append(" calls, ")
                .append(services.size()).append(" services, ")
                .append(servicePairs.size()).append(" caller-callee pairs; ");
        if (skippedRows.isEmpty()) {
            return line.append("skipped no rows").toString();
        }

        StringJoiner reasons = new StringJoiner(", ");
        skippedRows.forEach((reason, count) -> reasons.add(count + " " + reason.label()));
        return line.append("skipped ").append(skippedRowCount()).append(" rows: ").append(reasons).toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    private static Map<SkipReason, Long> copySkippedRows(Map<SkipReason, Long> skippedRows) {
        Map<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
        skippedRows.forEach((reason, count) -> {
            Objects.requireNonNull(reason, "skip reason");
            if (count < 0) {
                throw new IllegalArgumentException(
                        "Invalid count " + count + " of " + reason + " rows; must be 0 or more");
            }
            if (count > 0) {
                copy.put(reason, count);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void checkOrder(List<ServiceCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        if (calls.get(0).offsetNanos() != 0) {
            throw new IllegalArgumentException(
                    "Invalid first call offset " + calls.get(0).offsetNanos() + " ns; the first call must be at 0");
        }
        for (int i = 1; i < calls.size(); i++) {
            if (calls.get(i).offsetNanos() < calls.get(i - 1).offsetNanos()) {
                throw new IllegalArgumentException("Calls out of order at index " + i + ": offset "
                        + calls.get(i).offsetNanos() + " ns after " + calls.get(i - 1).offsetNanos() + " ns");
            }
        }
    }
}

package dev.eaas.loadgen.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects calls at absolute times and skipped rows, then builds a {@link CallTrace} with offsets from the first call.
 *
 * <p>Service names and trace ids repeat on many rows, so the builder keeps one String instance of each.
 */
final class CallTraceBuilder {

    private record TimedCall(long timeNanos, String caller, String callee, String traceId) {
    }

    private final List<TimedCall> calls = new ArrayList<>();
    private final Map<SkipReason, Long> skippedRows = new EnumMap<>(SkipReason.class);
    private final Map<String, String> canonicalStrings = new HashMap<>();

    /**
     * Adds a call at an absolute time.
     *
     * @param timeNanos time of the call in nanoseconds on any clock that all calls share, 0 or more
     */
    void addCall(long timeNanos, String caller, String callee, String traceId) {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("Invalid call time " + timeNanos + " ns; must be 0 or more");
        }
        calls.add(new TimedCall(timeNanos, canonical(caller), canonical(callee), canonical(traceId)));
    }

    /** Counts one input row that made no call. */
    void skip(SkipReason reason) {
        skippedRows.merge(reason, 1L, Long::sum);
    }

    /** Sorts the calls by time, keeping input order for equal times, and shifts them so the first is at offset 0. */
    CallTrace build(String source) {
        calls.sort(Comparator.comparingLong(TimedCall::timeNanos));
        long startNanos = calls.isEmpty() ? 0 : calls.get(0).timeNanos();

        List<ServiceCall> serviceCalls = new ArrayList<>(calls.size());
        for (TimedCall call : calls) {
            long offsetNanos = call.timeNanos() - startNanos;
            serviceCalls.add(new ServiceCall(offsetNanos, call.caller(), call.callee(), call.traceId()));
        }
        return new CallTrace(source, serviceCalls, skippedRows);
    }

    private String canonical(String value) {
        return canonicalStrings.computeIfAbsent(value, key -> key);
    }
}

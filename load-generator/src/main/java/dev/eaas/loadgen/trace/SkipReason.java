package dev.eaas.loadgen.trace;

/** The reason a trace reader made no call from a row it read. */
public enum SkipReason {

    /** A span whose ParentID is {@code root} or empty: the entry of a request, which no service called. */
    ENTRY_SPAN("entry-span"),

    /** A parent and child span in the same service, or a call-graph row whose caller is its callee. */
    SAME_SERVICE("same-service"),

    /** A span whose parent span (same TraceID, SpanID equal to this ParentID) is not in the file. */
    MISSING_PARENT("missing-parent"),

    /** A span with the same TraceID and SpanID as an earlier row. The reader keeps the earlier row. */
    DUPLICATE_SPAN("duplicate-span"),

    /**
     * A row whose caller or callee is not named: an empty name or a placeholder ({@code UNKNOWN}, {@code ?},
     * {@code (?)}), or a span with an empty PodName.
     */
    UNKNOWN_SERVICE("unknown-service"),

    /**
     * The second record of one remote call. The Alibaba call-graph trace records an rpc or http call once on the
     * caller's side and once on the callee's side, with the same traceid and rpcid.
     */
    DUPLICATE_RECORD("duplicate-record");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    /** Returns the short name used in summaries, such as {@code same-service}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}

package dev.eaas.loadgen.trace;

import java.util.Optional;

/** The trace file formats that {@link CallTraces#read(java.nio.file.Path)} accepts, detected from the header line. */
public enum TraceFormat {

    /** Spans with parent ids, read by {@link SpanCsvTraceReader}. */
    SPAN_CSV("span CSV", SpanCsvTraceReader.HEADER),

    /** Caller and callee rows of the Alibaba microservices trace, read by {@link AlibabaCallGraphReader}. */
    ALIBABA_CALL_GRAPH("Alibaba call-graph CSV", AlibabaCallGraphReader.HEADER);

    private final String displayName;
    private final String header;

    TraceFormat(String displayName, String header) {
        this.displayName = displayName;
        this.header = header;
    }

    /** Returns the name of the format for messages, such as {@code span CSV}. */
    public String displayName() {
        return displayName;
    }

    /** Returns the header line that files of this format have. */
    public String header() {
        return header;
    }

    /** Returns the format whose required columns the header has, or empty if it matches neither. */
    static Optional<TraceFormat> detect(CsvHeader header) {
        if (SpanCsvTraceReader.matches(header)) {
            return Optional.of(SPAN_CSV);
        }
        if (AlibabaCallGraphReader.matches(header)) {
            return Optional.of(ALIBABA_CALL_GRAPH);
        }
        return Optional.empty();
    }

    /** Returns a sentence that lists the accepted headers, for error messages. */
    static String acceptedHeaders() {
        return "expected a " + SPAN_CSV.displayName + " header '" + SPAN_CSV.header + "' or an "
                + ALIBABA_CALL_GRAPH.displayName + " header '" + ALIBABA_CALL_GRAPH.header
                + "' (columns in any order, extra columns such as an unnamed index allowed)";
    }
}

package dev.eaas.loadgen.trace;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads span CSV files as tracing systems export them, such as the TrainTicket traces of the Nezha dataset, with the
 * header {@value #HEADER}.
 *
 * <p>A call is a span whose parent span (same TraceID, SpanID equal to this span's ParentID) runs in a different
 * service. The caller is the parent's service, the callee the span's service, and the call time is the span's
 * StartTimeUnixNano. The service of a span is its PodName without the replica set hash and pod suffix (see
 * {@link #serviceName(String)}). Parents may come after their children in the file.
 *
 * <p>Rows that make no call are counted by {@link SkipReason}: entry spans (ParentID {@code root} or empty), spans
 * whose parent runs in the same service, spans whose parent is not in the file, repeated spans, and spans with an
 * empty PodName. A malformed row is an error that names the line: a wrong number of fields, an empty TraceID or
 * SpanID, or a StartTimeUnixNano that is not a whole number of 0 or more. The other columns are not checked, because
 * the reader does not use them.
 *
 * <p>The reader keeps every span of the file in memory until it has read the last row, since a parent may be the last
 * row of the file.
 */
public final class SpanCsvTraceReader {

    /** The header of the span CSV files this reader was written for. Extra columns and another order are accepted. */
    public static final String HEADER =
            "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration";

    private static final String TRACE_ID = "TraceID";
    private static final String SPAN_ID = "SpanID";
    private static final String PARENT_ID = "ParentID";
    private static final String POD_NAME = "PodName";
    private static final String START_TIME = "StartTimeUnixNano";
    private static final List<String> REQUIRED_COLUMNS = List.of(TRACE_ID, SPAN_ID, PARENT_ID, POD_NAME, START_TIME);

    private static final String ROOT_PARENT_ID = "root";

    private record SpanKey(String traceId, String spanId) {
    }

    private record Span(String traceId, String parentId, String service, long startNanos) {
    }

    private SpanCsvTraceReader() {
    }

    /**
     * Reads a span CSV file.
     *
     * @throws InvalidTraceException if the file is empty, its header lacks a span column, or a row is malformed
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    public static CallTrace read(Path file) throws IOException {
        try (CsvRecordReader csv = CallTraces.open(file)) {
            return readChecked(csv);
        }
    }

    /**
     * Reads span CSV text from a reader, which this method closes.
     *
     * @param source the file path or other description of the input, for messages and {@link CallTrace#source()}
     */
    public static CallTrace read(Reader reader, String source) throws IOException {
        try (CsvRecordReader csv = new CsvRecordReader(reader, source)) {
            return readChecked(csv);
        }
    }

    /**
     * Returns the service name of a Kubernetes pod: the pod name without its last two {@code -} separated parts, the
     * replica set hash and the pod suffix. {@code ts-order-service-5b67c48447-mv5hb} becomes
     * {@code ts-order-service}. A name with fewer than three parts is returned as it is.
     */
    public static String serviceName(String podName) {
        int lastDash = podName.lastIndexOf('-');
        if (lastDash <= 0) {
            return podName;
        }
        int secondLastDash = podName.lastIndexOf('-', lastDash - 1);
        return secondLastDash < 0 ? podName : podName.substring(0, secondLastDash);
    }

    /** Returns whether a header has every column this reader needs. */
    static boolean matches(CsvHeader header) {
        return REQUIRED_COLUMNS.stream().allMatch(header::contains);
    }

    /** Reads the data rows that follow a header that {@link #matches(CsvHeader)} accepted. */
    static CallTrace readRows(CsvRecordReader csv, CsvHeader header) throws IOException {
        ColumnIndexes columns = new ColumnIndexes(header);
        CallTraceBuilder builder = new CallTraceBuilder();
        Map<SpanKey, Span> spansById = new HashMap<>();
        List<Span> spansInFileOrder = new ArrayList<>();

        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            Span span = parseSpan(csv, header, columns, row);
            SpanKey key = new SpanKey(span.traceId(), row.get(columns.spanId()));
            if (spansById.putIfAbsent(key, span) != null) {
                builder.skip(SkipReason.DUPLICATE_SPAN);
            } else {
                spansInFileOrder.add(span);
            }
        }

        for (Span span : spansInFileOrder) {
            addCallOrSkip(builder, spansById, span);
        }
        return builder.build(csv.source());
    }

    private static CallTrace readChecked(CsvRecordReader csv) throws IOException {
        CsvHeader header = CallTraces.readHeader(csv);
        if (!matches(header)) {
            throw csv.errorInRecord("not a span CSV header: found '" + header + "', expected '" + HEADER + "'");
        }
        return readRows(csv, header);
    }

    private static Span parseSpan(CsvRecordReader csv, CsvHeader header, ColumnIndexes columns, List<String> row)
            throws InvalidTraceException {
        if (row.size() != header.size()) {
            throw csv.errorInRecord("expected " + header.size() + " fields as in the header, found " + row.size());
        }
        String traceId = row.get(columns.traceId());
        if (traceId.isEmpty()) {
            throw csv.errorInRecord("empty " + TRACE_ID);
        }
        if (row.get(columns.spanId()).isEmpty()) {
            throw csv.errorInRecord("empty " + SPAN_ID);
        }
        long startNanos = parseStartTime(csv, row.get(columns.startTime()));
        String service = serviceName(row.get(columns.podName()).strip());
        return new Span(traceId, row.get(columns.parentId()), service, startNanos);
    }

    private static long parseStartTime(CsvRecordReader csv, String value) throws InvalidTraceException {
        long startNanos;
        try {
            startNanos = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw csv.errorInRecord("invalid " + START_TIME + " '" + value
                    + "'; expected a whole number of nanoseconds since the Unix epoch");
        }
        if (startNanos < 0) {
            throw csv.errorInRecord("invalid " + START_TIME + " " + startNanos + "; must be 0 or more");
        }
        return startNanos;
    }

    private static void addCallOrSkip(CallTraceBuilder builder, Map<SpanKey, Span> spansById, Span span) {
        String parentId = span.parentId();
        if (parentId.isEmpty() || parentId.equals(ROOT_PARENT_ID)) {
            builder.skip(SkipReason.ENTRY_SPAN);
            return;
        }
        Span parent = spansById.get(new SpanKey(span.traceId(), parentId));
        if (parent == null) {
            builder.skip(SkipReason.MISSING_PARENT);
        } else if (span.service().isEmpty() || parent.service().isEmpty()) {
            builder.skip(SkipReason.UNKNOWN_SERVICE);
        } else if (span.service().equals(parent.service())) {
            builder.skip(SkipReason.SAME_SERVICE);
        } else {
            builder.addCall(span.startNanos(), parent.service(), span.service(), span.traceId());
        }
    }

    /** Positions of the columns the reader uses, looked up once from the header. */
    private record ColumnIndexes(int traceId, int spanId, int parentId, int podName, int startTime) {

        ColumnIndexes(CsvHeader header) {
            this(header.indexOf(TRACE_ID), header.indexOf(SPAN_ID), header.indexOf(PARENT_ID),
                    header.indexOf(POD_NAME), header.indexOf(START_TIME));
        }
    }
}

package dev.eaas.loadgen.trace;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the call-graph table (MSCallGraph) of the Alibaba cluster-trace-microservices data sets, whose documented
 * columns are {@value #HEADER}. Each row is one call from the upstream service {@code um} to the downstream service
 * {@code dm}, at {@code timestamp} milliseconds from the start of the trace window.
 *
 * <p>Columns are found by name, so the unnamed index column that the v2021 files have first, other column orders and
 * extra columns are accepted. The v2022 documentation names the call id column {@code rpc_id}, which is accepted
 * for {@code rpcid}.
 *
 * <p>Rows that make no call are counted by {@link SkipReason}:
 * <ul>
 *   <li>{@code um} or {@code dm} empty or a placeholder ({@code UNKNOWN}, {@code ?}, {@code (?)}): unknown-service;
 *   <li>{@code um} equal to {@code dm}: same-service;
 *   <li>the second record of an rpc or http call: duplicate-record. The data set records such a call twice, with the
 *       same traceid and rpcid, once on the caller's side with a positive {@code rt} and once on the callee's side
 *       with a negative {@code rt}. The reader keeps the first of each caller-side and callee-side pair and counts
 *       the other. A record whose partner is missing is kept.
 * </ul>
 * Calls to databases ({@code rpctype} db), caches (mc) and message queues (mq) are kept as calls to the named
 * {@code dm}.
 *
 * <p>A malformed row is an error that names the line: a wrong number of fields, an empty traceid, a timestamp that is
 * not a whole number of 0 or more, or an {@code rt} that is not a number. An empty {@code rt} counts as caller side.
 *
 * <p>NOTE: to pair the two records of a call, the reader keeps one entry per unpaired rpc or http record in memory,
 * because the records of one call need not be adjacent in the file.
 */
public final class AlibabaCallGraphReader {

    /** The columns of the call-graph table as the data set describes them. */
    public static final String HEADER = "traceid,timestamp,rpcid,um,rpctype,dm,interface,rt";

    private static final String TRACE_ID = "traceid";
    private static final String TIMESTAMP = "timestamp";
    private static final String CALL_ID = "rpcid";
    private static final String CALL_ID_V2022 = "rpc_id";
    private static final String UPSTREAM = "um";
    private static final String CALL_TYPE = "rpctype";
    private static final String DOWNSTREAM = "dm";
    private static final String RESPONSE_TIME = "rt";
    private static final List<String> REQUIRED_COLUMNS =
            List.of(TRACE_ID, TIMESTAMP, UPSTREAM, CALL_TYPE, DOWNSTREAM, RESPONSE_TIME);

    /** Call types that the data set records on both the caller's and the callee's side. */
    private static final Set<String> TWO_SIDED_CALL_TYPES = Set.of("rpc", "http");

    private static final Set<String> PLACEHOLDER_SERVICE_NAMES = Set.of("", "unknown", "?", "(?)");

    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Identifies one remote call: its records on the caller's and the callee's side share all four values. */
    private record RemoteCallKey(String traceId, String callId, String upstream, String downstream) {
    }

    /** Records of one remote call still waiting for their partner from the other side. */
    private static final class UnpairedRecords {
        int callerSide;
        int calleeSide;
    }

    private AlibabaCallGraphReader() {
    }

    /**
     * Reads an Alibaba call-graph CSV file.
     *
     * @throws InvalidTraceException if the file is empty, its header lacks a call-graph column, or a row is malformed
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    public static CallTrace read(Path file) throws IOException {
        try (CsvRecordReader csv = CallTraces.open(file)) {
            return readChecked(csv);
        }
    }

    /**
     * Reads Alibaba call-graph CSV text from a reader, which this method closes.
     *
     * @param source the file path or other description of the input, for messages and {@link CallTrace#source()}
     */
    public static CallTrace read(Reader reader, String source) throws IOException {
        try (CsvRecordReader csv = new CsvRecordReader(reader, source)) {
            return readChecked(csv);
        }
    }

    /** Returns whether a header has every column this reader needs. */
    static boolean matches(CsvHeader header) {
        return REQUIRED_COLUMNS.stream().allMatch(header::contains)
                && (header.contains(CALL_ID) || header.contains(CALL_ID_V2022));
    }

    /** Reads the data rows that follow a header that {@link #matches(CsvHeader)} accepted. */
    static CallTrace readRows(CsvRecordReader csv, CsvHeader header) throws IOException {
        ColumnIndexes columns = new ColumnIndexes(header);
        CallTraceBuilder builder = new CallTraceBuilder();
        Map<RemoteCallKey, UnpairedRecords> unpairedRecords = new HashMap<>();

        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() != header.size()) {
                throw csv.errorInRecord("expected " + header.size() + " fields as in the header, found " + row.size());
            }
            String traceId = row.get(columns.traceId());
            if (traceId.isEmpty()) {
                throw csv.errorInRecord("empty " + TRACE_ID);
            }
            long timeNanos = parseTimestampNanos(csv, row.get(columns.timestamp()));
            boolean calleeSide = parseResponseTime(csv, row.get(columns.responseTime())) < 0;
            String upstream = row.get(columns.upstream()).strip();
            String downstream = row.get(columns.downstream()).strip();

            if (isPlaceholder(upstream) || isPlaceholder(downstream)) {
                builder.skip(SkipReason.UNKNOWN_SERVICE);
            } else if (upstream.equals(downstream)) {
                builder.skip(SkipReason.SAME_SERVICE);
            } else if (isTwoSided(row.get(columns.callType()))
                    && pairsWithEarlierRecord(unpairedRecords,
                            new RemoteCallKey(traceId, row.get(columns.callId()), upstream, downstream), calleeSide)) {
                builder.skip(SkipReason.DUPLICATE_RECORD);
            } else {
                builder.addCall(timeNanos, upstream, downstream, traceId);
            }
        }
        return builder.build(csv.source());
    }

    private static CallTrace readChecked(CsvRecordReader csv) throws IOException {
        CsvHeader header = CallTraces.readHeader(csv);
        if (!matches(header)) {
            throw csv.errorInRecord(
                    "not an Alibaba call-graph CSV header: found '" + header + "', expected '" + HEADER + "'");
        }
        return readRows(csv, header);
    }

    /**
     * Returns whether this record is the partner of an earlier unpaired record from the other side of the same call,
     * and pairs them. Otherwise records it as unpaired and returns false.
     */
    private static boolean pairsWithEarlierRecord(
            Map<RemoteCallKey, UnpairedRecords> unpairedRecords, RemoteCallKey key, boolean calleeSide) {
        UnpairedRecords unpaired = unpairedRecords.computeIfAbsent(key, k -> new UnpairedRecords());
        if (calleeSide && unpaired.callerSide > 0) {
            unpaired.callerSide--;
            removeIfPaired(unpairedRecords, key, unpaired);
            return true;
        }
        if (!calleeSide && unpaired.calleeSide > 0) {
            unpaired.calleeSide--;
            removeIfPaired(unpairedRecords, key, unpaired);
            return true;
        }
        if (calleeSide) {
            unpaired.calleeSide++;
        } else {
            unpaired.callerSide++;
        }
        return false;
    }

    private static void removeIfPaired(
            Map<RemoteCallKey, UnpairedRecords> unpairedRecords, RemoteCallKey key, UnpairedRecords unpaired) {
        if (unpaired.callerSide == 0 && unpaired.calleeSide == 0) {
            unpairedRecords.remove(key);
        }
    }

    private static long parseTimestampNanos(CsvRecordReader csv, String value) throws InvalidTraceException {
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw csv.errorInRecord(
                    "invalid " + TIMESTAMP + " '" + value + "'; expected a whole number of milliseconds");
        }
        if (millis < 0) {
            throw csv.errorInRecord("invalid " + TIMESTAMP + " " + millis + "; must be 0 or more");
        }
        try {
            return Math.multiplyExact(millis, NANOS_PER_MILLI);
        } catch (ArithmeticException e) {
            throw csv.errorInRecord("invalid " + TIMESTAMP + " " + millis + "; too large to express in nanoseconds");
        }
    }

    /** Returns the response time in milliseconds, or 0 when the field is empty. */
    private static double parseResponseTime(CsvRecordReader csv, String value) throws InvalidTraceException {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(stripped);
        } catch (NumberFormatException e) {
            throw csv.errorInRecord("invalid " + RESPONSE_TIME + " '" + value + "'; expected a number of milliseconds");
        }
    }

    private static boolean isPlaceholder(String serviceName) {
        return PLACEHOLDER_SERVICE_NAMES.contains(serviceName.toLowerCase(Locale.ROOT));
    }

    private static boolean isTwoSided(String callType) {
        return TWO_SIDED_CALL_TYPES.contains(callType.strip().toLowerCase(Locale.ROOT));
    }

    /** Positions of the columns the reader uses, looked up once from the header. */
    private record ColumnIndexes(
            int traceId, int timestamp, int callId, int upstream, int callType, int downstream, int responseTime) {

        ColumnIndexes(CsvHeader header) {
            this(header.indexOf(TRACE_ID), header.indexOf(TIMESTAMP),
                    header.contains(CALL_ID) ? header.indexOf(CALL_ID) : header.indexOf(CALL_ID_V2022),
                    header.indexOf(UPSTREAM), header.indexOf(CALL_TYPE), header.indexOf(DOWNSTREAM),
                    header.indexOf(RESPONSE_TIME));
        }
    }
}

package dev.eaas.loadgen.trace;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a trace file in any {@link TraceFormat}, choosing the reader from the header line.
 *
 * <p>Files are read as UTF-8. Rows that make no call are skipped and counted in {@link CallTrace#skippedRows()}.
 * Malformed input is an {@link InvalidTraceException} whose message names the file and line, so that no row is lost
 * without a count or an error.
 */
public final class CallTraces {

    private CallTraces() {
    }

    /**
     * Reads a span CSV or Alibaba call-graph CSV file.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws InvalidTraceException if the path is not a regular file, the file is empty or not UTF-8 text, its header
     *                               matches neither format, or a row is malformed
     */
    public static CallTrace read(Path file) throws IOException {
        try (CsvRecordReader csv = open(file)) {
            return readDetected(csv);
        }
    }

    /**
     * Reads span CSV or Alibaba call-graph CSV text from a reader, which this method closes.
     *
     * @param source the file path or other description of the input, for messages and {@link CallTrace#source()}
     */
    public static CallTrace read(Reader reader, String source) throws IOException {
        try (CsvRecordReader csv = new CsvRecordReader(reader, source)) {
            return readDetected(csv);
        }
    }

    /** Opens a trace file for reading, with errors that name the path. */
    static CsvRecordReader open(Path file) throws IOException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(source, null, "trace file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidTraceException(source, 0, "not a regular file; pass the path of a trace CSV file");
        }
        return new CsvRecordReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), source);
    }

    /**
     * Reads the header line.
     *
     * @throws InvalidTraceException if the input has no lines
     */
    static CsvHeader readHeader(CsvRecordReader csv) throws IOException {
        List<String> record = csv.next();
        if (record == null) {
            throw new InvalidTraceException(csv.source(), 0, "file is empty; " + TraceFormat.acceptedHeaders());
        }
        return new CsvHeader(record);
    }

    private static CallTrace readDetected(CsvRecordReader csv) throws IOException {
        CsvHeader header = readHeader(csv);
        TraceFormat format = TraceFormat.detect(header).orElseThrow(() -> csv.errorInRecord(
                "unknown trace header '" + header + "'; " + TraceFormat.acceptedHeaders()));
        return switch (format) {
            case SPAN_CSV -> SpanCsvTraceReader.readRows(csv, header);
            case ALIBABA_CALL_GRAPH -> AlibabaCallGraphReader.readRows(csv, header);
        };
    }
}

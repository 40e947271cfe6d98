package dev.eaas.loadgen.trace;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated records as RFC 4180 defines them: a field may be enclosed in double quotes, and then it may
 * contain commas, line breaks, and double quotes written twice ({@code ""}).
 *
 * <p>Beyond RFC 4180 the reader accepts LF as well as CRLF line ends, a last line without a line end, and a double
 * quote inside an unquoted field, which it keeps as it is. It skips blank lines. Text after the closing quote of a
 * field, such as {@code "a"b}, and a quoted field that the input ends inside are errors, because they mean the file
 * is cut off or the quoting is broken.
 */
final class CsvRecordReader implements Closeable {

    private static final char QUOTE = '"';
    private static final char SEPARATOR = ',';

    private final BufferedReader in;
    private final String source;
    private long linesRead;
    private long recordLineNumber;

    /**
     * @param reader the input, which this reader closes
     * @param source the file path or other description of the input, for error messages
     */
    CsvRecordReader(Reader reader, String source) {
        this.in = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        this.source = source;
    }

    /**
     * Reads the next record.
     *
     * @return the fields of the record, or null at the end of the input
     * @throws InvalidTraceException if the quoting is broken or the input is not valid UTF-8
     */
    List<String> next() throws IOException {
        String line = readLine();
        while (line != null && line.isBlank()) {
            line = readLine();
        }
        if (line == null) {
            return null;
        }
        recordLineNumber = linesRead;
        return parseRecord(line);
    }

    /** Returns the 1-based line on which the record last returned by {@link #next()} starts. */
    long recordLineNumber() {
        return recordLineNumber;
    }

    /** Returns the file path or other description of the input. */
    String source() {
        return source;
    }

    /** Returns an exception for a problem in the record last returned by {@link #next()}. */
    InvalidTraceException errorInRecord(String problem) {
        return new InvalidTraceException(source, recordLineNumber, problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String readLine() throws IOException {
        String line;
        try {
            line = in.readLine();
        } catch (CharacterCodingException e) {
            // The reader decodes ahead of the line it returns, so the bad bytes may sit a few lines further on.
            throw new InvalidTraceException(source, 0,
                    "not valid UTF-8 text at or after line " + (linesRead + 1) + "; trace files must be UTF-8");
        }
        linesRead++;
        return line;
    }

    private List<String> parseRecord(String firstLine) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String line = firstLine;
        int position = 0;
        boolean quoted = false;
        boolean afterClosingQuote = false;

        while (true) {
            if (position == line.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return fields;
                }
                // A quoted field goes on past the line end, so the line break belongs to its value.
                line = readLine();
                if (line == null) {
                    throw new InvalidTraceException(source, recordLineNumber,
                            "quoted field is not closed before the end of the input");
                }
                field.append('\n');
                position = 0;
                continue;
            }

            char c = line.charAt(position++);
            if (quoted) {
                if (c != QUOTE) {
                    field.append(c);
                } else if (position < line.length() && line.charAt(position) == QUOTE) {
                    field.append(QUOTE);
                    position++;
                } else {
                    quoted = false;
                    afterClosingQuote = true;
                }
            } else if (c == SEPARATOR) {
                fields.add(field.toString());
                field.setLength(0);
                afterClosingQuote = false;
            } else if (afterClosingQuote) {
                throw new InvalidTraceException(source, linesRead,
                        "unexpected character '" + c + "' after the closing quote of field " + (fields.size() + 1)
                                + "; a quoted field must end at a comma or the line end");
            } else if (c == QUOTE && field.length() == 0) {
                quoted = true;
            } else {
                field.append(c);
            }
        }
    }
}

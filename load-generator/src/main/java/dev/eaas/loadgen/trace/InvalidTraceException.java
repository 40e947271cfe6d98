package dev.eaas.loadgen.trace;

import java.io.IOException;

/**
 * A trace file that cannot be read as a call trace: an unknown header, a row with the wrong number of fields, a value
 * that is not a number, or broken CSV quoting. The message starts with {@code file:line:} where a line is known.
 */
public class InvalidTraceException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long lineNumber;

    /**
     * Creates an exception for a problem on one line.
     *
     * @param source     the file path or other description of the input
     * @param lineNumber the 1-based line where the problem is, or 0 when it concerns the whole input
     * @param problem    what is wrong, as a sentence without the source and line
     */
    public InvalidTraceException(String source, long lineNumber, String problem) {
        super(lineNumber > 0 ? source + ":" + lineNumber + ": " + problem : source + ": " + problem);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /** Returns the file path or other description of the input. */
    public String source() {
        return source;
    }

    /** Returns the 1-based line of the problem, or 0 when it concerns the whole input. */
    public long lineNumber() {
        return lineNumber;
    }
}

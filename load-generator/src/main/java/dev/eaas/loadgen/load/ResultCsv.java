package dev.eaas.loadgen.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV file of {@code eaas load --csv}: a header line, then one row per run, appended, so that runs of several
 * modes, suites or rates collect in one file. Fields that contain a comma, a quote or a line break are quoted as
 * RFC 4180 describes. Numbers use a dot as the decimal separator whatever the locale.
 *
 * <p>The {@code deception_factor} field is empty in rows of modes without a deception factor. {@link #read} also
 * accepts the 0 that earlier versions wrote there.
 */
public final class ResultCsv {

    /** The columns, in order. Latencies are in milliseconds, rates in round trips per second. */
    public static final List<String> COLUMNS = List.of("mode", "scenario", "cipher_suite", "deception_factor",
            "payload_bytes", "offered_rate_per_s", "achieved_rate_per_s", "completed", "errors", "dropped",
            "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms");

    private static final String HEADER = String.join(",", COLUMNS);

    private ResultCsv() {
    }

    /**
     * Appends one row for {@code result}, writing the header first when the file is missing or empty.
     *
     * @throws IllegalArgumentException if the file exists with another header line, so rows of another format
     *     are never mixed into it
     */
    public static void append(Path file, LoadResult result) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            String header = firstLine(file);
            if (!header.equals(HEADER)) {
                throw new IllegalArgumentException("Cannot append to " + file.toAbsolutePath() + ": its header is '"
                        + header + "', not '" + HEADER + "'. Name another --csv file.");
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                writer.write(HEADER + "\n");
            } else if (!endsWithNewline(file)) {
                // A file edited by hand may lack its final line break; the row must still start a line of its own.
                writer.write("\n");
            }
            writer.write(row(result) + "\n");
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }

    /**
     * Checks that {@link #append} can write to {@code file} without creating folders, so that a command rejects
     * the path before its run starts rather than after it.
     *
     * @throws IllegalArgumentException naming the problem: the path is a folder, its folder is missing, is a file
     *     or is not writable, or the file is not writable or has another header
     */
    public static void checkAppendable(Path file) {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("it is a folder; name a file");
        }
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            for (Path ancestor = parent; ancestor != null; ancestor = ancestor.getParent()) {
                if (Files.exists(ancestor) && !Files.isDirectory(ancestor)) {
                    throw new IllegalArgumentException(ancestor + " is a file, not a folder");
                }
            }
            throw new IllegalArgumentException("its folder " + parent + " does not exist; create it first");
        }
        if (!Files.exists(target)) {
            if (parent != null && !Files.isWritable(parent)) {
                throw new IllegalArgumentException("its folder " + parent + " is not writable");
            }
            return;
        }
        if (!Files.isRegularFile(target)) {
            throw new IllegalArgumentException("it is not a regular file");
        }
        if (!Files.isWritable(target)) {
            throw new IllegalArgumentException("the file is not writable");
        }
        if (!Files.isReadable(target)) {
            throw new IllegalArgumentException("the file is not readable, so its header cannot be checked");
        }
        try {
            if (Files.size(target) == 0) {
                return;
            }
            String header = firstLine(target);
            if (!header.equals(HEADER)) {
                throw new IllegalArgumentException("its header is '" + header + "', not '" + HEADER
                        + "'; name another file");
            }
        } catch (IOException | UncheckedIOException failure) {
            throw new IllegalArgumentException("failed to read its header: " + failure.getMessage(), failure);
        }
    }

    /**
     * Reads every row of a file that {@link #append} wrote.
     *
     * @throws IllegalArgumentException naming the file and line if the header differs or a row is malformed
     */
    public static List<LoadResult> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException("Invalid result file " + file.toAbsolutePath() + ": expected the header '"
                    + HEADER + "' on line 1");
        }
        List<LoadResult> results = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                results.add(parseRow(split(lines.get(i))));
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException("Invalid row at " + file.toAbsolutePath() + " line " + (i + 1)
                        + ": " + invalid.getMessage(), invalid);
            }
        }
        return results;
    }

    static String row(LoadResult result) {
        List<String> fields = List.of(result.mode(), result.scenario(), result.cipherSuite(),
                result.hasDeceptionFactor() ? Integer.toString(result.deceptionFactorBits()) : "", result.payloadBytes(),
                number(result.offeredRatePerSecond()), number(result.achievedRatePerSecond()),
                Long.toString(result.completed()), Long.toString(result.errors()), Long.toString(result.dropped()),
                number(result.p50Ms()), number(result.p90Ms()), number(result.p99Ms()), number(result.p999Ms()),
                number(result.maxMs()));
        return String.join(",", fields.stream().map(ResultCsv::quote).toList());
    }

    private static LoadResult parseRow(List<String> fields) {
        if (fields.size() != COLUMNS.size()) {
            throw new IllegalArgumentException(fields.size() + " fields; expected " + COLUMNS.size());
        }
        String mode = fields.get(0);
        String deceptionFactor = fields.get(3);
        try {
            return new LoadResult(mode, fields.get(1), fields.get(2), parseDeceptionFactor(mode, deceptionFactor),
                    fields.get(4), Double.parseDouble(fields.get(5)), Double.parseDouble(fields.get(6)),
                    Long.parseLong(fields.get(7)), Long.parseLong(fields.get(8)), Long.parseLong(fields.get(9)),
                    Double.parseDouble(fields.get(10)), Double.parseDouble(fields.get(11)),
                    Double.parseDouble(fields.get(12)), Double.parseDouble(fields.get(13)),
                    Double.parseDouble(fields.get(14)));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("a number field is not a number (" + notANumber.getMessage() + ")");
        }
    }

    /** Returns d of a row: an empty field means 0 in a mode without a deception factor and is invalid otherwise. */
    private static int parseDeceptionFactor(String mode, String field) {
        if (!field.isEmpty()) {
            return Integer.parseInt(field);
        }
        if (mode.equals(LoadMode.EAAS.cliName())) {
            throw new IllegalArgumentException("deception_factor is empty, but mode " + mode + " has one");
        }
        return 0;
    }

    /** Returns the first line of {@code file} without surrounding white space, or "" if the file is empty. */
    private static String firstLine(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("").strip();
        }
    }

    /** Splits one line into fields, undoing the quoting of {@link #quote}. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}

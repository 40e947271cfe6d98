package dev.eaas.loadgen.trace;

import java.util.List;

/** The column names of a CSV file, looked up by name so that column order and extra columns do not matter. */
final class CsvHeader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final List<String> names;

    /** Takes the first record of a file. Strips a byte order mark and whitespace around each name. */
    CsvHeader(List<String> record) {
        this.names = record.stream().map(CsvHeader::cleanName).toList();
    }

    /** Returns the number of columns, which every data row must match. */
    int size() {
        return names.size();
    }

    /** Returns whether a column has exactly this name. */
    boolean contains(String name) {
        return names.contains(name);
    }

    /** Returns the index of the first column with this name, or -1 if there is none. */
    int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Returns the header as it would appear in the file. */
    @Override
    public String toString() {
        return String.join(",", names);
    }

    private static String cleanName(String name) {
        String withoutMark = !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK ? name.substring(1) : name;
        return withoutMark.strip();
    }
}

package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void quotedFieldKeepsCommas() throws IOException {
        List<List<String>> records = readAll("a,\"HTTP GET /x?ids=1,2\",c\n");

        assertThat(records).containsExactly(List.of("a", "HTTP GET /x?ids=1,2", "c"));
    }

    @Test
    void doubledQuoteBecomesOneQuote() throws IOException {
        List<List<String>> records = readAll("\"say \"\"hi\"\"\",\"\",\"\"\"\"\n");

        assertThat(records).containsExactly(List.of("say \"hi\"", "", "\""));
    }

    @Test
    void quotedLineBreakStaysInField() throws IOException {
        CsvRecordReader csv = reader("a,\"two\nlines\",c\nd,e,f\n");

        assertThat(csv.next()).containsExactly("a", "two\nlines", "c");
        assertThat(csv.recordLineNumber()).isEqualTo(1);
        assertThat(csv.next()).containsExactly("d", "e", "f");
        assertThat(csv.recordLineNumber()).isEqualTo(3);
        assertThat(csv.next()).isNull();
    }

    @Test
    void lastLineWithoutLineEndIsRead() throws IOException {
        assertThat(readAll("a,b\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void crlfLineEndsAreAccepted() throws IOException {
        assertThat(readAll("a,b\r\nc,d\r\n")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void emptyFieldsAreKept() throws IOException {
        assertThat(readAll("a,,b,\n")).containsExactly(List.of("a", "", "b", ""));
    }

    @Test
    void unquotedQuoteIsKeptAsText() throws IOException {
        assertThat(readAll("5\" disk,b\n")).containsExactly(List.of("5\" disk", "b"));
    }

    @Test
    void blankLinesAreSkippedWithLineNumbers() throws IOException {
        CsvRecordReader csv = reader("a\n\n  \nb\n");

        assertThat(csv.next()).containsExactly("a");
        assertThat(csv.next()).containsExactly("b");
        assertThat(csv.recordLineNumber()).isEqualTo(4);
    }

    @Test
    void unclosedQuoteIsErrorWithLine() throws IOException {
        CsvRecordReader csv = reader("a,b\nc,\"open\nstill open\n");
        csv.next();

        assertThatThrownBy(csv::next)
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("test.csv:2: quoted field is not closed before the end of the input");
    }

    @Test
    void textAfterClosingQuoteIsError() throws IOException {
        CsvRecordReader csv = reader("a,\"b\"c,d\n");

        assertThatThrownBy(csv::next)
                .isInstanceOf(InvalidTraceException.class)
                .hasMessageStartingWith("test.csv:1: unexpected character 'c' after the closing quote of field 2");
    }

    private static CsvRecordReader reader(String text) {
        return new CsvRecordReader(new StringReader(text), "test.csv");
    }

    private static List<List<String>> readAll(String text) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (CsvRecordReader csv = reader(text)) {
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                records.add(record);
            }
        }
        return records;
    }
}

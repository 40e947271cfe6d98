package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operator commands' checks of their own options, which run before any connection is made. */
class KeysCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void setMinVersionPrintsItsHelp() {
        int exitCode = run("set-min-version", "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("--min-version=N", "--subscriber=ID");
    }

    @Test
    void pairWithThreeIdsIsRejected() {
        int exitCode = run("rotate", "--subscriber", "7", "--pair", "1,2,3");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --pair '1,2,3'", "for example --pair 1,2");
    }

    @Test
    void pairWithTrailingCommaIsRejected() {
        int exitCode = run("rotate", "--subscriber", "7", "--pair", "1,2,");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --pair '1,2,'");
    }

    @Test
    void minimumVersionZeroIsRejected() {
        int exitCode = run("set-min-version", "--subscriber", "7", "--min-version", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --min-version 0");
    }

    @Test
    void negativeSubscriberIsRejected() {
        int exitCode = run("list", "--subscriber", "-5");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --subscriber -5");
    }

    @Test
    void zeroTimeoutIsRejected() {
        int exitCode = run("list", "--subscriber", "7", "--timeout-ms", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --timeout-ms 0");
    }

    private int run(String... args) {
        return new CommandLine(new KeysCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }
}

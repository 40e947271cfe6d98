package dev.eaas.loadgen.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started from this program's own class path that runs one {@code eaas} subcommand, with its standard output
 * and standard error written to a log file.
 */
final class ChildProcess {

    private static final long POLL_MS = 100;

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java -Xmx<heapMegabytes>m -cp <this class path> dev.eaas.loadgen.Main <arguments>}.
     *
     * @param name how progress lines and errors name the process, such as {@code key-manager #2}
     */
    static ChildProcess start(String name, List<String> arguments, int heapMegabytes, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMegabytes + "m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.eaas.loadgen.Main");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        try {
            return new ChildProcess(name, builder.start(), logFile);
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to start process " + name + " with " + command, failure);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the log contains a line that matches {@code pattern}, and returns the match.
     *
     * @throws TimeoutException if no line matched in time
     * @throws IllegalStateException if the process exited first
     */
    Matcher awaitLogLine(Pattern pattern, long timeoutMs) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            Matcher matcher = pattern.matcher(readLog());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Process " + name + " exited with code " + process.exitValue()
                        + " before it logged a line matching '" + pattern + "'; see " + logFile);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("Process " + name + " logged no line matching '" + pattern + "' within "
                        + timeoutMs + " ms; see " + logFile);
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux), so no shutdown hook or
     * {@code close()} runs in it, and returns its exit code: 137 (128 + 9) when SIGKILL ended it.
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Process " + name + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * Stops the process with SIGTERM, so its shutdown hooks run, and with SIGKILL if it still runs after
     * {@code graceMs}. It handles an interruption itself, so that it can run in {@code finally} blocks and shutdown hooks.
     */
    void stop(long graceMs) {
        try {
            process.destroy();
            if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String readLog() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
    }
}

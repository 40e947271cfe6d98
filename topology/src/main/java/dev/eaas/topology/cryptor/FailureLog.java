package dev.eaas.topology.cryptor;

import org.slf4j.Logger;

/**
 * Logs failures that are the service's fault, such as a missing KEK, at most one line per interval, so a fault that
 * hits every request does not log a line per request. Thread-safe.
 */
final class FailureLog {

    /** Shortest time between two lines. */
    static final long INTERVAL_MS = 10_000;

    private final Logger log;
    private long lastLineMs = Long.MIN_VALUE / 2;
    private long unlogged;

    FailureLog(Logger log) {
        this.log = log;
    }

    /** Logs the message with its prefix, such as {@code [cryptor 0_1]}, unless a line was logged within the interval. */
    synchronized void log(String prefix, String message) {
        long nowMs = System.currentTimeMillis();
        if (nowMs - lastLineMs < INTERVAL_MS) {
            unlogged++;
            return;
        }
        log.error("{} {}{}", prefix, message,
                unlogged == 0 ? "" : " (" + unlogged + " more failures since the previous line)");
        lastLineMs = nowMs;
        unlogged = 0;
    }
}

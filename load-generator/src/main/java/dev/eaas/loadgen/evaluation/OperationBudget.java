package dev.eaas.loadgen.evaluation;

import java.util.function.LongSupplier;

/**
 * A pod's resource limit for cryptography, modelled as a token bucket of operations per second that fills up
 * to one second's worth. An optional operation (an encryption, which may be skipped by sending raw) runs only
 * with a whole token left; a mandatory one (a decryption, which cannot be skipped) always runs and may leave
 * the bucket in debt, which later encryptions then pay.
 */
public final class OperationBudget {

    private final double operationsPerSecond;
    private final LongSupplier clockNanos;
    private double tokens;
    private long lastNanos;

    public OperationBudget(double operationsPerSecond, LongSupplier clockNanos) {
        if (!(operationsPerSecond > 0)) {
            throw new IllegalArgumentException("Invalid budget " + operationsPerSecond
                    + " operations/s; expected a positive number");
        }
        this.operationsPerSecond = operationsPerSecond;
        this.clockNanos = clockNanos;
        this.tokens = operationsPerSecond;
        this.lastNanos = clockNanos.getAsLong();
    }

    /** Takes a token for an operation that may be skipped, and returns false without one. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Takes a token for an operation that must run, going into debt if none is left. */
    public synchronized void take() {
        refill();
        tokens -= 1;
    }

    private void refill() {
        long now = clockNanos.getAsLong();
        tokens = Math.min(operationsPerSecond, tokens + (now - lastNanos) / 1e9 * operationsPerSecond);
        lastNanos = now;
    }
}

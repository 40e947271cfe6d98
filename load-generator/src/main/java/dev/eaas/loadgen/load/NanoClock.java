package dev.eaas.loadgen.load;

import java.util.concurrent.locks.LockSupport;

/** The time source of the open-loop schedule, replaceable so that tests can drive time by hand. */
public interface NanoClock {

    /** The JVM's monotonic clock, {@link System#nanoTime()}, waiting with {@link LockSupport#parkNanos(long)}. */
    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) throws InterruptedException {
            long waitNanos;
            while ((waitNanos = deadlineNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(waitNanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for the next send time");
                }
            }
        }
    };

    /** Returns the current time in nanoseconds from an arbitrary origin, as {@link System#nanoTime()} does. */
    long nanoTime();

    /** Waits until {@link #nanoTime()} reaches {@code deadlineNanos}; returns at once if it has already. */
    void sleepUntil(long deadlineNanos) throws InterruptedException;
}

package dev.eaas.topics.decoy;

import java.util.Random;

/**
 * Uniform random numbers below 256 drawn from a {@link Random} in bulk. Each call to a
 * {@link java.security.SecureRandom} has a fixed cost far above that of the bytes it returns, so drawing a buffer at
 * a time makes a decoy of binary data cost one call per buffer instead of one per byte. Rejection keeps every number
 * exactly uniform. Not thread-safe; one per decoy.
 */
final class RandomBytes {

    private final Random random;
    private final byte[] buffer;
    private int next;

    /** @param bufferSizeBytes bytes drawn from {@code random} at a time, at least 1 */
    RandomBytes(Random random, int bufferSizeBytes) {
        this.random = random;
        this.buffer = new byte[bufferSizeBytes];
        this.next = bufferSizeBytes;
    }

    /** Returns a uniform random number from 0 to {@code bound - 1}, for a bound from 1 to 256. */
    int nextBelow(int bound) {
        if (bound < 1 || bound > 256) {
            throw new IllegalArgumentException("bound must be 1 to 256, got " + bound);
        }
        // The largest multiple of the bound that fits in a byte: values from there on would favour small results.
        int limit = 256 - 256 % bound;
        while (true) {
            int value = nextByte();
            if (value < limit) {
                return value % bound;
            }
        }
    }

    private int nextByte() {
        if (next == buffer.length) {
            random.nextBytes(buffer);
            next = 0;
        }
        return buffer[next++] & 0xFF;
    }
}

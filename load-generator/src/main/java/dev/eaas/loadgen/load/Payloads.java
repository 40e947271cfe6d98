package dev.eaas.loadgen.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes the payload of each round trip: random bytes of a size drawn from {@link PayloadSizes}, starting with
 * the round trip's index, so that a reply delivered to the wrong round trip fails the comparison. Payloads
 * shorter than 8 bytes carry only the index's low bytes.
 *
 * <p>Not thread-safe: the schedule's single sending thread calls it.
 */
final class Payloads {

    private final PayloadSizes sizes;
    private final SplittableRandom random;
    private final byte[] filler;

    Payloads(PayloadSizes sizes, long seed) {
        this.sizes = sizes;
        this.random = new SplittableRandom(seed);
        this.filler = new byte[sizes.maxBytes()];
        random.nextBytes(filler);
    }

    byte[] next(long index) {
        byte[] payload = Arrays.copyOf(filler, sizes.next(random));
        byte[] indexBytes = ByteBuffer.allocate(Long.BYTES).putLong(index).array();
        int indexLength = Math.min(Long.BYTES, payload.length);
        System.arraycopy(indexBytes, Long.BYTES - indexLength, payload, 0, indexLength);
        return payload;
    }
}

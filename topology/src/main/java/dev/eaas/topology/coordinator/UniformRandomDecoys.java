package dev.eaas.topology.coordinator;

import java.util.Random;

/**
 * Decoys of uniform random bytes.
 *
 * <p>NOTE: uniform random bytes next to a real text or JSON plaintext can be distinguished by a cheap test
 * (byte classes, structure), so against such an observer they hide the real reply only as well as the
 * plaintext looks random. A decoy generator that matches the shape of the plaintext lifts this.
 */
final class UniformRandomDecoys implements DecoyGenerator {

    @Override
    public byte[] decoyFor(byte[] real, Random random) {
        byte[] decoy = new byte[real.length];
        random.nextBytes(decoy);
        return decoy;
    }
}

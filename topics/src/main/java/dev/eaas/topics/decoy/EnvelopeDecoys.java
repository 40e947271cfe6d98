package dev.eaas.topics.decoy;

import dev.eaas.topics.EnvelopeFormat;
import java.util.Random;

/**
 * Decoys for ciphertext envelopes: the real envelope's cleartext header, then uniform random bytes. The header
 * (format version, suite id, key version) is the same for every ciphertext of a pair's key version and reveals
 * no plaintext, and the rest of a real envelope is indistinguishable from random bytes.
 */
enum EnvelopeDecoys implements DecoyGenerator {
    INSTANCE;

    @Override
    public byte[] decoyFor(byte[] real, Random random) {
        byte[] decoy = new byte[real.length];
        random.nextBytes(decoy);
        System.arraycopy(real, 0, decoy, 0, Math.min(real.length, EnvelopeFormat.HEADER_SIZE_BYTES));
        return decoy;
    }

    @Override
    public String toString() {
        return "envelope header and uniform random bytes";
    }
}

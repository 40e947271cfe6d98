package dev.eaas.topology.coordinator;

import java.util.Random;

/** Makes the decoy data that hides a real decryption reply among 2^d frames. */
@FunctionalInterface
public interface DecoyGenerator {

    /** Returns a decoy exactly as long as {@code real}; {@code real} itself must not leak into it. */
    byte[] decoyFor(byte[] real, Random random);
}

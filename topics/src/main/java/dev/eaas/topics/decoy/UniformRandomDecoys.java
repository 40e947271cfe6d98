package dev.eaas.topics.decoy;

import java.util.Random;

/** Decoys of uniform random bytes, as long as the real data. */
enum UniformRandomDecoys implements DecoyGenerator {
    INSTANCE;

    @Override
    public byte[] decoyFor(byte[] real, Random random) {
        byte[] decoy = new byte[real.length];
        random.nextBytes(decoy);
        return decoy;
    }

    @Override
    public String toString() {
        return UNIFORM_RANDOM;
    }
}

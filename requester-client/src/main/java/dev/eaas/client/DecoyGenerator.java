package dev.eaas.client;

import java.util.Random;

/**
 * Makes the decoy data that hides a real encryption request among 2^d frames.
 *
 * <p>An observer of the request topic can read every frame of an encryption request. A decoy hides the real
 * frame only if no test cheaper than knowing the token distinguishes them, so a decoy must be exactly as long
 * as the real data and should have the same shape. The default, {@link #uniformRandom()}, matches the length
 * only; a generator that also matches a format such as JSON can be set with
 * {@link EaasClientConfig.Builder#decoyGenerator(DecoyGenerator)}.
 *
 * <p>Implementations must be thread-safe, because one client calls its generator from every thread that
 * sends requests.
 */
@FunctionalInterface
public interface DecoyGenerator {

    /**
     * Returns a new decoy for {@code real}. The decoy must be exactly as long as {@code real}, must take
     * all its randomness from {@code random} (a {@link java.security.SecureRandom} in the client), and must
     * not copy the content of {@code real}: it may depend on the real data's shape, never on its values.
     * The caller does not modify {@code real}, and neither may the generator.
     */
    byte[] decoyFor(byte[] real, Random random);

    /**
     * Returns the generator that fills each decoy with uniform random bytes.
     *
     * <p>NOTE: next to a real text or JSON plaintext, uniform random bytes can be distinguished by a cheap test
     * such as the byte classes, so they hide the real frame only as well as the plaintext looks random.
     */
    static DecoyGenerator uniformRandom() {
        return UniformRandomDecoys.INSTANCE;
    }
}

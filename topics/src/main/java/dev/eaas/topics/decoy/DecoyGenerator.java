package dev.eaas.topics.decoy;

import java.util.Random;

/**
 * Makes the decoy data that hides real data among 2^d frames: the requester client's encryption requests and
 * the coordinator's decryption replies.
 *
 * <p>An observer of the request or reply topic can read every frame. A decoy hides the real frame only if no
 * test cheaper than knowing the token distinguishes them, so a decoy must be exactly as long as the real data
 * and should have the same shape. The default, {@link #uniformRandom()}, matches the length only.
 *
 * <p>Implementations must be thread-safe, because a client calls its generator from every thread that sends
 * requests.
 */
@FunctionalInterface
public interface DecoyGenerator {

    /**
     * Returns a new decoy for {@code real}. The decoy must be exactly as long as {@code real}, must take
     * all its randomness from {@code random} (a {@link java.security.SecureRandom} in the client and the coordinator), and must
     * not copy the content of {@code real}: it may depend on the real data's shape, never on its values.
     * The caller does not modify {@code real}, and neither may the generator.
     */
    byte[] decoyFor(byte[] real, Random random);

    /**
     * Returns the generator that fills each decoy with uniform random bytes.
     *
     * <p>NOTE: next to a real text or JSON plaintext, uniform random bytes can be distinguished by a cheap test
     * such as the byte classes, so they hide the real frame only as well as the real data looks random.
     */
    static DecoyGenerator uniformRandom() {
        return UniformRandomDecoys.INSTANCE;
    }

    /**
     * Returns the generator for ciphertext envelopes, as a rewrap request carries: each decoy copies the
     * envelope's cleartext header and fills the rest with uniform random bytes. The header is the one part of
     * the real data it copies, since every ciphertext of the same key version has the same header.
     */
    static DecoyGenerator ciphertextEnvelopes() {
        return EnvelopeDecoys.INSTANCE;
    }
}

package dev.eaas.topics.decoy;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes the decoy data that hides real data among 2^d frames: the requester client's encryption requests and
 * the coordinator's decryption replies.
 *
 * <p>An observer of the request or reply topic can read every frame. A decoy hides the real frame only if no
 * test cheaper than knowing the token distinguishes them, so a decoy must be exactly as long as the real data
 * and should have the same shape. The default of the client and the coordinator, {@link #shapeMatched()},
 * matches the shape of JSON, text and binary data. {@link #uniformRandom()} matches the length only.
 *
 * <p>Implementations must be thread-safe, because a client calls its generator from every thread that sends
 * requests.
 */
@FunctionalInterface
public interface DecoyGenerator {

    /** Name of {@link #shapeMatched()} in settings and command-line options. */
    String SHAPE_MATCHED = "shape-matched";

    /** Name of {@link #uniformRandom()} in settings and command-line options. */
    String UNIFORM_RANDOM = "uniform-random";

    /**
     * Returns a new decoy for {@code real}. The decoy must be exactly as long as {@code real}, must take
     * all its randomness from {@code random} (a {@link java.security.SecureRandom} in the client and the coordinator), and must
     * not copy the content of {@code real}: it may depend on the real data's shape, never on its values.
     * The caller does not modify {@code real}, and neither may the generator.
     */
    byte[] decoyFor(byte[] real, Random random);

    /**
     * Returns the generator that gives each decoy the shape of the real data.
     *
     * <ul>
     *   <li>A JSON object or array, nested at most 512 levels deep, keeps its member names, nesting, value types, literals and white space, and
     *       gets other string and number values of the same encoded length; the decoy parses as JSON.</li>
     *   <li>Other UTF-8 text keeps white space and ASCII punctuation. Letters become letters of the same case with
     *       English letter frequencies, digits become digits, and other characters become characters of the same
     *       Unicode block and encoded length, and of the same general category where the block has enough of
     *       them, so the decoy is valid UTF-8.</li>
     *   <li>Binary data keeps each byte's class (zero, printable ASCII or other) and gets a uniform random byte of
     *       that class, so a decoy of ciphertext or other uniform random data is itself uniform random.</li>
     * </ul>
     *
     * <p>NOTE: the rule matches classes of characters, not language. A decoy of English prose is letters with
     * English frequencies, not words, so a dictionary lookup or a test of letter pairs still distinguishes it
     * from real prose. Member names, punctuation, white space and byte classes of the real data are visible in every
     * decoy. Letters are drawn independently, so the exact byte entropy of a payload that repeats words differs
     * from its decoys'. Hiding prose from such tests needs a word-level generator, such as one that draws words
     * of the same lengths from a dictionary and repeats a decoy word where the real data repeats a word.
     */
    static DecoyGenerator shapeMatched() {
        return ShapeMatchedDecoys.INSTANCE;
    }

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

    /** Returns the names that {@link #ofName(String)} accepts. */
    static List<String> names() {
        return List.of(SHAPE_MATCHED, UNIFORM_RANDOM);
    }

    /**
     * Returns the generator of a name from {@link #names()}, ignoring case and surrounding white space.
     *
     * @throws IllegalArgumentException if the name is null or unknown
     */
    static DecoyGenerator ofName(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case SHAPE_MATCHED -> shapeMatched();
            case UNIFORM_RANDOM -> uniformRandom();
            default -> throw new IllegalArgumentException("Unknown decoy generator '" + name + "'; expected one of "
                    + names());
        };
    }
}

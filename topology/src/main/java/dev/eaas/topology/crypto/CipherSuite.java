package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKey;

/**
 * A cipher that pair keys (DEKs) encrypt and decrypt with, one implementation per {@link SuiteId}.
 * Get instances from {@link CipherSuites#create}.
 *
 * <h2>Security guarantees</h2>
 * The authenticated suites (AES-256-GCM, ChaCha20-Poly1305, AES-256-GCM-SIV) bind the associated data to the
 * ciphertext, so a changed ciphertext, or one presented with other associated data, fails to decrypt. The
 * legacy suites (DES-CBC, Blowfish-CBC) authenticate nothing and ignore the associated data: a changed
 * ciphertext decrypts to other plaintext or fails on its padding, and nothing binds it to a pair.
 *
 * <p>The suite never draws nonces itself: the caller passes a fresh random nonce (or IV) for every
 * encryption. Reusing a nonce under one key breaks AES-256-GCM and ChaCha20-Poly1305 completely, and the
 * caller retires a key before the budget that {@link #usageOf} counts against is spent.
 *
 * <p>Every decryption failure, whatever its cause, is a {@link GeneralSecurityException} with the message
 * "decryption failed" and no cause attached, so a caller cannot tell a bad tag from bad padding.
 *
 * <h2>Threads</h2>
 * An instance keeps {@link javax.crypto.Cipher} or Bouncy Castle cipher objects and is not thread-safe, so
 * use one instance per thread. The keys that {@link #key} returns are immutable and may be shared across threads
 * and instances of the same suite.
 */
public interface CipherSuite {

    /** Returns the suite this instance implements, whose id is written into every envelope. */
    SuiteId id();

    /** Returns the size of the nonce (or IV for the CBC suites) that the envelope carries. */
    int nonceSizeBytes();

    /** Returns the size of the authentication tag at the end of the cipher output, which is 0 for the legacy suites. */
    int tagSizeBytes();

    /** Returns whether this suite detects changes to the ciphertext and binds the associated data. */
    boolean authenticated();

    /**
     * Returns the budget units one encryption of {@code plaintextSizeBytes} spends. Suites with 96-bit random
     * nonces count one unit per encryption, the number of nonces drawn. The 64-bit block ciphers count the
     * blocks encrypted, padding included, because their birthday bound (Sweet32) is reached in blocks.
     *
     * @throws IllegalArgumentException if {@code plaintextSizeBytes} is negative
     */
    long usageOf(int plaintextSizeBytes);

    /** Returns the size of the cipher output (ciphertext, padding and tag) for a plaintext of this size. */
    int ciphertextSizeBytes(int plaintextSizeBytes);

    /**
     * Builds this suite's key object from raw DEK bytes. The object contains everything the suite needs
     * per key, so callers build it once per key and cache it.
     *
     * @throws GeneralSecurityException if {@code material} is not {@link SuiteId#keySizeBytes()} long
     */
    SecretKey key(byte[] material) throws GeneralSecurityException;

    /**
     * Encrypts {@code plaintext} and returns the cipher output (ciphertext followed by the tag, if any).
     *
     * @param key a key built by {@link #key} of a suite with the same id
     * @param nonce a fresh random nonce of {@link #nonceSizeBytes()}
     * @param associatedData authenticated but not encrypted, and ignored by the legacy suites
     * @throws GeneralSecurityException if the key was not built for this suite or the nonce has the wrong size
     */
    default byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData)
            throws GeneralSecurityException {
        byte[] output = new byte[ciphertextSizeBytes(plaintext.length)];
        encrypt(key, nonce, plaintext, associatedData, output, 0);
        return output;
    }

    /**
     * Encrypts {@code plaintext} into {@code output} from {@code outputOffset} on, so that the envelope can
     * receive the cipher output without a copy.
     *
     * @return the number of bytes written, always {@link #ciphertextSizeBytes} of the plaintext size
     * @throws GeneralSecurityException if the key was not built for this suite, the nonce has the wrong size,
     *     or {@code output} has less room than {@link #ciphertextSizeBytes} after {@code outputOffset}
     */
    int encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData, byte[] output, int outputOffset)
            throws GeneralSecurityException;

    /**
     * Decrypts {@code input[offset, offset + length)} and, for the authenticated suites, verifies its tag.
     *
     * @throws GeneralSecurityException with the message "decryption failed" if the input was changed, is
     *     malformed or too short, or was made with another key, nonce or associated data. The message names the
     *     problem instead if the key was not built for this suite or the nonce has the wrong size.
     */
    byte[] decrypt(SecretKey key, byte[] nonce, byte[] input, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException;
}

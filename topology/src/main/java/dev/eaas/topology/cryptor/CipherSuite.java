package dev.eaas.topology.cryptor;

import java.security.GeneralSecurityException;

/**
 * An authenticated cipher the cryptor encrypts and decrypts with.
 *
 * <h2>Security guarantees</h2>
 * An implementation draws a fresh random nonce for every encryption and authenticates the associated data
 * with the ciphertext, so a changed ciphertext or a ciphertext presented with other associated data fails to
 * decrypt. Decryption failures carry no detail: the caller learns only that decryption failed.
 *
 * <p>Implementations may keep per-thread state and are not required to be thread-safe.
 */
public interface CipherSuite {

    /** Returns the id written into every envelope this suite produces. Released ids are permanent. */
    byte id();

    /** Returns the key size this suite requires. */
    int keySizeBytes();

    /** Returns the nonce size this suite writes into the envelope. */
    int nonceSizeBytes();

    /** Returns the size of the authentication tag at the end of the cipher output. */
    int tagSizeBytes();

    /** Encrypts {@code plaintext} under {@code key} with {@code nonce}, authenticating {@code associatedData}. */
    byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /**
     * Decrypts and verifies {@code ciphertext[offset, offset + length)}.
     *
     * @throws GeneralSecurityException if the ciphertext or the associated data was changed or the key is wrong
     */
    byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException;
}

package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) through the JDK provider.
 *
 * <p>The JDK's provider (checked on 17.0.15) rejects an initialization with the same key and nonce as the
 * previous one, in decryption mode too. That guards encryption against a reused nonce, but it would also make
 * the second decryption of one envelope fail, or the decryption of an envelope right after this instance
 * sealed it. So before a decryption that repeats the last key and nonce, this suite initializes the cipher once
 * with another nonce. Encryptions get no such help: repeating a nonce there is the caller's error and stays
 * rejected.
 */
final class ChaCha20Poly1305Suite extends JdkAeadSuite {

    private SuiteKey lastKey;
    private final byte[] lastNonce = new byte[NONCE_SIZE_BYTES];

    ChaCha20Poly1305Suite() {
        super(SuiteId.CHACHA20_POLY1305, "ChaCha20-Poly1305", "ChaCha20");
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce) {
        return new IvParameterSpec(nonce);
    }

    @Override
    void init(Cipher cipher, int mode, SuiteKey key, byte[] nonce) throws GeneralSecurityException {
        // The nonce comparison comes first because it is cheap and rarely matches, while comparing two distinct
        // key objects copies the key bytes.
        if (mode == Cipher.DECRYPT_MODE && lastKey != null && Arrays.equals(nonce, lastNonce) && key.equals(lastKey)) {
            byte[] otherNonce = nonce.clone();
            otherNonce[0] ^= 1;
            initAndRemember(cipher, Cipher.DECRYPT_MODE, key, otherNonce);
        }
        initAndRemember(cipher, mode, key, nonce);
    }

    /** Initializes {@code cipher} and, once that succeeded, records the key and nonce the provider now holds. */
    private void initAndRemember(Cipher cipher, int mode, SuiteKey key, byte[] nonce) throws GeneralSecurityException {
        cipher.init(mode, key, parameters(nonce));
        lastKey = key;
        System.arraycopy(nonce, 0, lastNonce, 0, NONCE_SIZE_BYTES);
    }
}

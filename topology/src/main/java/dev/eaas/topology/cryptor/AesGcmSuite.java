package dev.eaas.topology.cryptor;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM through the JDK provider, which uses the processor's AES instructions where it has them.
 * 96-bit nonces and 128-bit tags. One instance keeps one {@link Cipher}, so it must stay on one thread.
 */
final class AesGcmSuite implements CipherSuite {

    static final byte ID = 1;
    private static final int KEY_SIZE_BYTES = 32;
    private static final int NONCE_SIZE_BYTES = 12;
    private static final int TAG_SIZE_BITS = 128;

    private final Cipher cipher;

    AesGcmSuite() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available from the JDK's providers", unavailable);
        }
    }

    @Override
    public byte id() {
        return ID;
    }

    @Override
    public int keySizeBytes() {
        return KEY_SIZE_BYTES;
    }

    @Override
    public int nonceSizeBytes() {
        return NONCE_SIZE_BYTES;
    }

    @Override
    public int tagSizeBytes() {
        return TAG_SIZE_BITS / 8;
    }

    @Override
    public byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_SIZE_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(plaintext);
    }

    @Override
    public byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_SIZE_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(ciphertext, offset, length);
    }
}

package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * An AEAD from the JDK's providers with a 96-bit nonce and a 128-bit tag. One instance keeps one {@link Cipher}
 * and re-initializes it for every operation, so it must stay on one thread.
 */
abstract class JdkAeadSuite extends AeadSuite {

    private final SuiteId id;
    private final String keyAlgorithm;
    private final Cipher cipher;

    JdkAeadSuite(SuiteId id, String transformation, String keyAlgorithm) {
        this.id = id;
        this.keyAlgorithm = keyAlgorithm;
        try {
            this.cipher = Cipher.getInstance(transformation);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(transformation + " is not available from the JDK's providers; suite "
                    + id.suiteName() + " needs it", unavailable);
        }
    }

    /** Returns the parameters that carry {@code nonce} to this suite's {@link Cipher}. */
    abstract AlgorithmParameterSpec parameters(byte[] nonce);

    /** Initializes {@code cipher} for one operation. A suite overrides this to work around its provider. */
    void init(Cipher cipher, int mode, SuiteKey key, byte[] nonce) throws GeneralSecurityException {
        cipher.init(mode, key, parameters(nonce));
    }

    @Override
    public SuiteId id() {
        return id;
    }

    @Override
    public SecretKey key(byte[] material) throws GeneralSecurityException {
        return SuiteKey.forJdk(id, keyAlgorithm, material);
    }

    @Override
    public int encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData, byte[] output,
            int outputOffset) throws GeneralSecurityException {
        SuiteKey suiteKey = SuiteKey.require(key, id);
        SuiteChecks.requireNonce(id, nonce, NONCE_SIZE_BYTES);

        init(cipher, Cipher.ENCRYPT_MODE, suiteKey, nonce);
        cipher.updateAAD(associatedData);
        return cipher.doFinal(plaintext, 0, plaintext.length, output, outputOffset);
    }

    @Override
    public byte[] decrypt(SecretKey key, byte[] nonce, byte[] input, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException {
        SuiteKey suiteKey = SuiteKey.require(key, id);
        SuiteChecks.requireNonce(id, nonce, NONCE_SIZE_BYTES);

        try {
            init(cipher, Cipher.DECRYPT_MODE, suiteKey, nonce);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException | RuntimeException failure) {
            throw SuiteChecks.decryptionFailed();
        }
    }
}

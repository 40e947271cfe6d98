package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;

/**
 * AES-256-GCM-SIV (RFC 8452) through Bouncy Castle's lightweight API, because neither the JDK nor Bouncy
 * Castle's JCA provider (1.87) offers it. Bouncy Castle is used directly and never registered as a provider.
 *
 * <p>The mode makes two passes, so Bouncy Castle buffers the whole plaintext, and it derives fresh AES keys
 * from the DEK and the nonce on every operation, as RFC 8452 requires. One instance keeps one
 * {@link GCMSIVBlockCipher}, so it must stay on one thread.
 */
final class AesGcmSivSuite extends AeadSuite {

    private final GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());

    @Override
    public SuiteId id() {
        return SuiteId.AES_256_GCM_SIV;
    }

    @Override
    public SecretKey key(byte[] material) throws GeneralSecurityException {
        return SuiteKey.forBouncyCastle(id(), "AES", material);
    }

    @Override
    public int encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData, byte[] output,
            int outputOffset) throws GeneralSecurityException {
        init(true, key, nonce, associatedData);
        try {
            int written = cipher.processBytes(plaintext, 0, plaintext.length, output, outputOffset);
            return written + cipher.doFinal(output, outputOffset + written);
        } catch (InvalidCipherTextException | RuntimeException failure) {
            // Bouncy Castle raises these during encryption when the output array is too short.
            throw new GeneralSecurityException("Encryption with suite " + id().suiteName() + " failed", failure);
        }
    }

    @Override
    public byte[] decrypt(SecretKey key, byte[] nonce, byte[] input, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException {
        init(false, key, nonce, associatedData);
        try {
            byte[] output = new byte[cipher.getOutputSize(length)];
            int written = cipher.processBytes(input, offset, length, output, 0);
            cipher.doFinal(output, written);
            return output;
        } catch (InvalidCipherTextException | RuntimeException failure) {
            throw SuiteChecks.decryptionFailed();
        }
    }

    private void init(boolean forEncryption, SecretKey key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        SuiteKey suiteKey = SuiteKey.require(key, id());
        SuiteChecks.requireNonce(id(), nonce, NONCE_SIZE_BYTES);
        try {
            cipher.init(forEncryption, new AEADParameters(suiteKey.parameter(), TAG_SIZE_BYTES * 8, nonce));
        } catch (IllegalArgumentException invalid) {
            throw new InvalidAlgorithmParameterException("Invalid parameters for suite " + id().suiteName(), invalid);
        }
        cipher.processAADBytes(associatedData, 0, associatedData.length);
    }
}

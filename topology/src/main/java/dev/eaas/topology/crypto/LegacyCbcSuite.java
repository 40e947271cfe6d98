package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * A 64-bit block cipher (DES or Blowfish) in CBC mode with PKCS#7 padding and a random IV, through Bouncy
 * Castle's lightweight API. These suites exist only to reproduce the DES and Blowfish measurements of
 * Javadpour et al., "Improving the Security of Service Mesh in Kubernetes".
 *
 * <p>They are unauthenticated. The associated data is ignored, a changed ciphertext decrypts to other
 * plaintext unless the change breaks the padding, and nothing but the key binds a ciphertext to its pair.
 * With 64-bit blocks, a key must be retired long before 2^32 blocks (Sweet32), so {@link #usageOf} counts
 * blocks.
 *
 * <p>Blowfish's key schedule runs 521 block encryptions, so each direction remembers the last key
 * it was initialized with and changes only the IV while the same key object comes back. One instance keeps
 * two Bouncy Castle ciphers and must stay on one thread.
 */
final class LegacyCbcSuite implements CipherSuite {

    private static final int BLOCK_SIZE_BYTES = 8;

    private final SuiteId id;
    private final String keyAlgorithm;
    private final PaddedBufferedBlockCipher encryption;
    private final PaddedBufferedBlockCipher decryption;
    private SuiteKey encryptionKey;
    private SuiteKey decryptionKey;

    LegacyCbcSuite(SuiteId id, String keyAlgorithm, Supplier<BlockCipher> engines) {
        this.id = id;
        this.keyAlgorithm = keyAlgorithm;
        this.encryption = newCipher(engines.get());
        this.decryption = newCipher(engines.get());
    }

    private static PaddedBufferedBlockCipher newCipher(BlockCipher engine) {
        if (engine.getBlockSize() != BLOCK_SIZE_BYTES) {
            throw new IllegalArgumentException("Invalid block size " + engine.getBlockSize() + " bytes of "
                    + engine.getAlgorithmName() + "; the legacy suites use 8-byte blocks");
        }
        return new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine), new PKCS7Padding());
    }

    @Override
    public SuiteId id() {
        return id;
    }

    /** Returns the size of the random IV, one block. */
    @Override
    public int nonceSizeBytes() {
        return BLOCK_SIZE_BYTES;
    }

    @Override
    public int tagSizeBytes() {
        return 0;
    }

    @Override
    public boolean authenticated() {
        return false;
    }

    /** Returns the number of blocks encrypted: PKCS#7 always adds 1 to 8 bytes of padding. */
    @Override
    public long usageOf(int plaintextSizeBytes) {
        SuiteChecks.requireNonNegative(plaintextSizeBytes);
        return plaintextSizeBytes / BLOCK_SIZE_BYTES + 1L;
    }

    @Override
    public int ciphertextSizeBytes(int plaintextSizeBytes) {
        return Math.toIntExact(usageOf(plaintextSizeBytes) * BLOCK_SIZE_BYTES);
    }

    @Override
    public SecretKey key(byte[] material) throws GeneralSecurityException {
        return SuiteKey.forBouncyCastle(id, keyAlgorithm, material);
    }

    /** Encrypts {@code plaintext} with {@code nonce} as the IV. The associated data is ignored. */
    @Override
    public int encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData, byte[] output,
            int outputOffset) throws GeneralSecurityException {
        SuiteKey suiteKey = SuiteKey.require(key, id);
        SuiteChecks.requireNonce(id, nonce, BLOCK_SIZE_BYTES);

        encryption.init(true, parameters(suiteKey, nonce, encryptionKey));
        encryptionKey = suiteKey;
        try {
            int written = encryption.processBytes(plaintext, 0, plaintext.length, output, outputOffset);
            return written + encryption.doFinal(output, outputOffset + written);
        } catch (InvalidCipherTextException | RuntimeException failure) {
            // Bouncy Castle raises these during encryption when the output array is too short.
            throw new GeneralSecurityException("Encryption with suite " + id.suiteName() + " failed", failure);
        }
    }

    /** Decrypts with {@code nonce} as the IV and removes the padding. The associated data is ignored. */
    @Override
    public byte[] decrypt(SecretKey key, byte[] nonce, byte[] input, int offset, int length, byte[] associatedData)
            throws GeneralSecurityException {
        SuiteKey suiteKey = SuiteKey.require(key, id);
        SuiteChecks.requireNonce(id, nonce, BLOCK_SIZE_BYTES);

        decryption.init(false, parameters(suiteKey, nonce, decryptionKey));
        decryptionKey = suiteKey;
        try {
            byte[] output = new byte[length];
            int written = decryption.processBytes(input, offset, length, output, 0);
            written += decryption.doFinal(output, written);
            return Arrays.copyOf(output, written);
        } catch (InvalidCipherTextException | RuntimeException failure) {
            throw SuiteChecks.decryptionFailed();
        }
    }

    /**
     * Returns the parameters for the next operation. A null key in {@link ParametersWithIV} makes Bouncy
     * Castle's CBC mode keep the engine's key schedule and change only the IV.
     */
    private static ParametersWithIV parameters(SuiteKey key, byte[] iv, SuiteKey lastKey) {
        return new ParametersWithIV(key == lastKey ? null : key.parameter(), iv);
    }
}

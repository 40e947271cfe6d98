package dev.eaas.topology.crypto;

/**
 * Base of the authenticated suites, which share a 96-bit random nonce, a 128-bit tag and a usage of one nonce per
 * encryption.
 */
abstract class AeadSuite implements CipherSuite {

    static final int NONCE_SIZE_BYTES = 12;
    static final int TAG_SIZE_BYTES = 16;

    @Override
    public int nonceSizeBytes() {
        return NONCE_SIZE_BYTES;
    }

    @Override
    public int tagSizeBytes() {
        return TAG_SIZE_BYTES;
    }

    @Override
    public boolean authenticated() {
        return true;
    }

    @Override
    public long usageOf(int plaintextSizeBytes) {
        SuiteChecks.requireNonNegative(plaintextSizeBytes);
        return 1;
    }

    @Override
    public int ciphertextSizeBytes(int plaintextSizeBytes) {
        SuiteChecks.requireNonNegative(plaintextSizeBytes);
        return Math.addExact(plaintextSizeBytes, TAG_SIZE_BYTES);
    }
}

package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;

/** Argument checks and the one decryption error that the suites share. */
final class SuiteChecks {

    private SuiteChecks() {
    }

    static void requireNonNegative(int plaintextSizeBytes) {
        if (plaintextSizeBytes < 0) {
            throw new IllegalArgumentException(
                    "Invalid plaintext size " + plaintextSizeBytes + " bytes; must be 0 or more");
        }
    }

    static void requireNonce(SuiteId suite, byte[] nonce, int nonceSizeBytes)
            throws InvalidAlgorithmParameterException {
        if (nonce == null || nonce.length != nonceSizeBytes) {
            String size = nonce == null ? "null" : nonce.length + " bytes";
            throw new InvalidAlgorithmParameterException("Invalid nonce size " + size + "; suite " + suite.suiteName()
                    + " requires " + nonceSizeBytes + " bytes");
        }
    }

    /**
     * Returns the exception for every failed decryption. It carries no cause, so that neither a log line nor a
     * reply can tell a wrong tag from wrong padding or a malformed input.
     */
    static GeneralSecurityException decryptionFailed() {
        return new GeneralSecurityException("decryption failed");
    }
}

package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A DEK as a suite uses it: the raw bytes for the JDK provider, the suite it was built for, and for the Bouncy
 * Castle suites the {@link KeyParameter} they pass to their engines. Immutable, so it may be shared across
 * threads.
 *
 * <p>It is not meant to be serialized: {@link KeyParameter} is not serializable, so writing a key object of a
 * Bouncy Castle suite fails, which is the intended outcome for key material.
 */
final class SuiteKey extends SecretKeySpec {

    private static final long serialVersionUID = 1L;

    private final SuiteId suite;
    private final KeyParameter parameter;

    private SuiteKey(byte[] material, String algorithm, SuiteId suite, KeyParameter parameter) {
        super(material, algorithm);
        this.suite = suite;
        this.parameter = parameter;
    }

    /** Builds a key for a JDK suite, rejecting material that is not the suite's key size. */
    static SuiteKey forJdk(SuiteId suite, String algorithm, byte[] material) throws GeneralSecurityException {
        requireSize(suite, material);
        return new SuiteKey(material, algorithm, suite, null);
    }

    /** Builds a key for a Bouncy Castle suite, rejecting material that is not the suite's key size. */
    static SuiteKey forBouncyCastle(SuiteId suite, String algorithm, byte[] material) throws GeneralSecurityException {
        requireSize(suite, material);
        return new SuiteKey(material, algorithm, suite, new KeyParameter(material));
    }

    /**
     * Returns {@code key} as a key of {@code suite}. A key of another suite is rejected even when it has the
     * right size, because a DEK belongs to exactly one suite.
     */
    static SuiteKey require(SecretKey key, SuiteId suite) throws InvalidKeyException {
        if (key instanceof SuiteKey suiteKey && suiteKey.suite == suite) {
            return suiteKey;
        }
        String actual = key instanceof SuiteKey suiteKey ? "a key of suite " + suiteKey.suite.suiteName()
                : "a " + (key == null ? "null" : key.getClass().getName());
        throw new InvalidKeyException("Invalid key for suite " + suite.suiteName() + ": got " + actual
                + "; build keys with that suite's CipherSuite.key");
    }

    /** Returns the Bouncy Castle key parameter, or null for keys of the JDK suites. */
    KeyParameter parameter() {
        return parameter;
    }

    private static void requireSize(SuiteId suite, byte[] material) throws GeneralSecurityException {
        if (material == null || material.length != suite.keySizeBytes()) {
            String size = material == null ? "null" : material.length + " bytes";
            throw new InvalidKeyException("Invalid key size " + size + "; suite " + suite.suiteName()
                    + " requires " + suite.keySizeBytes() + " bytes");
        }
    }
}

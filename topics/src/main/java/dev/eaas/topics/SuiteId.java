package dev.eaas.topics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The cipher suites a deployment can encrypt with. The id is written into every ciphertext envelope and the
 * name is what subscribers and operators choose by, so both are permanent once released.
 *
 * <p>The legacy suites are DES and Blowfish in CBC mode, the algorithms that Javadpour et al. ("Improving the
 * Security of Service Mesh in Kubernetes") compare. They are kept to reproduce its
 * evaluation: they authenticate nothing and have 64-bit blocks, so a deployment must allow them explicitly.
 */
public enum SuiteId {
    /** AES with a 256-bit key in Galois/Counter Mode, 96-bit random nonces, 128-bit tags. The default. */
    AES_256_GCM((byte) 1, "aes-256-gcm", 32, null),
    /** ChaCha20-Poly1305 (RFC 8439), 256-bit key, 96-bit random nonces. */
    CHACHA20_POLY1305((byte) 2, "chacha20-poly1305", 32, null),
    /** AES-256-GCM-SIV (RFC 8452): a repeated nonce reveals only whether two plaintexts are equal. */
    AES_256_GCM_SIV((byte) 3, "aes-256-gcm-siv", 32, null),
    /** DES in CBC mode with a random IV. Legacy. */
    DES_CBC((byte) 4, "des-cbc", 8,
            "DES has a 56-bit key that can be searched exhaustively, 64-bit blocks (Sweet32) and no integrity"),
    /** Blowfish with a 128-bit key in CBC mode with a random IV. Legacy. */
    BLOWFISH_CBC((byte) 5, "blowfish-cbc", 16, "Blowfish has 64-bit blocks (Sweet32) and CBC gives no integrity");

    /** The suite used when neither the subscriber nor the deployment names one. */
    public static final SuiteId DEFAULT = AES_256_GCM;

    private final byte id;
    private final String suiteName;
    private final int keySizeBytes;
    private final String weakness;

    SuiteId(byte id, String suiteName, int keySizeBytes, String weakness) {
        this.id = id;
        this.suiteName = suiteName;
        this.keySizeBytes = keySizeBytes;
        this.weakness = weakness;
    }

    /** Returns the size of this suite's keys, and so of the pair keys (DEKs) made for it. */
    public int keySizeBytes() {
        return keySizeBytes;
    }

    /** Returns the byte that names this suite in an envelope. */
    public byte id() {
        return id;
    }

    /** Returns the name used in configuration and registration, for example {@code aes-256-gcm}. */
    public String suiteName() {
        return suiteName;
    }

    /** Returns whether this suite is one of the paper's legacy ciphers, which a deployment must allow. */
    public boolean legacy() {
        return weakness != null;
    }

    /** Returns why a legacy suite is weak, for the warning logged when it is used; null for other suites. */
    public String weakness() {
        return weakness;
    }

    /** Returns the suite with this envelope id, or null if this release defines no such suite. */
    public static SuiteId ofId(byte id) {
        for (SuiteId suite : values()) {
            if (suite.id == id) {
                return suite;
            }
        }
        return null;
    }

    /**
     * Returns the suite with this name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known suites if none has this name
     */
    public static SuiteId ofName(String name) {
        String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SuiteId suite : values()) {
            if (suite.suiteName.equals(normalized)) {
                return suite;
            }
        }
        throw new IllegalArgumentException("Unknown cipher suite '" + name + "'; known suites: " + names());
    }

    /** Returns the names of all suites, comma-separated, for messages and documentation. */
    public static String names() {
        return Arrays.stream(values()).map(SuiteId::suiteName).collect(Collectors.joining(", "));
    }
}

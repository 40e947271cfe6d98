package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's key-encryption keys (KEKs): one current KEK that wraps new DEKs, and any number of older KEKs
 * that only unwrap, so DEKs wrapped before a KEK rotation stay readable. Each KEK is a 256-bit AES key named by
 * its fingerprint, the first 8 bytes of HMAC-SHA256(KEK, "eaas kek fingerprint v1") in lowercase hex. The
 * fingerprint reveals nothing of the key, and it differs for two different keys under the same alias or file name.
 *
 * <h2>Wrapped DEK format 1</h2>
 * <pre>
 * byte 0        format, 1
 * bytes 1-8     fingerprint of the KEK that wrapped the DEK
 * bytes 9-20    random 96-bit nonce
 * bytes 21-     AES-256-GCM(KEK, nonce, DEK, associated data): the encrypted DEK, then a 128-bit tag
 * </pre>
 * The associated data is the ASCII label "eaas dek v1", bytes 0-8 of the wrapped DEK, then the binding's
 * subscriber, low, high and version as 4-byte big-endian integers and the suite's envelope id as one byte.
 * A released format is permanent, because wrapped DEKs live in the key manager's changelog topic.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 * <li>A wrapped DEK unwraps only under the {@link DekBinding} it was wrapped with: one changed byte, or another
 *     subscriber, pair, key version or suite, makes {@link #unwrap} fail.</li>
 * <li>Every wrap draws a fresh random nonce, so wrapping the same DEK twice gives different bytes. With random
 *     96-bit nonces one KEK should wrap at most 2^32 DEKs (NIST SP 800-38D, section 8.3); rotate the KEK well
 *     before that.</li>
 * <li>Exception messages name fingerprints and bindings, never key bytes. {@link #toString()} names only
 *     fingerprints.</li>
 * <li>All methods are safe to call from several threads: each call uses its own {@link Cipher}.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * The KEKs are held in memory as key objects for the lifetime of the process, and a heap dump reveals them.
 * A KEK held by a key management service (KMS), which wraps and unwraps without ever handing out the key, would
 * lift that. This class is the place to put such an implementation behind, since callers use only
 * {@link #wrap}, {@link #unwrap} and the fingerprints.
 */
public final class Kek {

    /** Size of a KEK: AES-256. */
    public static final int KEY_SIZE_BYTES = 32;
    /** The wrapped DEK format this class writes, stored as the first byte of every wrapped DEK. */
    public static final byte FORMAT = 1;

    private static final int FINGERPRINT_SIZE_BYTES = 8;
    private static final int HEADER_SIZE_BYTES = 1 + FINGERPRINT_SIZE_BYTES;
    private static final int NONCE_SIZE_BYTES = 12;
    private static final int TAG_SIZE_BITS = 128;
    private static final int OVERHEAD_BYTES = HEADER_SIZE_BYTES + NONCE_SIZE_BYTES + TAG_SIZE_BITS / 8;
    private static final byte[] FINGERPRINT_LABEL = "eaas kek fingerprint v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEK_LABEL = "eaas dek v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final String currentFingerprint;
    private final Map<String, SecretKeySpec> keysByFingerprint;
    private final SecureRandom random = new SecureRandom();

    private Kek(String currentFingerprint, Map<String, SecretKeySpec> keysByFingerprint) {
        this.currentFingerprint = currentFingerprint;
        this.keysByFingerprint = keysByFingerprint;
    }

    /**
     * Creates the KEKs from raw key bytes, which are copied, so the caller may clear its arrays afterwards.
     *
     * @param currentKey the KEK that wraps new DEKs
     * @param olderKeys KEKs that only unwrap, possibly empty
     * @throws IllegalArgumentException if a key is not 32 bytes, or the same key is given twice
     */
    public static Kek of(byte[] currentKey, List<byte[]> olderKeys) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        addKey(keys, currentKey);
        for (byte[] olderKey : olderKeys) {
            addKey(keys, olderKey);
        }
        String current = keys.keySet().iterator().next();
        return new Kek(current, Collections.unmodifiableMap(keys));
    }

    private static void addKey(Map<String, SecretKeySpec> keys, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_SIZE_BYTES) {
            throw new IllegalArgumentException("Invalid KEK size " + key.length + " bytes; a KEK is a "
                    + KEY_SIZE_BYTES + "-byte AES-256 key");
        }
        String fingerprint = keyFingerprint(key);
        if (keys.containsKey(fingerprint)) {
            throw new IllegalArgumentException("KEK " + fingerprint + " is given twice");
        }
        keys.put(fingerprint, new SecretKeySpec(key, "AES"));
    }

    /** Returns the fingerprint of a raw 32-byte KEK. */
    static String keyFingerprint(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(FINGERPRINT_LABEL);
            return HEX.formatHex(digest, 0, FINGERPRINT_SIZE_BYTES);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is not available from the JDK's providers", unavailable);
        }
    }

    /**
     * Returns the fingerprint of the KEK a wrapped DEK names, or null if the bytes are too short or not of a
     * known format. The fingerprint is read and not verified, because only {@link #unwrap} can prove it.
     */
    public static String fingerprintOf(byte[] wrapped) {
        if (wrapped == null || wrapped.length < HEADER_SIZE_BYTES || wrapped[0] != FORMAT) {
            return null;
        }
        return HEX.formatHex(wrapped, 1, HEADER_SIZE_BYTES);
    }

    /** Returns a fresh random DEK of the suite's key size. */
    public static byte[] generateDek(SuiteId suite, SecureRandom random) {
        byte[] dek = new byte[suite.keySizeBytes()];
        random.nextBytes(dek);
        return dek;
    }

    /** Returns the fingerprint of the KEK that wraps new DEKs. */
    public String currentFingerprint() {
        return currentFingerprint;
    }

    /** Returns the fingerprints of every KEK this instance unwraps with, the current one first. */
    public Set<String> fingerprints() {
        return keysByFingerprint.keySet();
    }

    /**
     * Wraps a DEK under the current KEK, bound to {@code binding}.
     *
     * @throws IllegalArgumentException if the DEK's size is not the key size of the binding's suite
     */
    public byte[] wrap(byte[] dek, DekBinding binding) {
        if (dek.length != binding.suite().keySizeBytes()) {
            throw new IllegalArgumentException("Invalid DEK size " + dek.length + " bytes for " + binding
                    + "; the suite's keys are " + binding.suite().keySizeBytes() + " bytes");
        }
        byte[] wrapped = new byte[OVERHEAD_BYTES + dek.length];
        wrapped[0] = FORMAT;
        System.arraycopy(HEX.parseHex(currentFingerprint), 0, wrapped, 1, FINGERPRINT_SIZE_BYTES);
        byte[] nonce = new byte[NONCE_SIZE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, wrapped, HEADER_SIZE_BYTES, NONCE_SIZE_BYTES);

        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keysByFingerprint.get(currentFingerprint),
                    new GCMParameterSpec(TAG_SIZE_BITS, nonce));
            cipher.updateAAD(associatedData(wrapped, binding));
            cipher.doFinal(dek, 0, dek.length, wrapped, HEADER_SIZE_BYTES + NONCE_SIZE_BYTES);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("AES-256-GCM failed to wrap a DEK for " + binding, failure);
        }
        return wrapped;
    }

    /**
     * Unwraps a DEK with whichever of the KEKs it names, verifying that it belongs to {@code binding}.
     *
     * @throws GeneralSecurityException if the bytes are not a wrapped DEK of a known format, name a KEK this
     *         instance does not have, were changed, or were wrapped for another binding. The message names the
     *         reason.
     */
    public byte[] unwrap(byte[] wrapped, DekBinding binding) throws GeneralSecurityException {
        SecretKeySpec key = keyFor(wrapped, binding);
        int expectedLength = OVERHEAD_BYTES + binding.suite().keySizeBytes();
        if (wrapped.length != expectedLength) {
            throw doesNotUnwrap(wrapped, binding, " (" + wrapped.length + " bytes where the suite's wrapped DEKs are "
                    + expectedLength + ")");
        }

        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_SIZE_BITS, wrapped, HEADER_SIZE_BYTES, NONCE_SIZE_BYTES));
            cipher.updateAAD(associatedData(wrapped, binding));
            int cipherOffset = HEADER_SIZE_BYTES + NONCE_SIZE_BYTES;
            return cipher.doFinal(wrapped, cipherOffset, wrapped.length - cipherOffset);
        } catch (AEADBadTagException changedOrRebound) {
            throw doesNotUnwrap(wrapped, binding, "");
        }
    }

    /**
     * Unwraps a DEK and wraps it again under the current KEK with a fresh nonce, for moving DEKs off a KEK that
     * is about to be retired. The plaintext DEK is cleared before this method returns.
     *
     * @throws GeneralSecurityException as {@link #unwrap} does
     */
    public byte[] rewrap(byte[] wrapped, DekBinding binding) throws GeneralSecurityException {
        byte[] dek = unwrap(wrapped, binding);
        try {
            return wrap(dek, binding);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    private SecretKeySpec keyFor(byte[] wrapped, DekBinding binding) throws GeneralSecurityException {
        if (wrapped.length < HEADER_SIZE_BYTES) {
            throw new GeneralSecurityException("Wrapped DEK for " + binding + " is " + wrapped.length
                    + " bytes, too short to hold a format byte and a KEK fingerprint");
        }
        if (wrapped[0] != FORMAT) {
            throw new GeneralSecurityException("Wrapped DEK for " + binding + " has format " + wrapped[0]
                    + ", which this version does not know; it reads format " + FORMAT);
        }
        String fingerprint = fingerprintOf(wrapped);
        SecretKeySpec key = keysByFingerprint.get(fingerprint);
        if (key == null) {
            throw new GeneralSecurityException("DEK for " + binding + " is wrapped under KEK " + fingerprint
                    + ", which this process does not have (it has: " + String.join(", ", fingerprints())
                    + "). Add that KEK as an older KEK, or rewrap the DEK under a KEK this process has.");
        }
        return key;
    }

    private static GeneralSecurityException doesNotUnwrap(byte[] wrapped, DekBinding binding, String detail) {
        return new GeneralSecurityException("DEK for " + binding + " wrapped under KEK " + fingerprintOf(wrapped)
                + " does not unwrap: changed, or bound to another pair, version or suite" + detail);
    }

    private static byte[] associatedData(byte[] wrapped, DekBinding binding) {
        return ByteBuffer.allocate(DEK_LABEL.length + HEADER_SIZE_BYTES + 4 * Integer.BYTES + 1)
                .put(DEK_LABEL)
                .put(wrapped, 0, HEADER_SIZE_BYTES)
                .putInt(binding.subscriber())
                .putInt(binding.low())
                .putInt(binding.high())
                .putInt(binding.version())
                .put(binding.suite().id())
                .array();
    }

    /** Returns the fingerprints only, such as "KEK 0123456789abcdef (1 older KEK for unwrapping)". */
    @Override
    public String toString() {
        int older = keysByFingerprint.size() - 1;
        return "KEK " + currentFingerprint + " (" + older + (older == 1 ? " older KEK" : " older KEKs")
                + " for unwrapping)";
    }
}

package dev.eaas.topology.crypto;

import dev.eaas.topics.EnvelopeFormat;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * The ciphertext a requester forwards to its pair: a versioned envelope.
 *
 * <pre>
 *   byte 0       format version, 1
 *   byte 1       cipher suite id ({@link SuiteId#id()})
 *   bytes 2-5    key version, big-endian
 *   next N       nonce or IV, N = the suite's {@link CipherSuite#nonceSizeBytes()}
 *   rest         cipher output: ciphertext and tag, or the padded ciphertext of a legacy suite
 * </pre>
 *
 * The associated data is the envelope's first six bytes followed by the subscriber, the lower and the higher
 * requester id of the unordered pair, each a big-endian 32-bit integer. So with an authenticated suite, a
 * ciphertext made for {1, 2} does not decrypt as {1, 3}, and a changed format version, suite or key version is
 * detected. The legacy suites ignore the associated data, so only the checks in {@link #open} protect their
 * header.
 *
 * <p>A released format version is permanent: ciphertexts written with it must stay readable by every later
 * release, and tests open envelopes that format version 1 wrote.
 */
public final class Envelope {

    /** The format version this release writes and the only one it reads. */
    public static final byte FORMAT_VERSION = EnvelopeFormat.FORMAT_VERSION;

    /** The size of the format version, suite id and key version at the start of every envelope. */
    public static final int HEADER_SIZE_BYTES = EnvelopeFormat.HEADER_SIZE_BYTES;

    private static final int PAIR_SIZE_BYTES = 12;

    private Envelope() {
    }

    /**
     * Encrypts {@code plaintext} for {@code pair} under key version {@code keyVersion}, with a fresh nonce
     * drawn from {@code random}.
     *
     * @throws GeneralSecurityException if {@code key} was not built by {@code suite}
     */
    public static byte[] seal(CipherSuite suite, SecureRandom random, SecretKey key, int keyVersion, PairKey pair,
            byte[] plaintext) throws GeneralSecurityException {
        int nonceSize = suite.nonceSizeBytes();
        int cipherOutputOffset = HEADER_SIZE_BYTES + nonceSize;
        int cipherOutputSize = suite.ciphertextSizeBytes(plaintext.length);
        byte[] envelope = new byte[cipherOutputOffset + cipherOutputSize];

        envelope[0] = FORMAT_VERSION;
        envelope[1] = suite.id().id();
        writeInt(envelope, 2, keyVersion);

        byte[] nonce = new byte[nonceSize];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, envelope, HEADER_SIZE_BYTES, nonceSize);

        byte[] associatedData = associatedData(envelope, pair);
        int written = suite.encrypt(key, nonce, plaintext, associatedData, envelope, cipherOutputOffset);
        if (written != cipherOutputSize) {
            throw new IllegalStateException("Suite " + suite.id().suiteName() + " wrote " + written
                    + " bytes of cipher output; expected " + cipherOutputSize);
        }
        return envelope;
    }

    /**
     * Decrypts an envelope that {@link #seal} made for {@code pair} under key version {@code keyVersion}.
     *
     * @throws GeneralSecurityException "decryption failed" if the envelope is too short, has another format
     *     version, suite or key version, was made for another pair (authenticated suites only) or was changed
     */
    public static byte[] open(CipherSuite suite, SecretKey key, int keyVersion, PairKey pair, byte[] envelope)
            throws GeneralSecurityException {
        int nonceSize = suite.nonceSizeBytes();
        int cipherOutputOffset = HEADER_SIZE_BYTES + nonceSize;
        // A cipher output shorter than its tag makes some providers throw an unchecked exception, so it is
        // rejected here as the failed decryption it is.
        if (envelope.length < cipherOutputOffset + suite.tagSizeBytes()
                || envelope[0] != FORMAT_VERSION
                || envelope[1] != suite.id().id()
                || readInt(envelope, 2) != keyVersion) {
            throw SuiteChecks.decryptionFailed();
        }

        byte[] nonce = Arrays.copyOfRange(envelope, HEADER_SIZE_BYTES, cipherOutputOffset);
        return suite.decrypt(key, nonce, envelope, cipherOutputOffset, envelope.length - cipherOutputOffset,
                associatedData(envelope, pair));
    }

    /**
     * Reads the header of an envelope without decrypting it, for example to find the key version to fetch.
     * Returns null if the bytes are shorter than the header or name a format version or suite this release
     * does not know. A non-null header says nothing about whether the rest of the envelope is intact.
     */
    public static EnvelopeHeader header(byte[] envelope) {
        if (envelope == null || envelope.length < HEADER_SIZE_BYTES || envelope[0] != FORMAT_VERSION) {
            return null;
        }
        SuiteId suite = SuiteId.ofId(envelope[1]);
        if (suite == null) {
            return null;
        }
        return new EnvelopeHeader(FORMAT_VERSION, suite, readInt(envelope, 2));
    }

    /** Returns the envelope's header bytes followed by the pair's subscriber, low and high ids. */
    private static byte[] associatedData(byte[] envelope, PairKey pair) {
        byte[] associatedData = new byte[HEADER_SIZE_BYTES + PAIR_SIZE_BYTES];
        System.arraycopy(envelope, 0, associatedData, 0, HEADER_SIZE_BYTES);
        writeInt(associatedData, HEADER_SIZE_BYTES, pair.getSubscriber());
        writeInt(associatedData, HEADER_SIZE_BYTES + 4, pair.getLow());
        writeInt(associatedData, HEADER_SIZE_BYTES + 8, pair.getHigh());
        return associatedData;
    }

    private static void writeInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }

    private static int readInt(byte[] source, int offset) {
        return (source[offset] & 0xff) << 24
                | (source[offset + 1] & 0xff) << 16
                | (source[offset + 2] & 0xff) << 8
                | source[offset + 3] & 0xff;
    }
}

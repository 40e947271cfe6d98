package dev.eaas.topology.cryptor;

import dev.eaas.topics.avro.PairKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The ciphertext a requester forwards to its pair: a versioned envelope.
 *
 * <pre>
 *   byte 0       format version, 1
 *   byte 1       cipher suite id (1 = AES-256-GCM)
 *   bytes 2-5    key version, big-endian
 *   next N       nonce, N = the suite's nonce size (12 for AES-256-GCM)
 *   rest         cipher output (ciphertext and tag)
 * </pre>
 * The associated data is the envelope's first six bytes followed by the subscriber, the lower and the higher
 * requester id of the unordered pair, each a big-endian 32-bit integer. So a ciphertext made for {1, 2}
 * does not decrypt as {1, 3}, and a changed version, suite or key version is detected.
 *
 * <p>A released format version is permanent: ciphertexts written with it must stay readable by every later
 * release.
 */
final class Envelope {

    static final byte FORMAT_VERSION = 1;
    static final int HEADER_SIZE_BYTES = 6;

    private Envelope() {
    }

    /** Encrypts {@code plaintext} for {@code pair} under key version {@code keyVersion}. */
    static byte[] seal(CipherSuite suite, SecureRandom random, byte[] key, int keyVersion, PairKey pair, byte[] plaintext)
            throws GeneralSecurityException {
        requireKeySize(suite, key);
        byte[] header = header(suite.id(), keyVersion);
        byte[] nonce = new byte[suite.nonceSizeBytes()];
        random.nextBytes(nonce);
        byte[] sealed = suite.encrypt(key, nonce, plaintext, associatedData(header, pair));
        return ByteBuffer.allocate(header.length + nonce.length + sealed.length).put(header).put(nonce).put(sealed).array();
    }

    /**
     * Decrypts an envelope made by {@link #seal} for {@code pair}.
     *
     * @throws GeneralSecurityException if the envelope is malformed, was made for another pair or key version,
     *     or was changed
     */
    static byte[] open(CipherSuite suite, byte[] key, int keyVersion, PairKey pair, byte[] envelope)
            throws GeneralSecurityException {
        requireKeySize(suite, key);
        int nonceSize = suite.nonceSizeBytes();
        // A cipher output shorter than its tag makes some providers throw an unchecked exception, so it is
        // rejected here as the failed decryption it is.
        if (envelope.length < HEADER_SIZE_BYTES + nonceSize + suite.tagSizeBytes() || envelope[0] != FORMAT_VERSION || envelope[1] != suite.id()
                || ByteBuffer.wrap(envelope, 2, 4).getInt() != keyVersion) {
            throw new GeneralSecurityException("decryption failed");
        }
        byte[] header = Arrays.copyOfRange(envelope, 0, HEADER_SIZE_BYTES);
        byte[] nonce = Arrays.copyOfRange(envelope, HEADER_SIZE_BYTES, HEADER_SIZE_BYTES + nonceSize);
        int offset = HEADER_SIZE_BYTES + nonceSize;
        return suite.decrypt(key, nonce, envelope, offset, envelope.length - offset, associatedData(header, pair));
    }

    /** Returns the key version an envelope names, or -1 if it is too short to name one. */
    static int keyVersionOf(byte[] envelope) {
        return envelope.length < HEADER_SIZE_BYTES ? -1 : ByteBuffer.wrap(envelope, 2, 4).getInt();
    }

    /** Rejects a key of the wrong size, which some ciphers would accept as a weaker variant of the suite. */
    private static void requireKeySize(CipherSuite suite, byte[] key) throws GeneralSecurityException {
        if (key.length != suite.keySizeBytes()) {
            throw new GeneralSecurityException("Invalid key size " + key.length + " bytes; suite " + suite.id()
                    + " requires " + suite.keySizeBytes());
        }
    }

    private static byte[] header(byte suiteId, int keyVersion) {
        return ByteBuffer.allocate(HEADER_SIZE_BYTES).put(FORMAT_VERSION).put(suiteId).putInt(keyVersion).array();
    }

    private static byte[] associatedData(byte[] header, PairKey pair) {
        return ByteBuffer.allocate(header.length + 12)
                .put(header)
                .putInt(pair.getSubscriber())
                .putInt(pair.getLow())
                .putInt(pair.getHigh())
                .array();
    }
}

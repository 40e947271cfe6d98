package dev.eaas.topics;

/**
 * The cleartext start of every ciphertext envelope, which requesters see and forward: byte 0 the format version,
 * byte 1 the {@link SuiteId#id() suite id}, bytes 2 to 5 the key version, big-endian. The service's envelope code
 * builds on these values, and clients use them to make decoys that look like ciphertexts.
 */
public final class EnvelopeFormat {

    /** The format version this release writes. Released versions are permanent. */
    public static final byte FORMAT_VERSION = 1;

    /** Size of the format version, suite id and key version at the start of every envelope. */
    public static final int HEADER_SIZE_BYTES = 6;

    private EnvelopeFormat() {
    }
}

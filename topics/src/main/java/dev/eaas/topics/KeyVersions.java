package dev.eaas.topics;

/** Values of the key version carried by crypto requests and written into ciphertext envelopes. */
public final class KeyVersions {

    /**
     * Sent by the key manager when a decryption names a pair that has no key yet. Decryption never creates a key,
     * so the cryptor treats such a request as a ciphertext that does not decrypt.
     */
    public static final int NONE = 0;

    /** The version of a pair's first key. */
    public static final int FIRST = 1;

    private KeyVersions() {
    }
}

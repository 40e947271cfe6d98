package dev.eaas.topics;

/** Values of the key version written into ciphertext envelopes and carried with wrapped keys. */
public final class KeyVersions {

    /** The version of a pair's first key; rotation adds 1 for each new version. */
    public static final int FIRST = 1;

    private KeyVersions() {
    }
}

package dev.eaas.topology.crypto;

import java.security.SecureRandom;

/**
 * A {@link SecureRandom} whose output is the byte sequence start, start + 1, start + 2, and so on, so that
 * tests can pin the nonces an envelope gets. Never use it outside tests.
 */
final class CountingSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private byte next;

    CountingSecureRandom(int start) {
        this.next = (byte) start;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = next++;
        }
    }
}

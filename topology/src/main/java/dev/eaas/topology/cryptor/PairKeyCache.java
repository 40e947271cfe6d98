package dev.eaas.topology.cryptor;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Kek;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Pair keys this cryptor task has unwrapped, least recently used first out. A key is looked up by its
 * wrapped bytes together with the pair, version and suite it was unwrapped for, so a wrapped key presented
 * for another pair is unwrapped again, and fails, rather than served from here.
 *
 * <p>Not thread-safe: each processor, and so each stream task, has its own.
 */
final class PairKeyCache {

    private record Entry(ByteBuffer wrapped, int subscriber, int low, int high, int version, byte suite) {
    }

    private final Kek kek;
    private final Map<Entry, SecretKey> keys;

    PairKeyCache(Kek kek, int maxEntries) {
        this.kek = kek;
        this.keys = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Entry, SecretKey> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * Returns the unwrapped key for the pair.
     *
     * @throws GeneralSecurityException if the wrapped key does not unwrap for this pair, version and suite, or
     *     names a KEK this process does not have
     */
    SecretKey get(PairKey pair, WrappedKey wrapped, CipherSuite suite) throws GeneralSecurityException {
        Entry entry = new Entry(wrapped.getWrappedDek(), pair.getSubscriber(), pair.getLow(), pair.getHigh(),
                wrapped.getVersion(), suite.id().id());
        SecretKey key = keys.get(entry);
        if (key == null) {
            byte[] bytes = new byte[wrapped.getWrappedDek().remaining()];
            wrapped.getWrappedDek().duplicate().get(bytes);
            byte[] dek = kek.unwrap(bytes, new DekBinding(pair.getSubscriber(), pair.getLow(), pair.getHigh(),
                    wrapped.getVersion(), suite.id()));
            try {
                key = suite.key(dek);
            } finally {
                Arrays.fill(dek, (byte) 0);
            }
            keys.put(new Entry(ByteBuffer.wrap(bytes), entry.subscriber(), entry.low(), entry.high(),
                    entry.version(), entry.suite()), key);
        }
        return key;
    }

    /** Returns the suite a wrapped key names, or null if this release defines no suite with its id. */
    static SuiteId suiteOf(WrappedKey wrapped) {
        return SuiteId.ofId((byte) wrapped.getSuite());
    }
}

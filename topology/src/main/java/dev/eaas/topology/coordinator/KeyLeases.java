package dev.eaas.topology.coordinator;

import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.WrappedKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Keys the key managers lent this coordinator process, shared by its request and result processors. A lease
 * arrives with a cryptor's result when the request asked for one, and lets the coordinator serve the pair's next
 * requests itself, with one Kafka hop per operation instead of four.
 *
 * <p>A lease ends after the lease time, or for encryption once its usage is spent, whichever comes first. The key
 * manager counted the lent usage as spent when it lent it, so usage a coordinator never spends, for example
 * because it crashed, only retires the key version earlier. An operator's key change, such as a higher minimum
 * decryption version, reaches lent keys within the lease time.
 *
 * <p>The keys stay wrapped under the KEK here; the request processor's cryptor engine unwraps and caches them. The
 * maps hold at most {@code maxPairs} entries each, least recently used first out. Thread-safe: the request and
 * result processors may run on different stream threads.
 */
final class KeyLeases {

    /** Shortest time between two lease requests for one pair, so the requests in flight during one wait ask once. */
    static final long ASK_INTERVAL_MS = 1_000;

    /** An unordered pair of one subscriber, with the value semantics the generated Avro class lacks. */
    record PairId(int subscriber, int low, int high) {

        static PairId of(int subscriber, int requester, int pair) {
            return new PairId(subscriber, Math.min(requester, pair), Math.max(requester, pair));
        }
    }

    /** A key version lent for decryption, with the pair's minimum decryption version as last lent. */
    record DecryptionKey(WrappedKey key, int minDecryptionVersion) {
    }

    private record EncryptionLease(WrappedKey key, long expiresAtMs, long remainingUsage) {
    }

    private record DecryptionLease(WrappedKey key, long expiresAtMs, int minDecryptionVersion) {
    }

    private record VersionId(PairId pair, int version) {
    }

    private final long leaseMs;
    private final Map<PairId, EncryptionLease> encryption;
    private final Map<VersionId, DecryptionLease> decryption;
    private final Map<PairId, Integer> minDecryptionVersions;
    private final Map<PairId, Long> askedAtMs;

    /**
     * @param leaseMs how long a lease lasts from its arrival, at least 1
     * @param maxPairs pairs, and pair versions, to keep leases for
     */
    KeyLeases(long leaseMs, int maxPairs) {
        if (leaseMs < 1) {
            throw new IllegalArgumentException("lease time must be at least 1 ms, got " + leaseMs);
        }
        this.leaseMs = leaseMs;
        this.encryption = bounded(maxPairs);
        this.decryption = bounded(maxPairs);
        this.minDecryptionVersions = bounded(maxPairs);
        this.askedAtMs = bounded(maxPairs);
    }

    private static <K, V> Map<K, V> bounded(int maxEntries) {
        return new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * Returns whether a request for the pair should ask for a lease: when none was asked for within
     * {@link #ASK_INTERVAL_MS}. Records the ask when it returns true.
     */
    synchronized boolean shouldAsk(PairId pair, long nowMs) {
        Long asked = askedAtMs.get(pair);
        if (asked != null && nowMs - asked < ASK_INTERVAL_MS) {
            return false;
        }
        askedAtMs.put(pair, nowMs);
        return true;
    }

    /** Takes in a lease that arrived with a result. */
    synchronized void install(PairId pair, KeyLease lease, long nowMs) {
        long expiresAtMs = nowMs + leaseMs;
        askedAtMs.remove(pair);
        minDecryptionVersions.merge(pair, lease.getMinDecryptionVersion(), Math::max);
        WrappedKey encryptionKey = lease.getEncryptionKey();
        if (encryptionKey != null) {
            decryption.put(new VersionId(pair, encryptionKey.getVersion()),
                    new DecryptionLease(encryptionKey, expiresAtMs, lease.getMinDecryptionVersion()));
            if (lease.getEncryptionUsage() > 0) {
                encryption.put(pair, new EncryptionLease(encryptionKey, expiresAtMs, lease.getEncryptionUsage()));
            }
        }
        WrappedKey decryptionKey = lease.getDecryptionKey();
        if (decryptionKey != null) {
            decryption.put(new VersionId(pair, decryptionKey.getVersion()),
                    new DecryptionLease(decryptionKey, expiresAtMs, lease.getMinDecryptionVersion()));
        }
    }

    /**
     * Spends the usage of an encryption under the pair's lent key and returns the key, or returns null, spending
     * nothing, when the pair has no lease, it has ended, or less usage remains than the encryption needs.
     *
     * @param usage the usage the encryption spends under a key, which depends on the key's suite
     */
    synchronized WrappedKey takeEncryptionKey(PairId pair, ToLongFunction<WrappedKey> usage, long nowMs) {
        EncryptionLease lease = encryption.get(pair);
        if (lease == null) {
            return null;
        }
        long spent = usage.applyAsLong(lease.key());
        if (nowMs >= lease.expiresAtMs() || spent < 0 || lease.remainingUsage() < spent) {
            encryption.remove(pair);
            return null;
        }
        encryption.put(pair, new EncryptionLease(lease.key(), lease.expiresAtMs(), lease.remainingUsage() - spent));
        return lease.key();
    }

    /** Returns the lent key of the pair's version, or null when none is lent or its lease has ended. */
    synchronized DecryptionKey decryptionKey(PairId pair, int version, long nowMs) {
        VersionId id = new VersionId(pair, version);
        DecryptionLease lease = decryption.get(id);
        if (lease == null) {
            return null;
        }
        if (nowMs >= lease.expiresAtMs()) {
            decryption.remove(id);
            return null;
        }
        // The pair's entry holds the highest minimum lent since, unless it was evicted first.
        return new DecryptionKey(lease.key(),
                Math.max(lease.minDecryptionVersion(), minDecryptionVersions.getOrDefault(pair, 1)));
    }

    /** Ends every lease of the pair, for example after a lent key failed to unwrap. */
    synchronized void forget(PairId pair) {
        encryption.remove(pair);
        decryption.keySet().removeIf(id -> id.pair().equals(pair));
    }
}

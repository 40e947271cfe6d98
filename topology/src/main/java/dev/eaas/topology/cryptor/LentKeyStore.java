package dev.eaas.topology.cryptor;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.LentKeys;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.EnvelopeHeader;
import dev.eaas.topology.crypto.Kek;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a coordinator process borrowed ({@link LentKeys}), served with the {@link CryptorEngine} a cryptor uses.
 *
 * <p>How a pair comes to be served with lent keys:
 * <ul>
 *   <li>A pair's first request within the lease time requests no lease, so a pair used less often never borrows
 *       usage it would leave unspent.</li>
 *   <li>Its next request that goes the full way requests one. One lease request per pair is in flight at a time,
 *       and another may follow once the first has had {@link #LEASE_REQUEST_TIMEOUT_MS} to come back.</li>
 *   <li>An encryption lease is renewed early: when less than a quarter of its usage or of its time is left, the
 *       next encryption goes the full way and requests a new one, while the requests after it keep using the old
 *       lease.</li>
 *   <li>The usage requested adapts to the pair's rate: it doubles when a lease was spent before its time ran low and
 *       halves when its time ran low with more than half of it unspent, from {@link #MIN_LEASE_USAGE} up to what a
 *       key manager lends at most.</li>
 * </ul>
 *
 * <p>A lease ends the lease time after the key manager lent it, or for encryption once its usage is spent. A lease
 * can arrive twice: a cryptor repeats results after a crash, and a coordinator reads a result again after an
 * aborted transaction. Each encryption lease of a version starts at a higher usage count than the one before, so
 * such a lease is taken in once, and a lease lent before the newest one taken in changes nothing. Two processes can still both take
 * in one lease, when the result partition moves between them while the lease is in flight. Each such move lets one
 * lease's usage be spent twice, at most {@code maxLeaseUsage} encryptions.
 *
 * <p>NOTE: several coordinator processes with one id share its result partitions by pair and its request partitions
 * by requester, so a lease often reaches a process other than the one that requested it. Each process then borrows
 * for itself, and up to {@code maxLeaseUsage} per pair and lease time is lent to processes that never use it.
 *
 * <p>A lent key that does not unwrap ends the pair's leases, and the pair requests none for a lease time, so a
 * coordinator with a stale KEK sends the pair's requests the full way, where the cryptors report the failure.
 *
 * <p>At most {@code keyCacheSize} pairs are kept, least recently used first out, each with at most
 * {@link #MAX_DECRYPTION_VERSIONS} versions for decryption. Every pair that goes the full way takes an entry, so
 * many pairs used once can push out the leases of busy ones. An evicted pair loses the record of the leases it took
 * in, and takes in a repeat of one again.
 */
public final class LentKeyStore implements LentKeys {

    /** Usage a pair requests the first time, and the least it requests after halving. */
    static final long MIN_LEASE_USAGE = 256;
    /** Time after which a lease request that got no reply may be made again. */
    static final long LEASE_REQUEST_TIMEOUT_MS = 1_000;
    static final int MAX_DECRYPTION_VERSIONS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(LentKeyStore.class);

    private final Kek kek;
    private final long leaseMs;
    private final long maxLeaseUsage;
    private final int keyCacheSize;
    private final boolean legacyAllowed;
    private final Map<PairKey, PairLeases> pairs;
    private final FailureLog failures = new FailureLog(LOG);

    /** Leases this process has of one pair. Guarded by the store's lock. */
    private static final class PairLeases {
        WrappedKey encryptionKey;
        long encryptionExpiresAtMs;
        long encryptionGranted;
        long encryptionRemaining;
        int lentVersion;
        long lentFrom = -1;
        final Map<Integer, WrappedKey> decryptionKeys = new LinkedHashMap<>();
        final Map<Integer, Long> decryptionExpiresAtMs = new LinkedHashMap<>();
        int minDecryptionVersion = 1;
        long nextUsage = MIN_LEASE_USAGE;
        long leaseRequestedAtMs = Long.MIN_VALUE / 2;
        long lastFullWayMs = Long.MIN_VALUE / 2;
        long lastServedMs = Long.MIN_VALUE / 2;
        long noLeasesUntilMs = Long.MIN_VALUE / 2;
        long lastLentAtMs = Long.MIN_VALUE;
    }

    /**
     * @param leaseMs how long a lease lasts from its arrival, 1 to 2^40
     * @param maxLeaseUsage the max encryption usage a key manager lends at once, at least {@link #MIN_LEASE_USAGE}
     * @param keyCacheSize pairs to keep leases for, and unwrapped keys each task's engine keeps
     * @param legacyAllowed whether lent keys of the legacy suites may be used
     */
    public LentKeyStore(Kek kek, long leaseMs, long maxLeaseUsage, int keyCacheSize, boolean legacyAllowed) {
        if (leaseMs < 1 || leaseMs > 1L << 40) {
            throw new IllegalArgumentException("lease time must be 1 to 2^40 ms, got " + leaseMs);
        }
        if (maxLeaseUsage < MIN_LEASE_USAGE) {
            throw new IllegalArgumentException("max lease usage must be at least " + MIN_LEASE_USAGE + ", got "
                    + maxLeaseUsage);
        }
        this.kek = kek;
        this.leaseMs = leaseMs;
        this.maxLeaseUsage = maxLeaseUsage;
        this.keyCacheSize = keyCacheSize;
        this.legacyAllowed = legacyAllowed;
        this.pairs = new LinkedHashMap<>(Math.min(keyCacheSize, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PairKey, PairLeases> eldest) {
                return size() > keyCacheSize;
            }
        };
    }

    @Override
    public synchronized long leaseUsageToRequest(PairKey pair, long nowMs) {
        PairLeases leases = pairs.computeIfAbsent(pair, ignored -> new PairLeases());
        boolean usedRecently = nowMs - leases.lastFullWayMs < leaseMs || nowMs - leases.lastServedMs < leaseMs;
        leases.lastFullWayMs = nowMs;
        if (!usedRecently || nowMs < leases.noLeasesUntilMs
                || nowMs - leases.leaseRequestedAtMs < LEASE_REQUEST_TIMEOUT_MS) {
            return 0;
        }
        leases.leaseRequestedAtMs = nowMs;
        return leases.nextUsage;
    }

    @Override
    public synchronized boolean resultArrived(PairKey pair, KeyLease lease, long nowMs) {
        PairLeases leases = pairs.get(pair);
        if (leases != null) {
            leases.leaseRequestedAtMs = Long.MIN_VALUE / 2;
        }
        if (lease == null) {
            return false;
        }

        // A lease ends the lease time after the key manager lent it, however late it arrives: after a cryptor's
        // restart, for example, or when a coordinator reads results again.
        long expiresAtMs = Math.min(nowMs, lease.getLentAtMs()) + leaseMs;
        if (expiresAtMs <= nowMs) {
            return false;
        }

        if (leases == null) {
            leases = new PairLeases();
            pairs.put(pair, leases);
        }
        // A repeated older result must not bring back an older minimum decryption version or older keys.
        if (lease.getLentAtMs() < leases.lastLentAtMs) {
            return false;
        }
        leases.lastLentAtMs = lease.getLentAtMs();
        leases.minDecryptionVersion = lease.getMinDecryptionVersion();

        boolean installed = false;
        WrappedKey encryptionKey = lease.getEncryptionKey();
        if (encryptionKey != null) {
            installed = putDecryptionKey(leases, encryptionKey, expiresAtMs);
            boolean newer = encryptionKey.getVersion() > leases.lentVersion
                    || (encryptionKey.getVersion() == leases.lentVersion
                            && lease.getEncryptionUsageFrom() > leases.lentFrom);
            long usage = Math.min(lease.getEncryptionUsage(), maxLeaseUsage);
            if (newer && usage > 0) {
                leases.lentVersion = encryptionKey.getVersion();
                leases.lentFrom = lease.getEncryptionUsageFrom();
                leases.encryptionKey = encryptionKey;
                leases.encryptionExpiresAtMs = expiresAtMs;
                leases.encryptionGranted = usage;
                leases.encryptionRemaining = usage;
                installed = true;
            }
        }

        if (lease.getDecryptionKey() != null) {
            installed |= putDecryptionKey(leases, lease.getDecryptionKey(), expiresAtMs);
        }
        return installed;
    }

    /** Lends the version for decryption until {@code expiresAtMs}; returns whether it was not lent before. */
    private static boolean putDecryptionKey(PairLeases leases, WrappedKey key, long expiresAtMs) {
        boolean added = leases.decryptionKeys.remove(key.getVersion()) == null;
        leases.decryptionKeys.put(key.getVersion(), key);
        leases.decryptionExpiresAtMs.put(key.getVersion(), expiresAtMs);
        while (leases.decryptionKeys.size() > MAX_DECRYPTION_VERSIONS) {
            Integer eldest = leases.decryptionKeys.keySet().iterator().next();
            leases.decryptionKeys.remove(eldest);
            leases.decryptionExpiresAtMs.remove(eldest);
        }
        return added;
    }

    /**
     * Spends an encryption's usage of the pair's lease and returns its key, or returns null, spending nothing, when
     * the pair has no lease, it has ended, or it should be renewed and no renewal has been requested.
     */
    private synchronized WrappedKey takeEncryptionKey(PairKey pair, ToLongFunction<WrappedKey> usageOf, long nowMs) {
        PairLeases leases = pairs.get(pair);
        if (leases == null || leases.encryptionKey == null) {
            return null;
        }
        long usage = usageOf.applyAsLong(leases.encryptionKey);
        long timeLeftMs = leases.encryptionExpiresAtMs - nowMs;
        if (timeLeftMs <= 0 || usage < 0 || usage > leases.encryptionRemaining) {
            leases.encryptionKey = null;
            return null;
        }
        boolean renewalRequested = nowMs - leases.leaseRequestedAtMs < LEASE_REQUEST_TIMEOUT_MS;
        boolean usageLow = leases.encryptionRemaining - usage < leases.encryptionGranted / 4;
        boolean timeLow = timeLeftMs < leaseMs / 4;
        if (!renewalRequested && (usageLow || timeLow)) {
            if (usageLow) {
                leases.nextUsage = Math.min(Math.max(2 * leases.encryptionGranted, MIN_LEASE_USAGE), maxLeaseUsage);
            } else if (leases.encryptionRemaining > leases.encryptionGranted / 2) {
                leases.nextUsage = Math.max(leases.encryptionGranted / 2, MIN_LEASE_USAGE);
            }
            return null;
        }
        leases.encryptionRemaining -= usage;
        leases.lastServedMs = nowMs;
        return leases.encryptionKey;
    }

    /** Returns the work of a decryption with the lent key of the pair's version, or null when none is lent. */
    private synchronized CryptoRequest decryptionWork(PairKey pair, KeyRequest request, int version, long nowMs) {
        PairLeases leases = pairs.get(pair);
        WrappedKey key = leases == null ? null : leases.decryptionKeys.get(version);
        if (key == null) {
            return null;
        }
        if (nowMs >= leases.decryptionExpiresAtMs.get(version)) {
            leases.decryptionKeys.remove(version);
            leases.decryptionExpiresAtMs.remove(version);
            return null;
        }
        leases.lastServedMs = nowMs;
        return new CryptoRequest(request, key, null, leases.minDecryptionVersion, null, null, null);
    }

    /** Ends every lease of the pair and requests none for a lease time. */
    private synchronized void endLeases(PairKey pair, long nowMs) {
        PairLeases leases = pairs.get(pair);
        if (leases != null) {
            leases.encryptionKey = null;
            leases.decryptionKeys.clear();
            leases.decryptionExpiresAtMs.clear();
            leases.noLeasesUntilMs = nowMs + leaseMs;
        }
    }

    @Override
    public Server server(String logPrefix) {
        return new TaskServer(new CryptorEngine(kek, keyCacheSize, legacyAllowed,
                message -> failures.log(logPrefix, message)));
    }

    /** Serves one task's requests with its own engine and cipher objects. */
    private final class TaskServer implements Server {

        private final CryptorEngine engine;
        private final Map<SuiteId, CipherSuite> suites = new EnumMap<>(SuiteId.class);

        TaskServer(CryptorEngine engine) {
            this.engine = engine;
        }

        @Override
        public CryptoResult serve(PairKey pair, KeyRequest request, long nowMs) {
            if (request.getRewrap()) {
                return null;
            }
            CryptoRequest work;
            if (request.getType() == RequestType.ENCRYPT) {
                int plaintextSizeBytes = request.getData().remaining();
                WrappedKey key = takeEncryptionKey(pair, lent -> usageOf(lent, plaintextSizeBytes), nowMs);
                work = key == null ? null : new CryptoRequest(request, null, key, 1, null, null, null);
            } else {
                EnvelopeHeader header = Envelope.header(AvroBytes.readOnly(request.getData()));
                work = header == null ? null : decryptionWork(pair, request, header.keyVersion(), nowMs);
                if (work != null && work.getDecryptionKey().getSuite() != header.suite().id()) {
                    work = null;
                }
            }
            if (work == null) {
                return null;
            }
            CryptoResult result = engine.process(pair, work);
            if (ErrorCode.INTERNAL_ERROR.name().equals(result.getErrorCode())) {
                endLeases(pair, nowMs);
                return null;
            }
            return result;
        }

        /** Returns the usage of an encryption under the key, or -1 for a suite this release does not know. */
        private long usageOf(WrappedKey key, int plaintextSizeBytes) {
            SuiteId suite = SuiteId.ofId((byte) key.getSuite());
            return suite == null ? -1 : suites.computeIfAbsent(suite, CipherSuites::create).usageOf(plaintextSizeBytes);
        }
    }
}

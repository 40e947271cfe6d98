package dev.eaas.topology.keymanager;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.EnvelopeHeader;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches the keys a request needs and hands it to the cryptors. An encryption gets the pair's newest key
 * version, and the first encryption of a pair creates version 1. A decryption gets the version its envelope
 * names, with the pair's minimum decryption version, and a rewrap gets both. Keys leave this processor wrapped
 * under the KEK.
 *
 * <p>Before an encryption would spend more than the newest version's usage limit (its nonce budget), this
 * processor rotates the pair to a new version. Usage is counted here, where the keys are handed out, and reserved
 * in the store ahead of use in steps of {@link #USAGE_RESERVATION}. A request that a cryptor processes twice after
 * a crash is counted once, and the default limits leave a margin of several powers of two for that.
 *
 * <p>A request may ask for a key lease ({@code KeyLease}), which lets its coordinator serve the pair's next requests
 * itself: the key travels on with the result, still wrapped, and for an encryption with the usage asked for, up to
 * {@link KeyManagerTopology#LEASE_USAGE_MAX}, counted here as spent when it is lent.
 *
 * <p>NOTE: the spent usage of every pair this task encrypted for stays in memory for the task's life, about 100
 * bytes per pair. Evicting entries of idle pairs would only cost a fresh reservation when they return.
 *
 * <p>Only coordinators may ask for keys. The broker enforces that with ACLs on the key request topic, and
 * this processor checks again: the request must name the coordinator its subscriber is assigned to, and
 * the record key must be the request's own pair. Anything else is dead-lettered.
 *
 * <p>NOTE: the check reads a copy of the subscriber table that can lag behind the coordinator's copy for a
 * moment after a registration. A request in that window is dead-lettered and its requester times out.
 */
final class KeyLookupProcessor implements Processor<PairKey, KeyRequest, Object, Object> {

    /**
     * Usage reserved in the store at a time. The store records the reservation, which is never less than the
     * usage spent, so a crash can only overstate a version's usage, by at most this much.
     */
    static final long USAGE_RESERVATION = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(KeyLookupProcessor.class);

    private final KeyRings rings;
    private final Predicate<SuiteId> suiteAllowed;
    private final Map<SuiteId, CipherSuite> suites = new EnumMap<>(SuiteId.class);
    private final Map<PairKey, Spent> spentUsage = new HashMap<>();

    /** Usage a key version has spent in this task, at most its reservation in the store. */
    private record Spent(int version, long usage) {
    }

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<PairKey, PairKeyRing> keys;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private Sensor keyLookups;
    private Sensor keysCreated;
    private Sensor keysRotated;
    private Sensor decryptionsWithoutKey;

    KeyLookupProcessor(KeyRings rings, Predicate<SuiteId> suiteAllowed) {
        this.rings = rings;
        this.suiteAllowed = suiteAllowed;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.keys = context.getStateStore(KeyManagerTopology.KEY_STORE);
        this.subscribers = context.getStateStore(KeyManagerTopology.SUBSCRIBER_STORE);
        this.keyLookups = Counters.counter(context, KeyManagerTopology.COMPONENT, "key-lookups");
        this.keysCreated = Counters.counter(context, KeyManagerTopology.COMPONENT, "keys-generated");
        this.keysRotated = Counters.counter(context, KeyManagerTopology.COMPONENT, "keys-rotated");
        this.decryptionsWithoutKey = Counters.counter(context, KeyManagerTopology.COMPONENT, "decryptions-without-key");
    }

    @Override
    public void process(Record<PairKey, KeyRequest> record) {
        KeyRequest request = record.value();
        if (request == null || record.key() == null) {
            deadLetter("key request without a key or value");
            return;
        }
        PairKey pair = record.key();
        SubscriberRecord subscriber = subscribers.get(request.getSubscriber());
        String invalid = validate(pair, request, subscriber);
        if (invalid != null) {
            deadLetter(invalid);
            return;
        }

        keyLookups.record();
        PairKeyRing ring = keys.get(pair);
        CryptoRequest.Builder work = CryptoRequest.newBuilder().setRequest(request);
        if (request.getType() == RequestType.DECRYPT || request.getRewrap()) {
            attachDecryptionKey(ring, AvroBytes.of(request.getData()), work);
        }
        boolean lend = request.getLeaseUsageRequested() > 0 && !request.getRewrap();
        if (request.getType() == RequestType.ENCRYPT && work.getErrorCode() == null) {
            attachEncryptionKey(pair, ring, subscriber, request, work,
                    lend ? Math.min(request.getLeaseUsageRequested(), KeyManagerTopology.LEASE_USAGE_MAX) : 0);
        } else if (lend && work.getErrorCode() == null) {
            work.setLease(new KeyLease(null, 0L, 0L, work.getDecryptionKey(), work.getMinDecryptionVersion(),
                    System.currentTimeMillis()));
        }
        context.forward(new Record<>((Object) pair, (Object) work.build(), record.timestamp()),
                KeyManagerTopology.CRYPTO_REQUEST_SINK);
    }

    private void attachDecryptionKey(PairKeyRing ring, byte[] envelope, CryptoRequest.Builder work) {
        if (ring == null) {
            // Nothing encrypted for this pair can exist, and creating keys here would let tokenless decryption
            // frames fill the store with a key for every pair id.
            decryptionsWithoutKey.record();
            reject(work, ErrorCode.DECRYPTION_FAILED, "decryption failed");
            return;
        }
        EnvelopeHeader header = Envelope.header(envelope);
        PairKeyVersion version = header == null ? null : KeyRings.version(ring, header.keyVersion());
        if (version == null || version.getSuite() != header.suite().id()) {
            reject(work, ErrorCode.DECRYPTION_FAILED, "decryption failed");
            return;
        }
        // A version below the minimum is still attached: the cryptor refuses it only once the envelope opens, so
        // with an authenticated suite a changed envelope gets DECRYPTION_FAILED whatever version it claims.
        work.setDecryptionKey(KeyRings.wrappedKey(version));
        work.setMinDecryptionVersion(ring.getMinDecryptionVersion());
    }

    /**
     * Attaches the newest version's key, creating or rotating versions as needed.
     *
     * @param leaseUsage usage to lend the coordinator beyond this encryption, 0 for no lease; less is lent when the
     *     version's limit leaves less
     */
    private void attachEncryptionKey(PairKey pair, PairKeyRing ring, SubscriberRecord subscriber, KeyRequest request,
                                     CryptoRequest.Builder work, long leaseUsage) {
        SuiteId suite = SuiteId.ofName(subscriber.getCipherSuite());
        if (!suiteAllowed.test(suite)) {
            reject(work, ErrorCode.SUITE_NOT_ALLOWED, "cipher suite " + suite.suiteName()
                    + " is a legacy suite that this deployment does not allow: " + suite.weakness());
            return;
        }
        CipherSuite cipher = suites.computeIfAbsent(suite, CipherSuites::create);
        long usage = cipher.usageOf(plaintextSizeBytes(cipher, request));
        if (usage > rings.usageLimit(suite)) {
            reject(work, ErrorCode.INVALID_REQUEST, "the data needs " + usage + (suite.legacy()
                    ? " 64-bit blocks under cipher suite " + suite.suiteName() + ", more than keys.legacy.max.blocks = "
                    : " encryptions under cipher suite " + suite.suiteName() + ", more than keys.max.encryptions = ")
                    + rings.usageLimit(suite) + " allows one key version");
            return;
        }
        long nowMs = System.currentTimeMillis();
        boolean changed = false;
        if (ring == null) {
            ring = rings.create(pair, suite, nowMs);
            changed = true;
            keysCreated.record();
            LOG.debug("[key-manager {}] Created key version 1 of {}", context.taskId(), KeyRings.describe(pair));
        }
        long spent = spentOf(pair, KeyRings.newest(ring));
        if (rings.needsRotation(ring, suite, spent + usage)) {
            PairKeyVersion previous = KeyRings.newest(ring);
            rings.rotate(ring, suite, nowMs);
            changed = true;
            spent = 0;
            keysRotated.record();
            LOG.info("[key-manager {}] Rotated {} to key version {}: version {} reached {} of its usage limit {}",
                    context.taskId(), KeyRings.describe(pair), KeyRings.newest(ring).getVersion(),
                    previous.getVersion(), previous.getUsage(), previous.getUsageLimit());
        }
        PairKeyVersion newest = KeyRings.newest(ring);
        // Lent usage counts as spent from now on, whether the coordinator spends it or not.
        long lent = Math.max(0, Math.min(leaseUsage, rings.usageLimit(ring, suite) - spent - usage));
        long spentAfter = spent + usage + lent;
        if (spentAfter > newest.getUsage()) {
            // Reserve ahead, so the store and its changelog are written once per reservation, not per encryption.
            newest.setUsage(Math.min(rings.usageLimit(ring, suite), spentAfter + USAGE_RESERVATION));
            changed = true;
        }
        spentUsage.put(pair, new Spent(newest.getVersion(), spentAfter));
        if (changed) {
            keys.put(pair, ring);
        }
        WrappedKey key = KeyRings.wrappedKey(newest);
        work.setEncryptionKey(key);
        if (leaseUsage > 0) {
            work.setLease(new KeyLease(key, lent, spent + usage, null, ring.getMinDecryptionVersion(), nowMs));
        }
    }

    /**
     * Returns the plaintext size an encryption spends usage on. A rewrap's data is an envelope, whose plaintext is at
     * most the envelope minus its header, nonce and tag, and for a padded legacy suite at least one byte shorter.
     */
    private static int plaintextSizeBytes(CipherSuite cipher, KeyRequest request) {
        int size = request.getData().remaining();
        if (!request.getRewrap()) {
            return size;
        }
        int overhead = Envelope.HEADER_SIZE_BYTES + cipher.nonceSizeBytes() + cipher.tagSizeBytes()
                + (cipher.authenticated() ? 0 : 1);
        return Math.max(0, size - overhead);
    }

    /**
     * Returns the usage spent on the version in this task. A version this task has not used since it started counts
     * its whole reservation as spent, since another instance may have spent it before a crash or a rebalance.
     */
    private long spentOf(PairKey pair, PairKeyVersion version) {
        Spent spent = spentUsage.get(pair);
        return spent != null && spent.version() == version.getVersion() ? spent.usage() : version.getUsage();
    }

    private static void reject(CryptoRequest.Builder work, ErrorCode code, String message) {
        work.setErrorCode(code.name()).setErrorMessage(message);
    }

    private String validate(PairKey pair, KeyRequest request, SubscriberRecord subscriber) {
        int low = Math.min(request.getRequester(), request.getPair());
        int high = Math.max(request.getRequester(), request.getPair());
        if (pair.getSubscriber() != request.getSubscriber() || pair.getLow() != low || pair.getHigh() != high) {
            return "key request of subscriber " + request.getSubscriber() + " for {" + low + ", " + high
                    + "} arrived under the key of another pair";
        }
        if (subscriber == null || subscriber.getCoordinator() != request.getCoordinator()) {
            return "key request of subscriber " + request.getSubscriber() + " names coordinator "
                    + request.getCoordinator() + ", which does not serve that subscriber";
        }
        return null;
    }

    private void deadLetter(String reason) {
        LOG.warn("[key-manager {}] Dead-lettered record {}: {}", context.taskId(), DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, KeyManagerTopology.COMPONENT, reason, 0),
                System.currentTimeMillis()), DeadLetters.SINK);
    }
}

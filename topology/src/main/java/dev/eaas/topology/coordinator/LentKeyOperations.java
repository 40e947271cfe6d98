package dev.eaas.topology.coordinator;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.EnvelopeHeader;
import dev.eaas.topology.cryptor.CryptorEngine;
import java.util.EnumMap;
import java.util.Map;

/**
 * Serves a validated request in the coordinator with keys the key managers lent it ({@link KeyLeases}), through the
 * same {@link CryptorEngine} a cryptor uses. A request no lent key serves goes the full way, through a key manager
 * and a cryptor: the first of a pair, a rewrap, one whose lease has ended or run out of usage, and a decryption
 * under a version nobody lent.
 *
 * <p>Not thread-safe, like the engine: each request processor, and so each stream task, has its own.
 */
final class LentKeyOperations {

    private final KeyLeases leases;
    private final CryptorEngine engine;
    private final Map<SuiteId, CipherSuite> suites = new EnumMap<>(SuiteId.class);

    LentKeyOperations(KeyLeases leases, CryptorEngine engine) {
        this.leases = leases;
        this.engine = engine;
    }

    /** Returns whether the full-way request for the pair should ask for a lease. */
    boolean shouldAsk(KeyLeases.PairId pair, long nowMs) {
        return leases.shouldAsk(pair, nowMs);
    }

    /**
     * Returns the result of the request served with a lent key, or null when no lent key serves it. A result whose
     * key failed to unwrap is null too, and ends the pair's leases, so the request goes the full way and the
     * cryptors report the failure.
     */
    CryptoResult serve(PairKey pair, KeyRequest request, long nowMs) {
        if (request.getRewrap()) {
            return null;
        }
        KeyLeases.PairId id = KeyLeases.PairId.of(pair.getSubscriber(), pair.getLow(), pair.getHigh());
        CryptoRequest work = request.getType() == RequestType.ENCRYPT
                ? encryption(id, request, nowMs)
                : decryption(id, request, nowMs);
        if (work == null) {
            return null;
        }
        CryptoResult result = engine.process(pair, work);
        if (ErrorCode.INTERNAL_ERROR.name().equals(result.getErrorCode())) {
            leases.forget(id);
            return null;
        }
        return result;
    }

    private CryptoRequest encryption(KeyLeases.PairId id, KeyRequest request, long nowMs) {
        int plaintextSizeBytes = request.getData().remaining();
        WrappedKey key = leases.takeEncryptionKey(id, lent -> usageOf(lent, plaintextSizeBytes), nowMs);
        return key == null ? null : new CryptoRequest(request, null, key, 1, null, null, null);
    }

    /** Returns the usage of an encryption under the key, or -1 for a suite this release does not know. */
    private long usageOf(WrappedKey key, int plaintextSizeBytes) {
        SuiteId suite = SuiteId.ofId((byte) key.getSuite());
        return suite == null ? -1 : suites.computeIfAbsent(suite, CipherSuites::create).usageOf(plaintextSizeBytes);
    }

    private CryptoRequest decryption(KeyLeases.PairId id, KeyRequest request, long nowMs) {
        EnvelopeHeader header = Envelope.header(AvroBytes.readOnly(request.getData()));
        if (header == null) {
            return null;
        }
        KeyLeases.DecryptionKey lent = leases.decryptionKey(id, header.keyVersion(), nowMs);
        if (lent == null || lent.key().getSuite() != header.suite().id()) {
            return null;
        }
        return new CryptoRequest(request, lent.key(), null, lent.minDecryptionVersion(), null, null, null);
    }
}

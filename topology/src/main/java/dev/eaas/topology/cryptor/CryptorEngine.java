package dev.eaas.topology.cryptor;

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
import dev.eaas.topology.crypto.Kek;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.SecretKey;

/**
 * The cryptor's work on one request, without Kafka: unwrap the attached key (cached), then seal, open, or
 * open and seal again for a rewrap. The stream processor wraps this, and benchmarks measure it directly.
 *
 * <p>A failed decryption gets DECRYPTION_FAILED and nothing more, so a requester learns nothing about why: a
 * wrong pair, a changed byte and a truncated envelope all look the same.
 *
 * <p>Not thread-safe: it keeps cipher objects and a key cache, so each stream task has its own.
 */
public final class CryptorEngine {

    /** Thrown for a fault of the service rather than of the request, logged by the caller. */
    static final class InternalFailure extends Exception {
        InternalFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PairKeyCache keys;
    private final boolean legacyAllowed;
    private final Consumer<String> internalFailures;
    private final Map<SuiteId, CipherSuite> suites = new EnumMap<>(SuiteId.class);
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates an engine with its own key cache and cipher objects.
     *
     * @param keyCacheSize unwrapped pair keys to keep in memory
     * @param legacyAllowed whether requests may name the legacy suites
     * @param internalFailures receives a description of each failure that is the service's fault, for the log
     */
    public CryptorEngine(Kek kek, int keyCacheSize, boolean legacyAllowed, Consumer<String> internalFailures) {
        this.keys = new PairKeyCache(kek, keyCacheSize);
        this.legacyAllowed = legacyAllowed;
        this.internalFailures = internalFailures;
    }

    /** Serves one crypto request for the pair and returns the result for its coordinator. */
    public CryptoResult process(PairKey pair, CryptoRequest work) {
        KeyRequest request = work.getRequest();
        if (work.getErrorCode() != null) {
            return result(request, null, work.getErrorCode(),
                    work.getErrorMessage() == null ? work.getErrorCode() : work.getErrorMessage());
        }
        // Read-only: the input is only read, and sealing or opening writes a new array.
        byte[] data = AvroBytes.readOnly(request.getData());
        try {
            if (request.getType() == RequestType.DECRYPT || request.getRewrap()) {
                data = open(pair, work.getDecryptionKey(), data);
                if (work.getDecryptionKey().getVersion() < work.getMinDecryptionVersion()) {
                    return result(request, null, ErrorCode.KEY_VERSION_RETIRED.name(), "the ciphertext is encrypted"
                            + " under key version " + work.getDecryptionKey().getVersion() + ", below the minimum"
                            + " decryption version " + work.getMinDecryptionVersion() + " an operator set for this pair");
                }
            }
            if (request.getType() == RequestType.ENCRYPT) {
                data = seal(pair, work.getEncryptionKey(), data);
            }
            CryptoResult result = result(request, ByteBuffer.wrap(data), null, null);
            result.setLease(work.getLease());
            return result;
        } catch (GeneralSecurityException failure) {
            return result(request, null, ErrorCode.DECRYPTION_FAILED.name(), "decryption failed");
        } catch (RejectedSuite refused) {
            return result(request, null, ErrorCode.SUITE_NOT_ALLOWED.name(), refused.getMessage());
        } catch (InternalFailure failure) {
            internalFailures.accept("Failed request " + request.getSequence() + " of requester " + request.getRequester()
                    + " of subscriber " + request.getSubscriber() + ": " + failure.getMessage());
            return result(request, null, ErrorCode.INTERNAL_ERROR.name(),
                    "the cryptor could not use the pair's key; see the service's log");
        }
    }

    /** Builds the result with the all-fields constructor, which skips the builder's per-field default lookups. */
    private static CryptoResult result(KeyRequest request, ByteBuffer data, String errorCode, String errorMessage) {
        return new CryptoResult(request.getCoordinator(), request.getSubscriber(), request.getRequester(),
                request.getSequence(), request.getType(), request.getPair(), data, errorCode, errorMessage,
                request.getReceivedAtMs(), null);
    }

    private byte[] open(PairKey pair, WrappedKey wrapped, byte[] envelope)
            throws GeneralSecurityException, RejectedSuite, InternalFailure {
        if (wrapped == null) {
            throw new InternalFailure("a decryption arrived without a decryption key", null);
        }
        CipherSuite suite = suite(wrapped);
        return Envelope.open(suite, key(pair, wrapped, suite), wrapped.getVersion(), pair, envelope);
    }

    private byte[] seal(PairKey pair, WrappedKey wrapped, byte[] plaintext) throws RejectedSuite, InternalFailure {
        if (wrapped == null) {
            throw new InternalFailure("an encryption arrived without an encryption key", null);
        }
        CipherSuite suite = suite(wrapped);
        SecretKey key = key(pair, wrapped, suite);
        try {
            return Envelope.seal(suite, random, key, wrapped.getVersion(), pair, plaintext);
        } catch (GeneralSecurityException failure) {
            throw new InternalFailure("encryption failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * The key manager attaches the key of the request's own pair and the version the envelope names, so a key
     * that does not unwrap is the service's fault (a missing KEK, a changed store), never the requester's.
     */
    private SecretKey key(PairKey pair, WrappedKey wrapped, CipherSuite suite) throws InternalFailure {
        try {
            return keys.get(pair, wrapped, suite);
        } catch (GeneralSecurityException unavailable) {
            throw new InternalFailure("key version " + wrapped.getVersion() + " of " + pairName(pair)
                    + " does not unwrap: " + unavailable.getMessage(), unavailable);
        }
    }

    private static String pairName(PairKey pair) {
        return "pair {" + pair.getLow() + ", " + pair.getHigh() + "} of subscriber " + pair.getSubscriber();
    }

    private CipherSuite suite(WrappedKey wrapped) throws RejectedSuite {
        SuiteId id = PairKeyCache.suiteOf(wrapped);
        if (id == null) {
            throw new RejectedSuite("the key names cipher suite id " + wrapped.getSuite() + ", which this cryptor does not know");
        }
        if (id.legacy() && !legacyAllowed) {
            throw new RejectedSuite("cipher suite " + id.suiteName() + " is a legacy suite that this deployment does not allow: "
                    + id.weakness());
        }
        return suites.computeIfAbsent(id, CipherSuites::create);
    }

    private static final class RejectedSuite extends Exception {
        RejectedSuite(String message) {
            super(message, null, false, false);
        }
    }
}

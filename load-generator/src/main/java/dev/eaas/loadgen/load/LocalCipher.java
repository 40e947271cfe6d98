package dev.eaas.loadgen.load;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.SecretKey;

/**
 * Encryption done by the microservices themselves, for the local-encryption mode. Each pair has one key, made at
 * start and kept in memory. The service's own cipher suites and envelope format are used, so the ciphertext has
 * the same size as one made by EaaS.
 *
 * <p>Thread-safe: each thread gets its own {@link CipherSuite} instance, because suite instances are not.
 */
final class LocalCipher {

    /** Subscriber id written into the associated data; the echo path has no subscribers, so any fixed id does. */
    private static final int SUBSCRIBER = 1;
    private static final int KEY_VERSION = 1;

    private final SuiteId suite;
    private final SecretKey[] pairKeys;
    private final ThreadLocal<CipherSuite> suites;
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);

    /** Makes a fresh random key for each of {@code pairs} pairs. */
    LocalCipher(SuiteId suite, int pairs) throws GeneralSecurityException {
        this.suite = suite;
        this.suites = ThreadLocal.withInitial(() -> CipherSuites.create(suite));
        this.pairKeys = new SecretKey[pairs];
        SecureRandom keyRandom = new SecureRandom();
        for (int pair = 0; pair < pairs; pair++) {
            byte[] material = new byte[suite.keySizeBytes()];
            keyRandom.nextBytes(material);
            pairKeys[pair] = suites.get().key(material);
        }
    }

    byte[] seal(int pair, byte[] plaintext) throws GeneralSecurityException {
        return Envelope.seal(suites.get(), random.get(), pairKeys[pair], KEY_VERSION, pairKey(pair), plaintext);
    }

    byte[] open(int pair, byte[] envelope) throws GeneralSecurityException {
        return Envelope.open(suites.get(), pairKeys[pair], KEY_VERSION, pairKey(pair), envelope);
    }

    SuiteId suite() {
        return suite;
    }

    /** Returns the requester ids of pair {@code pair} as the EaaS mode numbers them: 2k+1 and 2k+2. */
    private static PairKey pairKey(int pair) {
        return new PairKey(SUBSCRIBER, 2 * pair + 1, 2 * pair + 2);
    }
}

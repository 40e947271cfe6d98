package dev.eaas.bench;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seals one payload per operation with {@link Envelope#seal}, for every suite and payload size: the work the
 * cryptor does per encryption request, nonce drawing and envelope layout included. The key object is built
 * once, as the key manager's cache would hold it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SuiteBenchmark {

    private static final PairKey PAIR = new PairKey(54, 1, 2);

    /** Every suite. JMH 1.37 requires the values listed here, and a test checks that the list is complete. */
    @Param({"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_GCM_SIV", "DES_CBC", "BLOWFISH_CBC"})
    public SuiteId suiteId;

    @Param({"64", "1024", "65536"})
    public int payloadSizeBytes;

    private final SecureRandom random = new SecureRandom();
    private CipherSuite suite;
    private SecretKey key;
    private byte[] plaintext;

    @Setup
    public void setUp() throws GeneralSecurityException {
        suite = CipherSuites.create(suiteId);
        byte[] material = new byte[suiteId.keySizeBytes()];
        random.nextBytes(material);
        key = suite.key(material);
        plaintext = new byte[payloadSizeBytes];
        random.nextBytes(plaintext);
    }

    @Benchmark
    public byte[] seal() throws GeneralSecurityException {
        return Envelope.seal(suite, random, key, 1, PAIR, plaintext);
    }

    CipherSuite suite() {
        return suite;
    }

    SecretKey key() {
        return key;
    }

    byte[] plaintext() {
        return plaintext;
    }
}

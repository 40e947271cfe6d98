package dev.eaas.bench;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.cryptor.CryptorEngine;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cryptor's whole per-request path for an AES-256-GCM encryption, as its stream processor runs it after
 * deserializing the record. It looks up the pair key in the cache by its wrapped form, builds the envelope and
 * the associated data, encrypts with a fresh nonce, and builds the result. The key is unwrapped once, in set-up, as a
 * cryptor unwraps a pair's key once and then serves it from its cache. Compare with {@link RawAesGcmBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptorPathBenchmark {

    private static final PairKey PAIR = new PairKey(7, 1, 2);

    @Param({"64", "1024", "65536"})
    public int payloadSizeBytes;

    private CryptorEngine engine;
    private CryptoRequest work;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] kekMaterial = new byte[Kek.KEY_SIZE_BYTES];
        random.nextBytes(kekMaterial);
        Kek kek = Kek.of(kekMaterial, List.of());
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, random);
        byte[] wrapped = kek.wrap(dek, new DekBinding(PAIR.getSubscriber(), PAIR.getLow(), PAIR.getHigh(), 1,
                SuiteId.AES_256_GCM));
        byte[] plaintext = new byte[payloadSizeBytes];
        random.nextBytes(plaintext);
        KeyRequest request = KeyRequest.newBuilder().setCoordinator(1).setSubscriber(PAIR.getSubscriber())
                .setRequester(PAIR.getLow()).setSequence(0).setType(RequestType.ENCRYPT).setPair(PAIR.getHigh())
                .setData(ByteBuffer.wrap(plaintext)).setReceivedAtMs(0L).build();
        work = CryptoRequest.newBuilder().setRequest(request).setEncryptionKey(WrappedKey.newBuilder().setVersion(1)
                .setSuite(SuiteId.AES_256_GCM.id()).setWrappedDek(ByteBuffer.wrap(wrapped)).build()).build();
        engine = new CryptorEngine(kek, 10_000, false, failure -> {
            throw new IllegalStateException(failure);
        });
        CryptoResult first = engine.process(PAIR, work);
        if (first.getErrorCode() != null) {
            throw new IllegalStateException("The cryptor failed in set-up: " + first.getErrorMessage());
        }
    }

    @Benchmark
    public CryptoResult encrypt() {
        return engine.process(PAIR, work);
    }
}

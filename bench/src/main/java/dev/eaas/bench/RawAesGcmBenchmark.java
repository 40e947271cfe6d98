package dev.eaas.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-256-GCM straight through the JDK, with a fresh random nonce and 18 bytes of associated data per
 * operation, as in an envelope: the baseline that {@link SuiteBenchmark} with {@code AES_256_GCM} is compared
 * with. Both draw nonces from a default {@link SecureRandom}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawAesGcmBenchmark {

    private static final int NONCE_SIZE_BYTES = 12;
    private static final int TAG_SIZE_BITS = 128;

    @Param({"64", "1024", "65536"})
    public int payloadSizeBytes;

    private final SecureRandom random = new SecureRandom();
    private Cipher cipher;
    private SecretKey key;
    private byte[] associatedData;
    private byte[] plaintext;

    @Setup
    public void setUp() throws GeneralSecurityException {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] material = new byte[32];
        random.nextBytes(material);
        key = new SecretKeySpec(material, "AES");
        associatedData = new byte[18];
        random.nextBytes(associatedData);
        plaintext = new byte[payloadSizeBytes];
        random.nextBytes(plaintext);
    }

    @Benchmark
    public byte[] encrypt() throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_SIZE_BYTES];
        random.nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(plaintext);
    }
}

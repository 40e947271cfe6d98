package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs for the envelope parser. The only documented failure of {@link Envelope#open} is a
 * {@link GeneralSecurityException} with the message "decryption failed", and {@link Envelope#header} returns null
 * for bytes it cannot read. Every loop is bounded by its case count.
 */
class EnvelopeFuzzTest {

    private static final PairKey PAIR = new PairKey(54, 1, 2);
    private static final int HEADER_CASES = 100_000;
    private static final int OPEN_CASES_PER_SUITE = 10_000;

    @Test
    void headerOfRandomBytesNeverThrows() {
        Random random = new Random(11L);
        int headersRead = 0;
        for (int i = 0; i < HEADER_CASES; i++) {
            byte[] bytes = randomBytes(random, random.nextInt(16));
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = Envelope.FORMAT_VERSION;
            }

            EnvelopeHeader header = Envelope.header(bytes);

            if (header != null) {
                headersRead++;
                assertThat(bytes.length).as("case %d", i).isGreaterThanOrEqualTo(Envelope.HEADER_SIZE_BYTES);
                assertThat(header.suite().id()).isEqualTo(bytes[1]);
            }
        }
        assertThat(headersRead).as("some random headers name a known suite").isPositive();
    }

    @Test
    void randomEnvelopeFailsOnlyToDecrypt() throws GeneralSecurityException {
        Random random = new Random(12L);
        for (SuiteId id : SuiteId.values()) {
            CipherSuite suite = CipherSuites.create(id);
            SecretKey key = suite.key(randomBytes(random, id.keySizeBytes()));
            int opened = 0;
            for (int i = 0; i < OPEN_CASES_PER_SUITE; i++) {
                byte[] bytes = randomBytes(random, random.nextInt(80));
                if (random.nextBoolean() && bytes.length >= Envelope.HEADER_SIZE_BYTES) {
                    bytes[0] = Envelope.FORMAT_VERSION;
                    bytes[1] = id.id();
                    bytes[2] = 0;
                    bytes[3] = 0;
                    bytes[4] = 0;
                    bytes[5] = 1;
                }

                try {
                    Envelope.open(suite, key, 1, PAIR, bytes);
                    opened++;
                } catch (GeneralSecurityException failure) {
                    assertThat(failure).as("%s, case %d", id, i).hasMessage("decryption failed");
                }
            }
            if (!id.legacy()) {
                assertThat(opened).as("random bytes that %s authenticated", id).isZero();
            }
        }
    }

    @Test
    void everyFlippedBitFailsAuthentication() throws GeneralSecurityException {
        Random random = new Random(13L);
        for (SuiteId id : SuiteId.values()) {
            if (id.legacy()) {
                continue;
            }
            CipherSuite suite = CipherSuites.create(id);
            SecretKey key = suite.key(randomBytes(random, id.keySizeBytes()));
            for (int envelopeCase = 0; envelopeCase < 20; envelopeCase++) {
                byte[] plaintext = randomBytes(random, random.nextInt(65));
                byte[] envelope = Envelope.seal(suite, new SecureRandom(), key, 1, PAIR, plaintext);

                for (int bit = 0; bit < envelope.length * 8; bit++) {
                    byte[] changed = envelope.clone();
                    changed[bit / 8] ^= (byte) (1 << (bit % 8));

                    assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, changed))
                            .as("%s, envelope %d, bit %d", id, envelopeCase, bit)
                            .isInstanceOf(GeneralSecurityException.class)
                            .hasMessage("decryption failed");
                }
                assertThat(Envelope.open(suite, key, 1, PAIR, envelope)).isEqualTo(plaintext);
            }
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}

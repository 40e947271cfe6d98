package dev.eaas.topology.cryptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.avro.PairKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final PairKey PAIR = new PairKey(54, 1, 2);

    private final SecureRandom random = new SecureRandom();
    private final CipherSuite suite = new AesGcmSuite();
    private final byte[] key = new byte[32];

    EnvelopeTest() {
        random.nextBytes(key);
    }

    @Test
    void payloadsOfEverySizeRoundTrip() throws GeneralSecurityException {
        for (int size : new int[] {0, 1, 7, 8, 9, 16, 65_536}) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);

            byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, plaintext);

            assertThat(envelope).hasSize(Envelope.HEADER_SIZE_BYTES + 12 + size + 16);
            assertThat(Envelope.open(suite, key, 1, PAIR, envelope)).isEqualTo(plaintext);
        }
    }

    @Test
    void headerNamesFormatSuiteAndKeyVersion() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(suite, random, key, 7, PAIR, new byte[3]);

        assertThat(envelope[0]).isEqualTo(Envelope.FORMAT_VERSION);
        assertThat(envelope[1]).isEqualTo(AesGcmSuite.ID);
        assertThat(Envelope.keyVersionOf(envelope)).isEqualTo(7);
    }

    @Test
    void samePlaintextGivesDifferentCiphertexts() throws GeneralSecurityException {
        byte[] plaintext = new byte[32];

        assertThat(Envelope.seal(suite, random, key, 1, PAIR, plaintext))
                .isNotEqualTo(Envelope.seal(suite, random, key, 1, PAIR, plaintext));
    }

    @Test
    void everyFlippedBitFailsDecryption() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, "payload".getBytes());

        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] tampered = envelope.clone();
            tampered[bit / 8] ^= (byte) (0x80 >>> (bit % 8));

            assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, tampered))
                    .as("bit %d", bit)
                    .isInstanceOf(GeneralSecurityException.class);
        }
    }

    @Test
    void otherPairCannotDecrypt() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, "payload".getBytes());

        assertThatThrownBy(() -> Envelope.open(suite, key, 1, new PairKey(54, 1, 3), envelope))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Envelope.open(suite, key, 1, new PairKey(55, 1, 2), envelope))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void keyOfWrongSizeIsRejected() {
        byte[] aes128Key = new byte[16];

        assertThatThrownBy(() -> Envelope.seal(suite, random, aes128Key, 1, PAIR, new byte[3]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("Invalid key size 16 bytes; suite 1 requires 32");
    }

    @Test
    void truncatedEnvelopeFailsDecryption() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, "payload".getBytes());

        for (int length = 0; length < envelope.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(envelope, length);

            assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, truncated))
                    .as("length %d", length)
                    .isInstanceOf(GeneralSecurityException.class);
        }
    }
}

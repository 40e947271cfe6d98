package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvelopeTest {

    private static final PairKey PAIR = new PairKey(54, 1, 2);
    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void payloadsOfEverySizeRoundTrip(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);

        for (int size : new int[] {0, 1, 7, 8, 9, 16, 65_536}) {
            byte[] plaintext = randomBytes(size);

            byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, plaintext);

            assertThat(envelope).as("size %d", size)
                    .hasSize(Envelope.HEADER_SIZE_BYTES + suite.nonceSizeBytes() + suite.ciphertextSizeBytes(size));
            assertThat(Envelope.open(suite, key, 1, PAIR, envelope)).as("size %d", size).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void samePlaintextGivesDifferentEnvelopes(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] plaintext = new byte[32];

        byte[] first = Envelope.seal(suite, random, key, 1, PAIR, plaintext);
        byte[] second = Envelope.seal(suite, random, key, 1, PAIR, plaintext);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOfRange(first, Envelope.HEADER_SIZE_BYTES, first.length))
                .isNotEqualTo(Arrays.copyOfRange(second, Envelope.HEADER_SIZE_BYTES, second.length));
    }

    /** Covers a processor that seals and then opens one envelope, or opens it twice, on one thread. */
    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void envelopeOpensRepeatedlyOnSealingInstance(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);

        assertThat(Envelope.open(suite, key, 1, PAIR, envelope)).isEqualTo(PAYLOAD);
        assertThat(Envelope.open(suite, key, 1, PAIR, envelope)).isEqualTo(PAYLOAD);
        assertThat(Envelope.open(suite, suite.key(key.getEncoded()), 1, PAIR, envelope)).isEqualTo(PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void envelopeOpensOnAnotherInstance(SuiteId id) throws GeneralSecurityException {
        CipherSuite sealer = CipherSuites.create(id);
        CipherSuite opener = CipherSuites.create(id);
        byte[] material = randomBytes(id.keySizeBytes());
        byte[] envelope = Envelope.seal(sealer, random, sealer.key(material), 3, PAIR, PAYLOAD);

        assertThat(Envelope.open(opener, opener.key(material), 3, PAIR, envelope)).isEqualTo(PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(value = SuiteId.class, names = {"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_GCM_SIV"})
    void everyFlippedBitFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);

        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] tampered = envelope.clone();
            tampered[bit / 8] ^= (byte) (0x80 >>> (bit % 8));

            assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, tampered))
                    .as("bit %d", bit)
                    .isExactlyInstanceOf(GeneralSecurityException.class)
                    .hasMessage("decryption failed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SuiteId.class, names = {"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_GCM_SIV"})
    void otherPairFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);

        assertThatThrownBy(() -> Envelope.open(suite, key, 1, new PairKey(54, 1, 3), envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
        assertThatThrownBy(() -> Envelope.open(suite, key, 1, new PairKey(54, 2, 2), envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
        assertThatThrownBy(() -> Envelope.open(suite, key, 1, new PairKey(55, 1, 2), envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
    }

    /** Shows that the legacy suites authenticate nothing, so only the header checks stop a mismatched envelope. */
    @ParameterizedTest
    @EnumSource(value = SuiteId.class, names = {"DES_CBC", "BLOWFISH_CBC"})
    void legacySuitesOpenForAnyPair(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);

        assertThat(Envelope.open(suite, key, 1, new PairKey(55, 1, 3), envelope)).isEqualTo(PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void otherKeyVersionFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 7, PAIR, PAYLOAD);

        assertThatThrownBy(() -> Envelope.open(suite, key, 8, PAIR, envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void otherFormatVersionFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);
        envelope[0] = 2;

        assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void envelopeOfOtherSuiteFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SuiteId otherId = id == SuiteId.AES_256_GCM ? SuiteId.AES_256_GCM_SIV : SuiteId.AES_256_GCM;
        CipherSuite other = CipherSuites.create(otherId);
        byte[] envelope = Envelope.seal(other, random, randomKey(other), 1, PAIR, PAYLOAD);

        assertThatThrownBy(() -> Envelope.open(suite, randomKey(suite), 1, PAIR, envelope))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void truncatedEnvelopeFailsToOpen(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = randomKey(suite);
        byte[] envelope = Envelope.seal(suite, random, key, 1, PAIR, PAYLOAD);

        for (int length = 0; length < envelope.length; length++) {
            byte[] truncated = Arrays.copyOf(envelope, length);

            assertThatThrownBy(() -> Envelope.open(suite, key, 1, PAIR, truncated))
                    .as("length %d", length)
                    .isExactlyInstanceOf(GeneralSecurityException.class)
                    .hasMessage("decryption failed");
        }
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void headerOfSealedEnvelopeNamesSuiteAndKeyVersion(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        byte[] envelope = Envelope.seal(suite, random, randomKey(suite), 0x01020304, PAIR, PAYLOAD);

        assertThat(Envelope.header(envelope)).isEqualTo(new EnvelopeHeader(1, id, 0x01020304));
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void headerReadsNegativeKeyVersion(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        byte[] envelope = Envelope.seal(suite, random, randomKey(suite), -2, PAIR, PAYLOAD);

        assertThat(Envelope.header(envelope)).isEqualTo(new EnvelopeHeader(1, id, -2));
    }

    @Test
    void headerOfShortInputIsNull() {
        for (int length = 0; length < Envelope.HEADER_SIZE_BYTES; length++) {
            byte[] input = new byte[length];
            if (length > 0) {
                input[0] = Envelope.FORMAT_VERSION;
            }
            if (length > 1) {
                input[1] = SuiteId.AES_256_GCM.id();
            }

            assertThat(Envelope.header(input)).as("length %d", length).isNull();
        }
        assertThat(Envelope.header(null)).isNull();
    }

    @Test
    void headerOfUnknownFormatVersionIsNull() {
        assertThat(Envelope.header(new byte[] {0, 1, 0, 0, 0, 1})).isNull();
        assertThat(Envelope.header(new byte[] {2, 1, 0, 0, 0, 1})).isNull();
        assertThat(Envelope.header(new byte[] {(byte) 0xff, 1, 0, 0, 0, 1})).isNull();
    }

    @Test
    void headerOfUnknownSuiteIsNull() {
        assertThat(Envelope.header(new byte[] {1, 0, 0, 0, 0, 1})).isNull();
        assertThat(Envelope.header(new byte[] {1, 6, 0, 0, 0, 1})).isNull();
        assertThat(Envelope.header(new byte[] {1, (byte) 0xff, 0, 0, 0, 1})).isNull();
    }

    @Test
    void headerOfBareHeaderIsRead() {
        assertThat(Envelope.header(new byte[] {1, 4, 0, 0, 1, 0}))
                .isEqualTo(new EnvelopeHeader(1, SuiteId.DES_CBC, 256));
    }

    private SecretKey randomKey(CipherSuite suite) throws GeneralSecurityException {
        return suite.key(randomBytes(suite.id().keySizeBytes()));
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}

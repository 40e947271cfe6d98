package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CipherSuitesTest {

    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void createReturnsSuiteOfThatId(SuiteId id) {
        CipherSuite suite = CipherSuites.create(id);

        assertThat(suite.id()).isEqualTo(id);
        assertThat(suite.authenticated()).isEqualTo(!id.legacy());
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void createReturnsFreshInstance(SuiteId id) {
        assertThat(CipherSuites.create(id)).isNotSameAs(CipherSuites.create(id));
    }

    @Test
    void sizesMatchEachSuite() {
        assertSizes(SuiteId.AES_256_GCM, 12, 16);
        assertSizes(SuiteId.CHACHA20_POLY1305, 12, 16);
        assertSizes(SuiteId.AES_256_GCM_SIV, 12, 16);
        assertSizes(SuiteId.DES_CBC, 8, 0);
        assertSizes(SuiteId.BLOWFISH_CBC, 8, 0);
    }

    @ParameterizedTest
    @EnumSource(value = SuiteId.class, names = {"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_GCM_SIV"})
    void authenticatedSuitesSpendOneNoncePerEncryption(SuiteId id) {
        CipherSuite suite = CipherSuites.create(id);

        assertThat(suite.usageOf(0)).isEqualTo(1);
        assertThat(suite.usageOf(65_536)).isEqualTo(1);
        assertThat(suite.ciphertextSizeBytes(0)).isEqualTo(16);
        assertThat(suite.ciphertextSizeBytes(100)).isEqualTo(116);
    }

    @ParameterizedTest
    @EnumSource(value = SuiteId.class, names = {"DES_CBC", "BLOWFISH_CBC"})
    void legacySuitesCountPaddedBlocks(SuiteId id) {
        CipherSuite suite = CipherSuites.create(id);

        assertThat(suite.usageOf(0)).isEqualTo(1);
        assertThat(suite.usageOf(7)).isEqualTo(1);
        assertThat(suite.usageOf(8)).isEqualTo(2);
        assertThat(suite.usageOf(9)).isEqualTo(2);
        assertThat(suite.usageOf(65_536)).isEqualTo(8_193);
        assertThat(suite.ciphertextSizeBytes(7)).isEqualTo(8);
        assertThat(suite.ciphertextSizeBytes(8)).isEqualTo(16);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void usageOfRejectsNegativeSize(SuiteId id) {
        CipherSuite suite = CipherSuites.create(id);

        assertThatThrownBy(() -> suite.usageOf(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid plaintext size -1 bytes; must be 0 or more");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void keyRejectsWrongSize(SuiteId id) {
        CipherSuite suite = CipherSuites.create(id);
        byte[] material = new byte[id.keySizeBytes() - 1];

        assertThatThrownBy(() -> suite.key(material))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Invalid key size " + material.length + " bytes; suite " + id.suiteName() + " requires "
                        + id.keySizeBytes() + " bytes");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void keyCopiesMaterial(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        byte[] material = new byte[id.keySizeBytes()];
        SecretKey key = suite.key(material);

        material[0] = 1;

        assertThat(key.getEncoded()).containsOnly(0);
    }

    @Test
    void keyOfAnotherSuiteIsRejected() throws GeneralSecurityException {
        CipherSuite aesGcm = CipherSuites.create(SuiteId.AES_256_GCM);
        CipherSuite aesGcmSiv = CipherSuites.create(SuiteId.AES_256_GCM_SIV);
        SecretKey sivKey = aesGcmSiv.key(new byte[32]);

        assertThatThrownBy(() -> aesGcm.encrypt(sivKey, new byte[12], new byte[3], new byte[0]))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Invalid key for suite aes-256-gcm: got a key of suite aes-256-gcm-siv; "
                        + "build keys with that suite's CipherSuite.key");
    }

    @Test
    void keyNotBuiltBySuiteIsRejected() {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        SecretKey aes128 = new SecretKeySpec(new byte[16], "AES");

        assertThatThrownBy(() -> suite.encrypt(aes128, new byte[12], new byte[3], new byte[0]))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageStartingWith("Invalid key for suite aes-256-gcm: got a javax.crypto.spec.SecretKeySpec");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void encryptRejectsWrongNonceSize(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = suite.key(new byte[id.keySizeBytes()]);
        byte[] nonce = new byte[suite.nonceSizeBytes() + 1];

        assertThatThrownBy(() -> suite.encrypt(key, nonce, new byte[3], new byte[0]))
                .isInstanceOf(InvalidAlgorithmParameterException.class)
                .hasMessage("Invalid nonce size " + nonce.length + " bytes; suite " + id.suiteName() + " requires "
                        + suite.nonceSizeBytes() + " bytes");
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void malformedInputFailsWithDecryptionFailedOnly(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = suite.key(randomBytes(id.keySizeBytes()));
        byte[] nonce = randomBytes(suite.nonceSizeBytes());

        // Empty, shorter than a tag or a block, or not a whole number of blocks. Random whole blocks are left
        // out because a legacy suite finds valid padding in about 1 of 256 of them.
        for (int length : new int[] {0, 1, 7, 9, 15, 17, 31}) {
            byte[] input = randomBytes(length);

            assertThatThrownBy(() -> suite.decrypt(key, nonce, input, 0, input.length, new byte[0]))
                    .as("length %d", length)
                    .isExactlyInstanceOf(GeneralSecurityException.class)
                    .hasMessage("decryption failed")
                    .hasNoCause();
        }
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void decryptReadsOnlyGivenRange(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = suite.key(randomBytes(id.keySizeBytes()));
        byte[] nonce = randomBytes(suite.nonceSizeBytes());
        byte[] plaintext = randomBytes(21);
        byte[] output = suite.encrypt(key, nonce, plaintext, new byte[] {5});
        byte[] framed = new byte[output.length + 10];
        System.arraycopy(output, 0, framed, 3, output.length);

        assertThat(suite.decrypt(key, nonce, framed, 3, output.length, new byte[] {5})).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void encryptWritesAtOutputOffset(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = suite.key(randomBytes(id.keySizeBytes()));
        byte[] nonce = randomBytes(suite.nonceSizeBytes());
        byte[] plaintext = randomBytes(21);
        byte[] output = new byte[4 + suite.ciphertextSizeBytes(plaintext.length)];

        int written = suite.encrypt(key, nonce, plaintext, new byte[0], output, 4);

        assertThat(written).isEqualTo(suite.ciphertextSizeBytes(plaintext.length));
        assertThat(suite.decrypt(key, nonce, output, 4, written, new byte[0])).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void encryptRejectsShortOutput(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey key = suite.key(randomBytes(id.keySizeBytes()));
        byte[] nonce = randomBytes(suite.nonceSizeBytes());
        byte[] output = new byte[suite.ciphertextSizeBytes(21) - 1];

        assertThatThrownBy(() -> suite.encrypt(key, nonce, randomBytes(21), new byte[0], output, 0))
                .isInstanceOf(GeneralSecurityException.class);
    }

    /** The legacy suites keep the key schedule between operations, so alternating keys must not mix them up. */
    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void alternatingKeysDecryptWithTheirOwnKey(SuiteId id) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        SecretKey first = suite.key(randomBytes(id.keySizeBytes()));
        SecretKey second = suite.key(randomBytes(id.keySizeBytes()));
        byte[] plaintext = randomBytes(40);

        for (int round = 0; round < 3; round++) {
            SecretKey key = round % 2 == 0 ? first : second;
            SecretKey other = round % 2 == 0 ? second : first;
            byte[] nonce = randomBytes(suite.nonceSizeBytes());
            byte[] output = suite.encrypt(key, nonce, plaintext, new byte[0]);

            assertThat(suite.decrypt(key, nonce, output, 0, output.length, new byte[0])).isEqualTo(plaintext);
            assertThat(suite.decrypt(key, nonce, output, 0, output.length, new byte[0])).isEqualTo(plaintext);
            assertThat(decryptOrNull(suite, other, nonce, output)).isNotEqualTo(plaintext);
        }
    }

    private static byte[] decryptOrNull(CipherSuite suite, SecretKey key, byte[] nonce, byte[] output) {
        try {
            return suite.decrypt(key, nonce, output, 0, output.length, new byte[0]);
        } catch (GeneralSecurityException expected) {
            return null;
        }
    }

    private static void assertSizes(SuiteId id, int nonceSizeBytes, int tagSizeBytes) {
        CipherSuite suite = CipherSuites.create(id);

        assertThat(suite.nonceSizeBytes()).as("nonce size of %s", id).isEqualTo(nonceSizeBytes);
        assertThat(suite.tagSizeBytes()).as("tag size of %s", id).isEqualTo(tagSizeBytes);
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}

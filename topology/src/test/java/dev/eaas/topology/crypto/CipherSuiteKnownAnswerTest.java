package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Published test vectors, run through each suite's encrypt and decrypt with the vector's nonce or IV. */
class CipherSuiteKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, appendix B, test case 16:
     * AES-256, 96-bit IV, 60-byte plaintext, 20 bytes of associated data.
     */
    @Test
    void aes256GcmMatchesGcmSpecTestCase16() throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        SecretKey key = suite.key(HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
        byte[] nonce = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] associatedData = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plaintext = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] expected = HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b");

        assertThat(suite.encrypt(key, nonce, plaintext, associatedData)).isEqualTo(expected);
        assertThat(suite.decrypt(key, nonce, expected, 0, expected.length, associatedData)).isEqualTo(plaintext);
    }

    /** RFC 8439, section 2.8.2, "Example and Test Vector for AEAD_CHACHA20_POLY1305". */
    @Test
    void chaCha20Poly1305MatchesRfc8439Section282() throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(SuiteId.CHACHA20_POLY1305);
        SecretKey key = suite.key(HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"));
        byte[] nonce = HEX.parseHex("070000004041424344454647");
        byte[] associatedData = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
                + "future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] expected = HEX.parseHex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116"
                + "1ae10b594f09e26a7e902ecbd0600691");

        assertThat(suite.encrypt(key, nonce, plaintext, associatedData)).isEqualTo(expected);
        assertThat(suite.decrypt(key, nonce, expected, 0, expected.length, associatedData)).isEqualTo(plaintext);
    }

    /** RFC 8452, appendix C.2 (AEAD_AES_256_GCM_SIV): the vector with 1 byte of associated data and 32 of plaintext. */
    @Test
    void aes256GcmSivMatchesRfc8452ShortAssociatedData() throws GeneralSecurityException {
        assertGcmSivVector(
                "0100000000000000000000000000000000000000000000000000000000000000",
                "030000000000000000000000",
                "01",
                "0200000000000000000000000000000003000000000000000000000000000000",
                "07dad364bfc2b9da89116d7bef6daaaf6f255510aa654f920ac81b94e8bad365"
                        + "aea1bad12702e1965604374aab96dbbc");
    }

    /** RFC 8452, appendix C.2 (AEAD_AES_256_GCM_SIV): the last vector, with unaligned lengths of both inputs. */
    @Test
    void aes256GcmSivMatchesRfc8452UnalignedInputs() throws GeneralSecurityException {
        assertGcmSivVector(
                "3c535de192eaed3822a2fbbe2ca9dfc88255e14a661b8aa82cc54236093bbc23",
                "688089e55540db1872504e1c",
                "734320ccc9d9bbbb19cb81b2af4ecbc3e72834321f7aa0f70b7282b4f33df23f167541",
                "ced532ce4159b035277d4dfbb7db62968b13cd4eec",
                "626660c26ea6612fb17ad91e8e767639edd6c9faee9d6c7029675b89eaf4ba1ded1a286594");
    }

    /**
     * FIPS PUB 81, appendix C, table C1 (the CBC example): key 0123456789abcdef, IV 1234567890abcdef,
     * plaintext "Now is the time for all ".
     *
     * <p>The published plaintext fills three blocks and has no padding. The suite adds PKCS#7 padding, which
     * for a block-aligned plaintext is one more block of eight 0x08 bytes. CBC output depends only on earlier
     * blocks, so the first three blocks must equal the published ciphertext. The fourth must be DES of the
     * padding block XOR the third ciphertext block, which the test computes with the JDK's DES as an
     * independent check.
     */
    @Test
    void desCbcMatchesFips81Example() throws GeneralSecurityException {
        assertCbcVector(SuiteId.DES_CBC, "DES",
                "0123456789abcdef",
                "1234567890abcdef",
                HEX.formatHex("Now is the time for all ".getBytes(StandardCharsets.US_ASCII)),
                "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
    }

    /**
     * Eric Young's Blowfish test data, published with Bruce Schneier's test vectors ("chaining mode test
     * data"): key 0123456789ABCDEFF0E1D2C3B4A59687, IV FEDCBA9876543210, the 29 bytes "7654321 Now is the
     * time for " and a zero byte, zero-filled to 32 bytes. The 32 bytes go through the suite as its plaintext,
     * so the published ciphertext is the first four blocks and the fifth is the padding block, as for DES.
     */
    @Test
    void blowfishCbcMatchesEricYoungChainingVector() throws GeneralSecurityException {
        assertCbcVector(SuiteId.BLOWFISH_CBC, "Blowfish",
                "0123456789abcdeff0e1d2c3b4a59687",
                "fedcba9876543210",
                "37363534333231204e6f77206973207468652074696d6520666f722000000000",
                "6b77b4d63006dee605b156e27403979358deb9e7154616d959f1652bd5ff92cc");
    }

    private static void assertGcmSivVector(String keyHex, String nonceHex, String associatedDataHex,
            String plaintextHex, String expectedHex) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM_SIV);
        SecretKey key = suite.key(HEX.parseHex(keyHex));
        byte[] nonce = HEX.parseHex(nonceHex);
        byte[] associatedData = HEX.parseHex(associatedDataHex);
        byte[] plaintext = HEX.parseHex(plaintextHex);
        byte[] expected = HEX.parseHex(expectedHex);

        assertThat(suite.encrypt(key, nonce, plaintext, associatedData)).isEqualTo(expected);
        assertThat(suite.decrypt(key, nonce, expected, 0, expected.length, associatedData)).isEqualTo(plaintext);
    }

    private static void assertCbcVector(SuiteId id, String jdkAlgorithm, String keyHex, String ivHex,
            String plaintextHex, String publishedHex) throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(id);
        byte[] material = HEX.parseHex(keyHex);
        SecretKey key = suite.key(material);
        byte[] iv = HEX.parseHex(ivHex);
        byte[] plaintext = HEX.parseHex(plaintextHex);
        byte[] published = HEX.parseHex(publishedHex);

        byte[] output = suite.encrypt(key, iv, plaintext, new byte[0]);

        assertThat(output).hasSize(published.length + 8);
        assertThat(Arrays.copyOf(output, published.length)).isEqualTo(published);
        assertThat(Arrays.copyOfRange(output, published.length, output.length))
                .isEqualTo(paddingBlock(jdkAlgorithm, material, Arrays.copyOfRange(published, published.length - 8,
                        published.length)));
        assertThat(suite.decrypt(key, iv, output, 0, output.length, new byte[0])).isEqualTo(plaintext);
    }

    /** Encrypts a block of eight 0x08 bytes chained to {@code previousBlock}, with the JDK's ECB mode. */
    private static byte[] paddingBlock(String jdkAlgorithm, byte[] material, byte[] previousBlock)
            throws GeneralSecurityException {
        byte[] block = new byte[8];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (0x08 ^ previousBlock[i]);
        }
        Cipher ecb = Cipher.getInstance(jdkAlgorithm + "/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material, jdkAlgorithm));
        return ecb.doFinal(block);
    }
}

package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Pins the envelope layout of format version 1 byte for byte. If one of these tests fails, the code no longer
 * writes format version 1: restore the layout rather than change the expected bytes.
 */
class EnvelopeGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final PairKey PAIR = new PairKey(54, 1, 2);
    private static final int KEY_VERSION = 7;
    private static final byte[] PLAINTEXT = "golden bytes".getBytes(StandardCharsets.US_ASCII);

    /** Returns the associated data: the header bytes, then subscriber 54, low 1 and high 2 as big-endian ints. */
    private static String associatedDataHex(String headerHex) {
        return headerHex + "00000036" + "00000001" + "00000002";
    }

    @Test
    void aes256GcmEnvelopeHasPinnedBytes() throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        byte[] material = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        String header = "01" + "01" + "00000007";
        String nonce = "a0a1a2a3a4a5a6a7a8a9aaab";
        String ciphertext = "8177104920a522dd1b11e2a0";
        String tag = "c868be3faa1886d8256125a12d50fe3d";

        byte[] envelope = Envelope.seal(suite, new CountingSecureRandom(0xa0), suite.key(material), KEY_VERSION, PAIR,
                PLAINTEXT);

        assertThat(HEX.formatHex(envelope)).isEqualTo(header + nonce + ciphertext + tag);
        assertThat(cipherOutput(envelope, 12)).isEqualTo(jdkAesGcm(material, HEX.parseHex(nonce),
                HEX.parseHex(associatedDataHex(header))));
    }

    @Test
    void desCbcEnvelopeHasPinnedBytes() throws GeneralSecurityException {
        CipherSuite suite = CipherSuites.create(SuiteId.DES_CBC);
        byte[] material = HEX.parseHex("0123456789abcdef");
        String header = "01" + "04" + "00000007";
        String iv = "a0a1a2a3a4a5a6a7";
        String ciphertext = "4db8721fb6e4c74d5d232d1e51994633";

        byte[] envelope = Envelope.seal(suite, new CountingSecureRandom(0xa0), suite.key(material), KEY_VERSION, PAIR,
                PLAINTEXT);

        assertThat(HEX.formatHex(envelope)).isEqualTo(header + iv + ciphertext);
        assertThat(cipherOutput(envelope, 8)).isEqualTo(jdkDesCbc(material, HEX.parseHex(iv)));
    }

    private static byte[] cipherOutput(byte[] envelope, int nonceSizeBytes) {
        return Arrays.copyOfRange(envelope, Envelope.HEADER_SIZE_BYTES + nonceSizeBytes, envelope.length);
    }

    /** Computes the cipher output with the JDK directly, to show which associated data the envelope binds. */
    private static byte[] jdkAesGcm(byte[] material, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(PLAINTEXT);
    }

    /** Computes the cipher output with the JDK's DES; its "PKCS5Padding" is PKCS#7 padding for 8-byte blocks. */
    private static byte[] jdkDesCbc(byte[] material, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("DES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material, "DES"), new IvParameterSpec(iv));
        return cipher.doFinal(PLAINTEXT);
    }
}

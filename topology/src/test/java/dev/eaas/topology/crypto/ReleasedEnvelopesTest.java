package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Opens envelopes that released format versions wrote, kept under {@code envelopes/v<format>/} in the test
 * resources, one file per suite. Those files are permanent, and a failure here means the code can no longer
 * read ciphertexts that requesters keep.
 */
class ReleasedEnvelopesTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void formatVersion1EnvelopeOpens(SuiteId id) throws IOException, GeneralSecurityException {
        Properties released = load("envelopes/v1/" + id.suiteName() + ".properties");
        CipherSuite suite = CipherSuites.create(id);
        byte[] envelope = HEX.parseHex(released.getProperty("envelope.hex"));
        int keyVersion = Integer.parseInt(released.getProperty("key.version"));
        PairKey pair = new PairKey(
                Integer.parseInt(released.getProperty("subscriber")),
                Integer.parseInt(released.getProperty("low")),
                Integer.parseInt(released.getProperty("high")));

        byte[] plaintext = Envelope.open(suite, suite.key(HEX.parseHex(released.getProperty("key.hex"))), keyVersion,
                pair, envelope);

        assertThat(released.getProperty("suite")).isEqualTo(id.suiteName());
        assertThat(Envelope.header(envelope)).isEqualTo(new EnvelopeHeader(1, id, keyVersion));
        assertThat(plaintext).isEqualTo(HEX.parseHex(released.getProperty("plaintext.hex")));
    }

    private static Properties load(String resource) throws IOException {
        try (InputStream in = ReleasedEnvelopesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s; every suite needs a released envelope", resource).isNotNull();
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        }
    }
}

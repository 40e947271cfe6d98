package dev.eaas.topology.cryptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.KeyVersions;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topology.common.AvroBytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptorTopologyTest {

    private static final PairKey PAIR = new PairKey(54, 1, 2);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<PairKey, CryptoRequest> requests;
    private TestOutputTopic<PairKey, CryptoResult> results;

    @BeforeEach
    void startDriver() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "cryptor-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CryptorTopology.build(), properties);
        requests = driver.createInputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(), AvroSerde.of(CryptoRequest.class));
        results = driver.createOutputTopic(TopicCatalogue.cryptoResultTopic(1), new PairKeySerde(), AvroSerde.of(CryptoResult.class));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void encryptionThenDecryptionRoundTrips() {
        byte[] dek = new byte[32];
        requests.pipeInput(PAIR, work(RequestType.ENCRYPT, "secret".getBytes(), 1, dek));
        byte[] ciphertext = dataOf(results.readValue());

        requests.pipeInput(PAIR, work(RequestType.DECRYPT, ciphertext, 1, dek));

        assertThat(dataOf(results.readValue())).isEqualTo("secret".getBytes());
    }

    @Test
    void decryptionWithoutKeyFails() {
        requests.pipeInput(PAIR, work(RequestType.DECRYPT, new byte[40], KeyVersions.NONE, new byte[0]));

        CryptoResult result = results.readValue();
        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
        assertThat(result.getData()).isNull();
    }

    @Test
    void decryptionWithMalformedKeyFails() {
        requests.pipeInput(PAIR, work(RequestType.DECRYPT, new byte[40], 1, new byte[0]));

        assertThat(results.readValue().getErrorCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
    }

    private static CryptoRequest work(RequestType type, byte[] data, int keyVersion, byte[] dek) {
        KeyRequest request = KeyRequest.newBuilder().setCoordinator(1).setSubscriber(54).setRequester(1).setSequence(0)
                .setType(type).setPair(2).setData(ByteBuffer.wrap(data)).setReceivedAtMs(0L).build();
        return CryptoRequest.newBuilder().setRequest(request).setKeyVersion(keyVersion).setDek(ByteBuffer.wrap(dek)).build();
    }

    private static byte[] dataOf(CryptoResult result) {
        return AvroBytes.of(result.getData());
    }
}

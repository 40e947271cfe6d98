package dev.eaas.topology.cryptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.TestKeks;
import java.security.SecureRandom;
import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
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
    private Kek kek;
    private TestInputTopic<PairKey, CryptoRequest> requests;
    private TestOutputTopic<PairKey, CryptoResult> results;

    @BeforeEach
    void startDriver() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "cryptor-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        kek = TestKeks.fresh(stateDir, "kek.key");
        driver = new TopologyTestDriver(CryptorTopology.build(new ServiceConfig(Map.of()), kek), properties);
        requests = driver.createInputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(), AvroSerde.of(CryptoRequest.class));
        results = driver.createOutputTopic(TopicCatalogue.cryptoResultTopic(1), new PairKeySerde(), AvroSerde.of(CryptoResult.class));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void encryptionThenDecryptionRoundTrips() throws Exception {
        WrappedKey key = key(kek, 1);
        requests.pipeInput(PAIR, work(RequestType.ENCRYPT, "secret".getBytes(), null, key));
        byte[] ciphertext = dataOf(results.readValue());

        requests.pipeInput(PAIR, work(RequestType.DECRYPT, ciphertext, key, null));

        assertThat(dataOf(results.readValue())).isEqualTo("secret".getBytes());
    }

    @Test
    void keyManagerErrorIsPassedOn() {
        CryptoRequest rejected = work(RequestType.DECRYPT, new byte[40], null, null);
        rejected.setErrorCode(ErrorCode.KEY_VERSION_RETIRED.name());
        rejected.setErrorMessage("retired");
        requests.pipeInput(PAIR, rejected);

        CryptoResult result = results.readValue();
        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());
        assertThat(result.getErrorMessage()).isEqualTo("retired");
        assertThat(result.getData()).isNull();
    }

    @Test
    void keyWrappedUnderAnotherKekIsAnInternalErrorNotABadCiphertext() throws Exception {
        Kek other = TestKeks.fresh(stateDir, "other.key");
        requests.pipeInput(PAIR, work(RequestType.ENCRYPT, "secret".getBytes(), null, key(other, 1)));

        CryptoResult result = results.readValue();
        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR.name());
        assertThat(ErrorCode.INTERNAL_ERROR.retriable()).isTrue();
    }

    @Test
    void keyOfAnotherPairDoesNotUnwrap() throws Exception {
        WrappedKey key = key(kek, 1);
        requests.pipeInput(PAIR, work(RequestType.ENCRYPT, "secret".getBytes(), null, key));
        byte[] ciphertext = dataOf(results.readValue());

        requests.pipeInput(new PairKey(54, 1, 3), work(RequestType.DECRYPT, ciphertext, key, null));

        assertThat(results.readValue().getErrorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR.name());
    }

    @Test
    void unreadableCryptoRequestIsDeadLettered() throws Exception {
        TestInputTopic<PairKey, byte[]> rawRequests = driver.createInputTopic(TopicCatalogue.CRYPTO_REQUESTS,
                new PairKeySerde(), Serdes.ByteArray().serializer());
        TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS,
                Serdes.String().deserializer(), AvroSerde.of(DeadLetter.class));
        CryptoRequest request = work(RequestType.DECRYPT, new byte[40], key(kek, 1), null);
        byte[] unknownSchema = AvroSerde.of(CryptoRequest.class).serialize("crypto-requests", request);
        unknownSchema[9] ^= 1;

        rawRequests.pipeInput(PAIR, unknownSchema);
        requests.pipeInput(PAIR, request);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).contains("not a readable CryptoRequest").contains("MissingSchemaException");
        assertThat(letter.getComponent()).isEqualTo("cryptor");
        assertThat(results.readValuesToList()).hasSize(1);
    }

    @Test
    void malformedCiphertextFailsDecryption() throws Exception {
        requests.pipeInput(PAIR, work(RequestType.DECRYPT, new byte[40], key(kek, 1), null));

        assertThat(results.readValue().getErrorCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
    }

    private static WrappedKey key(Kek kek, int version) throws Exception {
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, new SecureRandom());
        byte[] wrapped = kek.wrap(dek, new DekBinding(PAIR.getSubscriber(), PAIR.getLow(), PAIR.getHigh(), version,
                SuiteId.AES_256_GCM));
        return WrappedKey.newBuilder().setVersion(version).setSuite(SuiteId.AES_256_GCM.id())
                .setWrappedDek(ByteBuffer.wrap(wrapped)).build();
    }

    private static CryptoRequest work(RequestType type, byte[] data, WrappedKey decryptionKey, WrappedKey encryptionKey) {
        KeyRequest request = KeyRequest.newBuilder().setCoordinator(1).setSubscriber(54).setRequester(1).setSequence(0)
                .setType(type).setPair(2).setData(ByteBuffer.wrap(data)).setReceivedAtMs(0L).build();
        return CryptoRequest.newBuilder().setRequest(request).setDecryptionKey(decryptionKey)
                .setEncryptionKey(encryptionKey).build();
    }

    private static byte[] dataOf(CryptoResult result) {
        return AvroBytes.of(result.getData());
    }
}

package dev.eaas.topology.keymanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.TestKeks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyManagerTopologyTest {

    private static final int SUBSCRIBER = 54;
    private static final int COORDINATOR = 1;

    private TopologyTestDriver driver;
    private Kek kek;
    private TestInputTopic<PairKey, KeyRequest> keyRequests;
    private TestOutputTopic<PairKey, CryptoRequest> cryptoRequests;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-manager-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        kek = TestKeks.fresh(stateDir, "kek.key");
        driver = new TopologyTestDriver(KeyManagerTopology.build(new ServiceConfig(Map.of()), kek), properties);
        driver.createInputTopic(TopicCatalogue.SUBSCRIBERS, Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class))
                .pipeInput(Integer.toString(SUBSCRIBER), new SubscriberRecord(SUBSCRIBER, 2, 1, COORDINATOR, 0L, "aes-256-gcm"));
        keyRequests = driver.createInputTopic(TopicCatalogue.KEY_REQUESTS, new PairKeySerde(), AvroSerde.of(KeyRequest.class));
        cryptoRequests = driver.createOutputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(),
                AvroSerde.of(CryptoRequest.class));
        deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS, Serdes.String().deserializer(),
                AvroSerde.of(DeadLetter.class));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void unreadableKeyRequestIsDeadLettered() {
        TestInputTopic<PairKey, byte[]> rawKeyRequests = driver.createInputTopic(TopicCatalogue.KEY_REQUESTS,
                new PairKeySerde(), Serdes.ByteArray().serializer());
        byte[] unknownSchema = AvroSerde.of(KeyRequest.class).serialize("key-requests", request(1, 2));
        unknownSchema[5] ^= 1;

        rawKeyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), unknownSchema);
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).contains("not a readable KeyRequest").contains("MissingSchemaException");
        assertThat(letter.getComponent()).isEqualTo("key-manager");
        assertThat(cryptoRequests.readValuesToList()).hasSize(1);
    }

    @Test
    void bothSidesOfPairGetSameKey() {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(2, 1));
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        List<CryptoRequest> work = cryptoRequests.readValuesToList();
        assertThat(work).hasSize(2);
        assertThat(work.get(0).getEncryptionKey()).isEqualTo(work.get(1).getEncryptionKey());
        assertThat(work.get(0).getEncryptionKey().getVersion()).isEqualTo(1);
        assertThat(storedPairs()).containsExactly(new PairKey(SUBSCRIBER, 1, 2));
    }

    @Test
    void keysLeaveWrappedAndBoundToTheirPair() throws Exception {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        CryptoRequest work = cryptoRequests.readValue();
        byte[] wrapped = AvroBytes.of(work.getEncryptionKey().getWrappedDek());
        byte[] dek = kek.unwrap(wrapped, new DekBinding(SUBSCRIBER, 1, 2, 1, SuiteId.AES_256_GCM));
        assertThat(dek).hasSize(32);
        assertThat(Collections.indexOfSubList(bytes(wrapped), bytes(dek))).isEqualTo(-1);
        PairKeyRing ring = driver.<PairKey, PairKeyRing>getKeyValueStore(KeyManagerTopology.KEY_STORE)
                .get(new PairKey(SUBSCRIBER, 1, 2));
        assertThat(AvroBytes.of(ring.getVersions().get(0).getWrappedDek())).isEqualTo(wrapped);
        assertThatThrownBy(
                () -> kek.unwrap(wrapped, new DekBinding(SUBSCRIBER, 1, 3, 1, SuiteId.AES_256_GCM)))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void decryptionNeverCreatesKey() {
        KeyRequest decrypt = request(1, 2);
        decrypt.setType(RequestType.DECRYPT);

        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), decrypt);

        CryptoRequest work = cryptoRequests.readValue();
        assertThat(work.getErrorCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
        assertThat(work.getDecryptionKey()).isNull();
        assertThat(storedPairs()).isEmpty();
    }

    @Test
    void otherPairsGetOtherKeys() {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 3), request(1, 3));

        List<CryptoRequest> work = cryptoRequests.readValuesToList();
        assertThat(work.get(0).getEncryptionKey().getWrappedDek()).isNotEqualTo(work.get(1).getEncryptionKey().getWrappedDek());
    }

    @Test
    void requestFromUnassignedCoordinatorIsDeadLettered() {
        KeyRequest forged = request(1, 2);
        forged.setCoordinator(9);

        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), forged);

        assertThat(cryptoRequests.isEmpty()).isTrue();
        assertThat(deadLetters.readValue().getReason()).contains("coordinator 9");
    }

    @Test
    void requestUnderAnotherPairsKeyIsDeadLettered() {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 3), request(1, 2));

        assertThat(cryptoRequests.isEmpty()).isTrue();
        assertThat(deadLetters.readValue().getReason()).contains("key of another pair");
    }

    @Test
    void requestWithoutAskingGetsNoLease() {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        assertThat(cryptoRequests.readValue().getLease()).isNull();
    }

    @Test
    void encryptionLeaseLendsUsageCountedAsSpent() {
        KeyRequest asking = request(1, 2);
        asking.setLeaseUsageRequested(KeyManagerTopology.LEASE_USAGE_MAX);

        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), asking);
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        List<CryptoRequest> work = cryptoRequests.readValuesToList();
        KeyLease lease = work.get(0).getLease();
        assertThat(lease.getEncryptionKey()).isEqualTo(work.get(0).getEncryptionKey());
        assertThat(lease.getEncryptionUsage()).isEqualTo(KeyManagerTopology.LEASE_USAGE_MAX);
        assertThat(lease.getEncryptionUsageFrom()).as("after the request's own encryption").isEqualTo(1);
        assertThat(lease.getMinDecryptionVersion()).isEqualTo(1);
        PairKeyVersion stored = driver.<PairKey, PairKeyRing>getKeyValueStore(KeyManagerTopology.KEY_STORE)
                .get(new PairKey(SUBSCRIBER, 1, 2)).getVersions().get(0);
        // The first encryption, the lent usage and a reservation ahead, which also covers the second encryption.
        assertThat(stored.getUsage()).isEqualTo(1 + KeyManagerTopology.LEASE_USAGE_MAX + KeyLookupProcessor.USAGE_RESERVATION);
    }

    @Test
    void leaseCappedByVersionLimit() {
        driver.close();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-manager-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("limited").toString());
        driver = new TopologyTestDriver(KeyManagerTopology.build(
                new ServiceConfig(Map.of(ServiceConfig.KEYS_MAX_ENCRYPTIONS, "100")), kek), properties);
        driver.createInputTopic(TopicCatalogue.SUBSCRIBERS, Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class))
                .pipeInput(Integer.toString(SUBSCRIBER), new SubscriberRecord(SUBSCRIBER, 2, 1, COORDINATOR, 0L, "aes-256-gcm"));
        keyRequests = driver.createInputTopic(TopicCatalogue.KEY_REQUESTS, new PairKeySerde(), AvroSerde.of(KeyRequest.class));
        cryptoRequests = driver.createOutputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(),
                AvroSerde.of(CryptoRequest.class));
        KeyRequest asking = request(1, 2);
        asking.setLeaseUsageRequested(KeyManagerTopology.LEASE_USAGE_MAX);

        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), asking);
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));

        List<CryptoRequest> work = cryptoRequests.readValuesToList();
        assertThat(work.get(0).getLease().getEncryptionUsage()).isEqualTo(99);
        // The lent usage spent the version, so the next encryption rotates to version 2.
        assertThat(work.get(1).getEncryptionKey().getVersion()).isEqualTo(2);
    }

    @Test
    void decryptionLeaseLendsTheVersionTheEnvelopeNames() {
        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), request(1, 2));
        WrappedKey key = cryptoRequests.readValue().getEncryptionKey();
        KeyRequest decrypt = request(2, 1);
        decrypt.setType(RequestType.DECRYPT);
        decrypt.setLeaseUsageRequested(1L);
        byte[] envelope = new byte[Envelope.HEADER_SIZE_BYTES + 32];
        envelope[0] = Envelope.FORMAT_VERSION;
        envelope[1] = SuiteId.AES_256_GCM.id();
        envelope[5] = 1;
        decrypt.setData(ByteBuffer.wrap(envelope));

        keyRequests.pipeInput(new PairKey(SUBSCRIBER, 1, 2), decrypt);

        KeyLease lease = cryptoRequests.readValue().getLease();
        assertThat(lease.getDecryptionKey()).isEqualTo(key);
        assertThat(lease.getEncryptionKey()).isNull();
        assertThat(lease.getEncryptionUsage()).isZero();
    }

    /** Counts by iterating, since the store's cache makes its approximate count count a key twice. */
    private List<PairKey> storedPairs() {
        KeyValueStore<PairKey, PairKeyRing> store = driver.getKeyValueStore(KeyManagerTopology.KEY_STORE);
        List<PairKey> pairs = new ArrayList<>();
        try (KeyValueIterator<PairKey, PairKeyRing> all = store.all()) {
            all.forEachRemaining(entry -> pairs.add(entry.key));
        }
        return pairs;
    }

    private static List<Byte> bytes(byte[] array) {
        List<Byte> list = new ArrayList<>();
        for (byte value : array) {
            list.add(value);
        }
        return list;
    }

    private static KeyRequest request(int requester, int pair) {
        return KeyRequest.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(requester)
                .setSequence(0).setType(RequestType.ENCRYPT).setPair(pair).setData(ByteBuffer.wrap(new byte[4]))
                .setReceivedAtMs(0L).build();
    }
}

package dev.eaas.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.PairKeySerde;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyAdminOperation;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.TestKeks;
import dev.eaas.topology.cryptor.CryptorTopology;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pair key's life through the key manager and the cryptor together: creation, use, rotation by an operator and
 * by usage, rewrap, and retirement by the minimum decryption version.
 */
class KeyLifecycleTest {

    private static final int SUBSCRIBER = 7;
    private static final int COORDINATOR = 1;
    private static final PairKey PAIR = new PairKey(SUBSCRIBER, 1, 2);

    @TempDir
    Path dir;

    private TopologyTestDriver keyManager;
    private TopologyTestDriver cryptor;
    private TestInputTopic<PairKey, KeyRequest> keyRequests;
    private TestInputTopic<byte[], KeyAdminRequest> adminRequests;
    private TestOutputTopic<String, KeyAdminReply> adminReplies;
    private TestOutputTopic<PairKey, CryptoRequest> cryptoRequestsOut;
    private TestInputTopic<PairKey, CryptoRequest> cryptoRequestsIn;
    private TestOutputTopic<PairKey, CryptoResult> results;
    private int sequence;
    private int starts;

    @AfterEach
    void closeDrivers() {
        if (keyManager != null) {
            keyManager.close();
        }
        if (cryptor != null) {
            cryptor.close();
        }
    }

    private void start(Map<String, Object> settings, String suite) {
        Map<String, Object> all = new HashMap<>(settings);
        // No coordinator borrows keys here, so a minimum decryption version may rise right after a rotation.
        all.putIfAbsent(ServiceConfig.COORDINATOR_KEY_LEASE_MS, 0L);
        ServiceConfig config = new ServiceConfig(all);
        starts++;
        Kek kek = TestKeks.fresh(dir, "kek-" + starts + ".key");
        keyManager = new TopologyTestDriver(KeyManagerTopology.build(config, kek), properties("key-manager-" + starts));
        cryptor = new TopologyTestDriver(CryptorTopology.build(config, kek), properties("cryptor-" + starts));
        keyManager.createInputTopic(TopicCatalogue.SUBSCRIBERS, Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class))
                .pipeInput(Integer.toString(SUBSCRIBER), new SubscriberRecord(SUBSCRIBER, 0, 0, COORDINATOR, 0L, suite));
        keyRequests = keyManager.createInputTopic(TopicCatalogue.KEY_REQUESTS, new PairKeySerde(), AvroSerde.of(KeyRequest.class));
        adminRequests = keyManager.createInputTopic(TopicCatalogue.KEY_ADMIN, Serdes.ByteArray().serializer(),
                AvroSerde.of(KeyAdminRequest.class));
        adminReplies = keyManager.createOutputTopic(TopicCatalogue.KEY_ADMIN_REPLIES, Serdes.String().deserializer(),
                AvroSerde.of(KeyAdminReply.class));
        cryptoRequestsOut = keyManager.createOutputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(),
                AvroSerde.of(CryptoRequest.class));
        cryptoRequestsIn = cryptor.createInputTopic(TopicCatalogue.CRYPTO_REQUESTS, new PairKeySerde(),
                AvroSerde.of(CryptoRequest.class));
        results = cryptor.createOutputTopic(TopicCatalogue.cryptoResultTopic(COORDINATOR), new PairKeySerde(),
                AvroSerde.of(CryptoResult.class));
    }

    private Properties properties(String name) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, name + "-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(name).toString());
        return properties;
    }

    @Test
    void oldVersionsDecryptUntilRetired() {
        start(Map.of(), "aes-256-gcm");
        byte[] first = data(serve(RequestType.ENCRYPT, false, text("version one")));
        assertThat(Envelope.header(first).keyVersion()).isEqualTo(1);

        KeyAdminReply rotated = admin(KeyAdminOperation.ROTATE, PAIR, 0);
        assertThat(rotated.getChanges()).containsExactly("pair {1, 2} of subscriber 7: rotated to key version 2");
        byte[] second = data(serve(RequestType.ENCRYPT, false, text("version two")));
        assertThat(Envelope.header(second).keyVersion()).isEqualTo(2);

        assertThat(data(serve(RequestType.DECRYPT, false, first))).isEqualTo(text("version one"));
        assertThat(data(serve(RequestType.DECRYPT, false, second))).isEqualTo(text("version two"));

        KeyAdminReply raised = admin(KeyAdminOperation.SET_MIN_DECRYPTION_VERSION, PAIR, 2);
        assertThat(raised.getChanges()).containsExactly("pair {1, 2} of subscriber 7: minimum decryption version 1 -> 2");
        CryptoResult rejected = serve(RequestType.DECRYPT, false, first);
        assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());
        assertThat(rejected.getData()).as("plaintext of a rejected decryption").isNull();
        assertThat(ErrorCode.KEY_VERSION_RETIRED.retriable()).isFalse();
        assertThat(rejected.getErrorMessage()).contains("key version 1", "minimum decryption version 2");
        assertThat(data(serve(RequestType.DECRYPT, false, second))).isEqualTo(text("version two"));
    }

    @Test
    void minimumWaitsOutTheLeaseTime() {
        start(Map.of(ServiceConfig.COORDINATOR_KEY_LEASE_MS, 60_000L), "aes-256-gcm");
        serve(RequestType.ENCRYPT, false, text("version one"));
        admin(KeyAdminOperation.ROTATE, PAIR, 0);

        KeyAdminReply rejected = admin(KeyAdminOperation.SET_MIN_DECRYPTION_VERSION, PAIR, 2);

        assertThat(rejected.getChanges()).isEmpty();
        assertThat(rejected.getRejections()).singleElement().asString()
                .contains("left at minimum decryption version 1", "coordinator.key.lease.ms (60000 ms)", "try again in");
    }

    @Test
    void rewrapMovesToNewestVersion() {
        start(Map.of(), "aes-256-gcm");
        byte[] old = data(serve(RequestType.ENCRYPT, false, text("stored record")));
        admin(KeyAdminOperation.ROTATE, PAIR, 0);

        CryptoResult rewrapped = serve(RequestType.ENCRYPT, true, old);

        assertThat(rewrapped.getType()).isEqualTo(RequestType.ENCRYPT);
        byte[] fresh = data(rewrapped);
        assertThat(Envelope.header(fresh).keyVersion()).isEqualTo(2);
        assertThat(new String(fresh, StandardCharsets.ISO_8859_1)).doesNotContain("stored record");
        admin(KeyAdminOperation.SET_MIN_DECRYPTION_VERSION, PAIR, 2);
        assertThat(data(serve(RequestType.DECRYPT, false, fresh))).isEqualTo(text("stored record"));
        CryptoResult rejectedRewrap = serve(RequestType.ENCRYPT, true, old);
        assertThat(rejectedRewrap.getErrorCode()).isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());
        assertThat(rejectedRewrap.getData()).as("data of a rejected rewrap").isNull();
    }

    @Test
    void usageLimitRotatesBeforeTheBudgetIsSpent() {
        start(Map.of(ServiceConfig.KEYS_MAX_ENCRYPTIONS, 2L), "aes-256-gcm");
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            versions.add(Envelope.header(data(serve(RequestType.ENCRYPT, false, text("n" + i)))).keyVersion());
        }

        assertThat(versions).containsExactly(1, 1, 2, 2, 3);
        KeyAdminReply listed = admin(KeyAdminOperation.LIST, PAIR, 0);
        assertThat(listed.getPairs()).hasSize(1);
        // Usage is reserved ahead, up to the limit, so version 3 shows its whole limit after one encryption.
        assertThat(listed.getPairs().get(0).getVersions()).extracting(version -> version.getUsage()).containsExactly(2L, 2L, 2L);
    }

    @Test
    void usageReservedAheadOfEncryptions() {
        start(Map.of(), "aes-256-gcm");
        TestOutputTopic<PairKey, PairKeyRing> changelog = keyManager.createOutputTopic(
                "key-manager-" + starts + "-test-" + KeyManagerTopology.KEY_STORE + "-changelog", new PairKeySerde(),
                AvroSerde.of(PairKeyRing.class));

        for (int i = 0; i < 5; i++) {
            serve(RequestType.ENCRYPT, false, text("n" + i));
        }

        List<PairKeyRing> written = changelog.readValuesToList();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getVersions().get(0).getUsage()).isEqualTo(1 + 4096L);
    }

    @Test
    void legacySuiteCountsBlocksAgainstItsLimit() {
        start(Map.of(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, true, ServiceConfig.KEYS_LEGACY_MAX_BLOCKS, 4L), "blowfish-cbc");
        byte[] ciphertext = data(serve(RequestType.ENCRYPT, false, new byte[16]));
        assertThat(Envelope.header(ciphertext).suite()).isEqualTo(SuiteId.BLOWFISH_CBC);
        // 16 bytes pad to 3 blocks; 3 more would pass the limit of 4, so the next encryption gets version 2.
        assertThat(Envelope.header(data(serve(RequestType.ENCRYPT, false, new byte[16]))).keyVersion()).isEqualTo(2);
        assertThat(data(serve(RequestType.DECRYPT, false, ciphertext))).isEqualTo(new byte[16]);
    }

    @Test
    void legacySuitesNeedPermission() {
        start(Map.of(), "chacha20-poly1305");
        byte[] ciphertext = data(serve(RequestType.ENCRYPT, false, text("x")));
        assertThat(Envelope.header(ciphertext).suite()).isEqualTo(SuiteId.CHACHA20_POLY1305);
        closeDrivers();

        start(Map.of(), "des-cbc");
        CryptoResult rejected = serve(RequestType.ENCRYPT, false, text("x"));
        assertThat(rejected.getErrorCode()).isEqualTo(ErrorCode.SUITE_NOT_ALLOWED.name());
        assertThat(rejected.getErrorMessage()).contains("des-cbc", "56-bit");
    }

    @Test
    void changedCiphertextFailsOnceAndFinally() {
        start(Map.of(), "aes-256-gcm");
        byte[] ciphertext = data(serve(RequestType.ENCRYPT, false, text("integrity")));
        ciphertext[ciphertext.length - 1] ^= 1;

        CryptoResult result = serve(RequestType.DECRYPT, false, ciphertext);

        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
        assertThat(ErrorCode.DECRYPTION_FAILED.retriable()).isFalse();
    }

    @Test
    void truncatedCiphertextFailsFinally() {
        start(Map.of(), "aes-256-gcm");
        byte[] envelope = data(serve(RequestType.ENCRYPT, false, text("truncate me")));

        for (int length = 0; length < envelope.length; length++) {
            CryptoResult result = serve(RequestType.DECRYPT, false, Arrays.copyOf(envelope, length));

            assertThat(result.getErrorCode()).as("first %d bytes", length).isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
            assertThat(result.getErrorMessage()).isEqualTo("decryption failed");
        }
    }

    @Test
    void everyFlippedBitGetsTheSameFinalError() {
        start(Map.of(), "aes-256-gcm");
        byte[] retired = data(serve(RequestType.ENCRYPT, false, text("v1")));
        admin(KeyAdminOperation.ROTATE, PAIR, 0);
        admin(KeyAdminOperation.ROTATE, PAIR, 0);
        byte[] current = data(serve(RequestType.ENCRYPT, false, text("v3")));
        admin(KeyAdminOperation.SET_MIN_DECRYPTION_VERSION, PAIR, 2);
        assertThat(serve(RequestType.DECRYPT, false, retired).getErrorCode()).isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());

        for (byte[] envelope : List.of(retired, current)) {
            for (int bit = 0; bit < envelope.length * 8; bit++) {
                byte[] changed = envelope.clone();
                changed[bit / 8] ^= (byte) (1 << (bit % 8));

                CryptoResult result = serve(RequestType.DECRYPT, false, changed);

                assertThat(result.getErrorCode()).as("bit %d of version %d", bit, Envelope.header(envelope).keyVersion())
                        .isEqualTo(ErrorCode.DECRYPTION_FAILED.name());
                assertThat(result.getErrorMessage()).isEqualTo("decryption failed");
            }
        }
    }

    @Test
    void requestAboveTheUsageLimitIsRejected() {
        start(Map.of(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, true, ServiceConfig.KEYS_LEGACY_MAX_BLOCKS, 4L), "des-cbc");

        CryptoResult result = serve(RequestType.ENCRYPT, false, new byte[64]);

        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST.name());
        assertThat(result.getErrorMessage()).contains("needs 9 64-bit blocks", "keys.legacy.max.blocks = 4");
    }

    @Test
    void ciphertextWithinTheLimitCanBeRewrapped() {
        start(Map.of(ServiceConfig.CIPHER_SUITES_LEGACY_ALLOWED, true, ServiceConfig.KEYS_LEGACY_MAX_BLOCKS, 4L), "des-cbc");
        byte[] ciphertext = data(serve(RequestType.ENCRYPT, false, new byte[24]));

        byte[] rewrapped = data(serve(RequestType.ENCRYPT, true, ciphertext));

        assertThat(Envelope.header(rewrapped).keyVersion()).isEqualTo(2);
        assertThat(data(serve(RequestType.DECRYPT, false, rewrapped))).isEqualTo(new byte[24]);
    }

    @Test
    void subscriberCommandsReachOwnPairs() {
        start(Map.of(), "aes-256-gcm");
        serve(RequestType.ENCRYPT, false, text("a"));
        serve(new PairKey(SUBSCRIBER, 3, 4), RequestType.ENCRYPT, false, text("b"));

        KeyAdminReply rotated = admin(KeyAdminOperation.ROTATE, null, 0);

        assertThat(rotated.getChanges()).containsExactly(
                "pair {1, 2} of subscriber 7: rotated to key version 2",
                "pair {3, 4} of subscriber 7: rotated to key version 2");
        KeyAdminReply tooHigh = admin(KeyAdminOperation.SET_MIN_DECRYPTION_VERSION, PAIR, 9);
        assertThat(tooHigh.getChanges()).isEmpty();
        assertThat(tooHigh.getRejections()).singleElement().asString().contains("not between 1 and its newest version 2");
        assertThat(admin(KeyAdminOperation.LIST, new PairKey(SUBSCRIBER, 5, 6), 0).getChanges())
                .containsExactly("pair {5, 6} of subscriber 7 has no key yet; its first encryption creates version 1");
    }

    private CryptoResult serve(RequestType type, boolean rewrap, byte[] data) {
        return serve(PAIR, type, rewrap, data);
    }

    private CryptoResult serve(PairKey pair, RequestType type, boolean rewrap, byte[] data) {
        KeyRequest request = KeyRequest.newBuilder().setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER)
                .setRequester(pair.getLow()).setSequence(sequence++).setType(type).setPair(pair.getHigh())
                .setData(ByteBuffer.wrap(data)).setReceivedAtMs(0L).setRewrap(rewrap).build();
        keyRequests.pipeInput(pair, request);
        cryptoRequestsIn.pipeInput(pair, cryptoRequestsOut.readValue());
        return results.readValue();
    }

    private KeyAdminReply admin(KeyAdminOperation operation, PairKey pair, int minVersion) {
        adminRequests.pipeInput(null, KeyAdminRequest.newBuilder().setRequestId("r" + sequence++).setOperation(operation)
                .setSubscriber(SUBSCRIBER).setPair(pair).setMinDecryptionVersion(minVersion).setRequestedAtMs(0L).build());
        KeyAdminReply reply = adminReplies.readValue();
        assertThat(reply.getErrorMessage()).isNull();
        return reply;
    }

    private static byte[] data(CryptoResult result) {
        assertThat(result.getErrorCode()).as("error of %s", result).isNull();
        return AvroBytes.of(result.getData());
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

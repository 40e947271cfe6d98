package dev.eaas.topology.coordinator;

import static dev.eaas.topology.coordinator.CoordinatorDriver.COORDINATOR;
import static dev.eaas.topology.coordinator.CoordinatorDriver.D;
import static dev.eaas.topology.coordinator.CoordinatorDriver.SUBSCRIBER;
import static dev.eaas.topology.coordinator.CoordinatorDriver.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.TestKeks;
import dev.eaas.topology.cryptor.LentKeyStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorLeaseTest {

    private static final int REQUESTER = 1;
    private static final int PAIR = 2;
    private static final PairKey PAIR_KEY = new PairKey(SUBSCRIBER, 1, 2);

    @TempDir
    Path stateDir;

    private CoordinatorDriver coordinator;
    private Kek kek;
    private byte[] dek;
    private WrappedKey wrapped;

    private CoordinatorDriver start(long leaseMs) {
        kek = TestKeks.fresh(stateDir, "kek.key");
        dek = Kek.generateDek(SuiteId.AES_256_GCM, new SecureRandom());
        wrapped = new WrappedKey(1, (int) SuiteId.AES_256_GCM.id(), ByteBuffer.wrap(kek.wrap(dek,
                new DekBinding(SUBSCRIBER, 1, 2, 1, SuiteId.AES_256_GCM))));
        coordinator = new CoordinatorDriver(stateDir.resolve("state"), Map.of(), 1,
                new LentKeyStore(kek, leaseMs, 4096, 100, false));
        return coordinator;
    }

    /**
     * Sends two encryptions the full way, as a pair's first requests go, and replies to the second, which requests
     * a lease, with the lease given. Returns the next free sequence number.
     */
    private int borrow(KeyLease lease) {
        coordinator.sendEncryption(REQUESTER, 0, PAIR, bytes("first"));
        KeyRequest first = coordinator.keyRequests.readValue();
        assertThat(first.getLeaseUsageRequested()).as("a pair's first request in a lease time").isZero();
        answer(first, null);
        coordinator.sendEncryption(REQUESTER, 1, PAIR, bytes("second"));
        KeyRequest second = coordinator.keyRequests.readValue();
        assertThat(second.getLeaseUsageRequested()).isPositive();
        answer(second, lease);
        assertThat(coordinator.replies.readValuesToList()).hasSize(2);
        return 2;
    }

    @AfterEach
    void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void lentEncryptionSkipsKeyManager() throws Exception {
        start(10_000);
        int sequence = borrow(lease(wrapped, 10, null));

        coordinator.sendEncryption(REQUESTER, sequence, PAIR, bytes("second"));

        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
        List<TestRecord<String, byte[]>> replies = coordinator.replies.readRecordsToList();
        assertThat(replies).hasSize(1);
        assertThat(CoordinatorDriver.errorCode(replies.get(0))).isNull();
        Frame reply = coordinator.codec.decode(replies.get(0).value(), 0);
        assertThat(reply.sequence()).isEqualTo(sequence);
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        byte[] plaintext = Envelope.open(suite, suite.key(dek), 1, PAIR_KEY, reply.data());
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(coordinator.counter("lent-key-encryptions")).isEqualTo(1);
        assertThat(coordinator.counter("leases-installed")).isEqualTo(1);
    }

    @Test
    void lentDecryptionFansOutTokens() throws Exception {
        start(10_000);
        borrow(lease(wrapped, 10, null));
        sendDecryption(seal(bytes("secret"), 1));

        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
        List<byte[]> replies = coordinator.replies.readValuesToList();
        assertThat(replies).hasSize(1 << D);
        Frame real = replies.stream().map(frame -> coordinator.codec.decode(frame, D))
                .filter(frame -> frame.token() == TOKEN).findFirst().orElseThrow();
        assertThat(new String(real.data(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(coordinator.counter("lent-key-decryptions")).isEqualTo(1);
    }

    @Test
    void lentUsageIsNeverExceeded() {
        start(10_000);
        int first = borrow(lease(wrapped, 2, null));

        for (int sequence = first; sequence < first + 3; sequence++) {
            coordinator.sendEncryption(REQUESTER, sequence, PAIR, bytes("x"));
        }

        List<KeyRequest> fullWay = coordinator.keyRequests.readValuesToList();
        assertThat(fullWay).extracting(KeyRequest::getSequence).containsExactly(first + 2);
        assertThat(fullWay.get(0).getLeaseUsageRequested()).isPositive();
        assertThat(coordinator.counter("lent-key-encryptions")).isEqualTo(2);
    }

    @Test
    void leaseEndsAfterLeaseTime() throws Exception {
        start(200);
        int sequence = borrow(lease(wrapped, 10, null));
        Thread.sleep(250);

        coordinator.sendEncryption(REQUESTER, sequence, PAIR, bytes("x"));

        assertThat(coordinator.keyRequests.readValuesToList()).extracting(KeyRequest::getSequence)
                .containsExactly(sequence);
        assertThat(coordinator.counter("lent-key-encryptions")).isZero();
    }

    @Test
    void decryptionUnderVersionNobodyLentGoesFullWay() throws Exception {
        start(10_000);
        borrow(lease(wrapped, 10, null));
        sendDecryption(seal(bytes("secret"), 2));

        assertThat(coordinator.keyRequests.readValuesToList()).extracting(KeyRequest::getType)
                .containsExactly(RequestType.DECRYPT);
    }

    @Test
    void lentMinimumDecryptionVersionRetiresOlderVersions() throws Exception {
        start(10_000);
        KeyLease raised = lease(wrapped, 10, null);
        raised.setMinDecryptionVersion(2);
        borrow(raised);
        sendDecryption(seal(bytes("secret"), 1));

        List<TestRecord<String, byte[]>> replies = coordinator.replies.readRecordsToList();
        assertThat(replies).hasSize(1);
        assertThat(CoordinatorDriver.errorCode(replies.get(0))).isEqualTo("KEY_VERSION_RETIRED");
    }

    @Test
    void unwrapFailureGoesFullWay() {
        start(10_000);
        WrappedKey otherPairs = new WrappedKey(1, (int) SuiteId.AES_256_GCM.id(), ByteBuffer.wrap(kek.wrap(dek,
                new DekBinding(SUBSCRIBER, 1, 3, 1, SuiteId.AES_256_GCM))));
        int sequence = borrow(lease(otherPairs, 10, null));

        coordinator.sendEncryption(REQUESTER, sequence, PAIR, bytes("x"));

        List<KeyRequest> fullWay = coordinator.keyRequests.readValuesToList();
        assertThat(fullWay).extracting(KeyRequest::getSequence).containsExactly(sequence);
        assertThat(fullWay.get(0).getLeaseUsageRequested()).as("no lease after one that did not unwrap").isZero();
        assertThat(coordinator.replies.isEmpty()).isTrue();
    }

    @Test
    void coordinatorWithoutKekAsksForNoLease() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);

        coordinator.sendEncryption(REQUESTER, 0, PAIR, bytes("x"));
        coordinator.sendEncryption(REQUESTER, 1, PAIR, bytes("x"));

        assertThat(coordinator.keyRequests.readValuesToList()).extracting(KeyRequest::getLeaseUsageRequested)
                .containsExactly(0L, 0L);
    }

    /** Returns the plaintext sealed under the pair's key as key version {@code version}. */
    private byte[] seal(byte[] plaintext, int version) throws Exception {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        return Envelope.seal(suite, new SecureRandom(), suite.key(dek), version, PAIR_KEY, plaintext);
    }

    /** Sends a decryption request of the pair's other requester. */
    private void sendDecryption(byte[] envelope) {
        coordinator.requests.pipeInput(coordinator.codec.encode(
                new Frame(SUBSCRIBER, PAIR, 0, RequestType.DECRYPT, REQUESTER, 0, 0, envelope)));
    }

    /** Sends the cryptor's result for a request, with the lease the key manager lent. */
    private void answer(KeyRequest request, KeyLease lease) {
        CryptoResult result = new CryptoResult(COORDINATOR, request.getSubscriber(), request.getRequester(),
                request.getSequence(), request.getType(), request.getPair(), ByteBuffer.wrap(new byte[] {1}), null,
                null, request.getReceivedAtMs(), lease);
        coordinator.rawResults.pipeInput(AvroSerde.of(CryptoResult.class).serialize("results", result));
    }

    private static KeyLease lease(WrappedKey encryptionKey, long usage, WrappedKey decryptionKey) {
        return new KeyLease(encryptionKey, usage, 1L, decryptionKey, 1, System.currentTimeMillis());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

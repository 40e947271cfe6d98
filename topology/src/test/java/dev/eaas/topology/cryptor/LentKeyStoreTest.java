package dev.eaas.topology.cryptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.LentKeys;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Envelope;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.TestKeks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LentKeyStoreTest {

    private static final int SUBSCRIBER = 7;
    private static final PairKey PAIR = new PairKey(SUBSCRIBER, 1, 2);
    private static final long LEASE_MS = 10_000;

    @TempDir
    Path dir;

    private byte[] dek;
    private WrappedKey versionOne;
    private LentKeyStore store;
    private LentKeys.Server server;

    @BeforeEach
    void setUp() {
        Kek kek = TestKeks.fresh(dir, "kek.key");
        dek = Kek.generateDek(SuiteId.AES_256_GCM, new SecureRandom());
        versionOne = wrapped(kek, 1);
        store = new LentKeyStore(kek, LEASE_MS, 4096, 100, false);
        server = store.server("[test]");
    }

    @Test
    void sparsePairRequestsNoLease() {
        assertThat(store.leaseUsageToRequest(PAIR, 0)).isZero();
        assertThat(store.leaseUsageToRequest(PAIR, LEASE_MS + 1)).as("again after a lease time").isZero();
        assertThat(store.leaseUsageToRequest(PAIR, LEASE_MS + 2)).isEqualTo(LentKeyStore.MIN_LEASE_USAGE);
    }

    @Test
    void oneLeaseRequestAtATime() {
        store.leaseUsageToRequest(PAIR, 0);
        assertThat(store.leaseUsageToRequest(PAIR, 1)).isPositive();

        assertThat(store.leaseUsageToRequest(PAIR, 2)).as("while the first is in flight").isZero();
        assertThat(store.leaseUsageToRequest(PAIR, 2 + LentKeyStore.LEASE_REQUEST_TIMEOUT_MS)).isPositive();
    }

    @Test
    void leaseThatArrivesTwiceIsSpentOnce() {
        KeyLease lease = lease(versionOne, 4, 100, 1, 0);
        assertThat(store.resultArrived(PAIR, lease, 0)).isTrue();
        // With a quarter of the lease left, the next encryption goes the full way to renew it.
        assertThat(countServed(20)).isEqualTo(3);

        assertThat(store.resultArrived(PAIR, lease, 0)).as("taken in again").isFalse();
        store.leaseUsageToRequest(PAIR, 1);

        assertThat(countServed(20)).as("the rest of the one lease, once the renewal is requested").isEqualTo(1);
    }

    @Test
    void laterLeaseReplacesEarlier() {
        store.resultArrived(PAIR, lease(versionOne, 8, 100, 1, 0), 0);
        assertThat(countServed(2)).isEqualTo(2);

        store.resultArrived(PAIR, lease(versionOne, 4, 200, 1, 1), 1);
        store.leaseUsageToRequest(PAIR, 1);

        assertThat(countServed(20)).as("the second lease's usage, not the 6 left of the first").isEqualTo(4);
    }

    @Test
    void leaseArrivingLateEndsOnTime() {
        assertThat(store.resultArrived(PAIR, lease(versionOne, 100, 1, 1, 0), LEASE_MS)).as("already ended").isFalse();
        assertThat(store.resultArrived(PAIR, lease(versionOne, 100, 1, 1, 0), LEASE_MS / 2)).isTrue();

        assertThat(server.serve(PAIR, encryption(), LEASE_MS / 2 + 1)).isNotNull();
        assertThat(server.serve(PAIR, encryption(), LEASE_MS)).as("the lease time after it was lent").isNull();
    }

    @Test
    void resultWithoutLeaseEndsTheLeaseRequest() {
        store.leaseUsageToRequest(PAIR, 0);
        assertThat(store.leaseUsageToRequest(PAIR, 1)).isPositive();

        assertThat(store.resultArrived(PAIR, null, 2)).isFalse();

        assertThat(store.leaseUsageToRequest(PAIR, 3)).as("no request in flight any more").isPositive();
    }

    @Test
    void lentEncryptionOpensUnderPairKey() throws Exception {
        store.resultArrived(PAIR, lease(versionOne, 100, 1, 1, 0), 0);

        CryptoResult result = server.serve(PAIR, encryption(), 1);

        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        byte[] envelope = new byte[result.getData().remaining()];
        result.getData().duplicate().get(envelope);
        assertThat(Envelope.open(suite, suite.key(dek), 1, PAIR, envelope)).containsExactly(1, 2, 3);
    }

    @Test
    void loweredMinimumDecryptionVersionReachesLentKeys() throws Exception {
        byte[] envelope = sealedUnderVersionOne();
        store.resultArrived(PAIR, new KeyLease(null, 0L, 0L, versionOne, 2, 0L), 0);
        assertThat(server.serve(PAIR, decryption(envelope), 1).getErrorCode())
                .isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());

        store.resultArrived(PAIR, new KeyLease(null, 0L, 0L, versionOne, 1, 2L), 2);

        assertThat(server.serve(PAIR, decryption(envelope), 3).getErrorCode()).isNull();
    }

    @Test
    void olderLeaseKeepsRaisedMinimum() throws Exception {
        byte[] envelope = sealedUnderVersionOne();
        store.resultArrived(PAIR, new KeyLease(null, 0L, 0L, versionOne, 2, 5L), 5);

        assertThat(store.resultArrived(PAIR, new KeyLease(null, 0L, 0L, versionOne, 1, 3L), 6)).isFalse();

        assertThat(server.serve(PAIR, decryption(envelope), 7).getErrorCode())
                .isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());
    }

    @Test
    void usageRequestedDoublesWhenALeaseRunsLow() {
        store.resultArrived(PAIR, lease(versionOne, 300, 1, 1, 0), 0);
        countServed(300);

        store.leaseUsageToRequest(PAIR, 1);
        assertThat(store.leaseUsageToRequest(PAIR, 2 + LentKeyStore.LEASE_REQUEST_TIMEOUT_MS)).isEqualTo(600);
    }

    @Test
    void rewrapIsNeverServedWithLentKeys() {
        store.resultArrived(PAIR, lease(versionOne, 100, 1, 1, 0), 0);
        KeyRequest rewrap = encryption();
        rewrap.setRewrap(true);

        assertThat(server.serve(PAIR, rewrap, 1)).isNull();
    }

    @Test
    void disallowedLegacyKeyRejected() {
        Kek kek = TestKeks.fresh(dir, "legacy.key");
        byte[] desKey = Kek.generateDek(SuiteId.DES_CBC, new SecureRandom());
        WrappedKey des = new WrappedKey(1, (int) SuiteId.DES_CBC.id(), ByteBuffer.wrap(kek.wrap(desKey,
                new DekBinding(SUBSCRIBER, 1, 2, 1, SuiteId.DES_CBC))));
        LentKeyStore strict = new LentKeyStore(kek, LEASE_MS, 4096, 100, false);
        strict.resultArrived(PAIR, lease(des, 100, 1, 1, 0), 0);

        CryptoResult result = strict.server("[test]").serve(PAIR, encryption(), 1);

        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.SUITE_NOT_ALLOWED.name());
    }

    private int countServed(int attempts) {
        int served = 0;
        for (int i = 0; i < attempts; i++) {
            if (server.serve(PAIR, encryption(), 1) != null) {
                served++;
            }
        }
        return served;
    }

    private byte[] sealedUnderVersionOne() throws Exception {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        return Envelope.seal(suite, new SecureRandom(), suite.key(dek), 1, PAIR, new byte[] {9});
    }

    private static KeyLease lease(WrappedKey encryptionKey, long usage, long usageFrom, int minDecryptionVersion,
                                  long lentAtMs) {
        return new KeyLease(encryptionKey, usage, usageFrom, null, minDecryptionVersion, lentAtMs);
    }

    private WrappedKey wrapped(Kek kek, int version) {
        return new WrappedKey(version, (int) SuiteId.AES_256_GCM.id(), ByteBuffer.wrap(kek.wrap(dek,
                new DekBinding(SUBSCRIBER, 1, 2, version, SuiteId.AES_256_GCM))));
    }

    private static KeyRequest encryption() {
        return KeyRequest.newBuilder().setCoordinator(1).setSubscriber(SUBSCRIBER).setRequester(1).setSequence(0)
                .setType(RequestType.ENCRYPT).setPair(2).setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setReceivedAtMs(0L).build();
    }

    private static KeyRequest decryption(byte[] envelope) {
        return KeyRequest.newBuilder().setCoordinator(1).setSubscriber(SUBSCRIBER).setRequester(2).setSequence(0)
                .setType(RequestType.DECRYPT).setPair(1).setData(ByteBuffer.wrap(envelope)).setReceivedAtMs(0L).build();
    }
}

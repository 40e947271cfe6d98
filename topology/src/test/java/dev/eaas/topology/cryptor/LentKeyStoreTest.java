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
        server = store.server();
    }

    @Test
    void pairSeenOnceInLeaseTimeAsksForNoLease() {
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
        KeyLease lease = new KeyLease(versionOne, 4L, 100L, null, 1);
        store.install(PAIR, lease, 0);
        // With a quarter of the lease left, the next encryption goes the full way to renew it.
        assertThat(countServed(20)).isEqualTo(3);

        store.install(PAIR, lease, 0);
        store.leaseUsageToRequest(PAIR, 1);

        assertThat(countServed(20)).as("the rest of the one lease, once the renewal is asked for").isEqualTo(1);
    }

    @Test
    void laterLeaseOfTheSameVersionReplacesTheEarlierOne() {
        store.install(PAIR, new KeyLease(versionOne, 4L, 100L, null, 1), 0);
        store.install(PAIR, new KeyLease(versionOne, 4L, 200L, null, 1), 0);
        store.leaseUsageToRequest(PAIR, 1);
        store.leaseUsageToRequest(PAIR, 1);

        assertThat(countServed(20)).isEqualTo(4);
    }

    @Test
    void encryptionUnderLentKeyOpensWithThePairKey() throws Exception {
        store.install(PAIR, new KeyLease(versionOne, 100L, 1L, null, 1), 0);

        CryptoResult result = server.serve(PAIR, encryption(), 1);

        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        byte[] envelope = new byte[result.getData().remaining()];
        result.getData().duplicate().get(envelope);
        assertThat(Envelope.open(suite, suite.key(dek), 1, PAIR, envelope)).containsExactly(1, 2, 3);
    }

    @Test
    void loweredMinimumDecryptionVersionReachesLentKeys() throws Exception {
        CipherSuite suite = CipherSuites.create(SuiteId.AES_256_GCM);
        byte[] envelope = Envelope.seal(suite, new SecureRandom(), suite.key(dek), 1, PAIR, new byte[] {9});
        store.install(PAIR, new KeyLease(null, 0L, 0L, versionOne, 2), 0);
        assertThat(server.serve(PAIR, decryption(envelope), 1).getErrorCode())
                .isEqualTo(ErrorCode.KEY_VERSION_RETIRED.name());

        store.install(PAIR, new KeyLease(null, 0L, 0L, versionOne, 1), 2);

        assertThat(server.serve(PAIR, decryption(envelope), 3).getErrorCode()).isNull();
    }

    @Test
    void usageAskedForDoublesWhenALeaseRunsLow() {
        store.install(PAIR, new KeyLease(versionOne, 8L, 1L, null, 1), 0);
        countServed(20);

        store.leaseUsageToRequest(PAIR, 1);
        assertThat(store.leaseUsageToRequest(PAIR, 2 + LentKeyStore.LEASE_REQUEST_TIMEOUT_MS)).isEqualTo(16);
    }

    @Test
    void rewrapIsNeverServedWithLentKeys() {
        store.install(PAIR, new KeyLease(versionOne, 100L, 1L, null, 1), 0);
        KeyRequest rewrap = encryption();
        rewrap.setRewrap(true);

        assertThat(server.serve(PAIR, rewrap, 1)).isNull();
    }

    @Test
    void legacyKeyIsNotUsedWhereLegacySuitesAreNotAllowed() {
        Kek kek = TestKeks.fresh(dir, "legacy.key");
        byte[] desKey = Kek.generateDek(SuiteId.DES_CBC, new SecureRandom());
        WrappedKey des = new WrappedKey(1, (int) SuiteId.DES_CBC.id(), ByteBuffer.wrap(kek.wrap(desKey,
                new DekBinding(SUBSCRIBER, 1, 2, 1, SuiteId.DES_CBC))));
        LentKeyStore strict = new LentKeyStore(kek, LEASE_MS, 4096, 100, false);
        strict.install(PAIR, new KeyLease(des, 100L, 1L, null, 1), 0);

        CryptoResult result = strict.server().serve(PAIR, encryption(), 1);

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

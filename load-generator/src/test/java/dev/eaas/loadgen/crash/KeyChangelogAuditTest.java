package dev.eaas.loadgen.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The changelog comparison that finds a pair whose key version was stored with two different DEKs. */
class KeyChangelogAuditTest {

    private static final byte[] PAIR_KEY_BYTES = {1, 2, 3};

    private final Map<String, Map<Integer, ByteBuffer>> dekByPairAndVersion = new HashMap<>();
    private final List<String> conflicts = new ArrayList<>();

    @Test
    void sameDekAgainIsNoConflict() {
        compare(0, ring(version(1, 0x11)));
        compare(1, ring(version(1, 0x11), version(2, 0x22)));

        assertThat(conflicts).isEmpty();
        assertThat(dekByPairAndVersion.get("010203")).containsOnlyKeys(1, 2);
    }

    @Test
    void otherDekForVersionIsConflict() {
        compare(0, ring(version(1, 0x11)));
        compare(7, ring(version(1, 0x12)));

        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0)).contains("version 1").contains("eaas-key-manager-changelog-0@7");
    }

    private void compare(long offset, PairKeyRing ring) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("eaas-key-manager-changelog", 0, offset,
                PAIR_KEY_BYTES, new byte[0]);
        KeyChangelogAudit.compare(record, ring, dekByPairAndVersion, conflicts);
    }

    private static PairKeyRing ring(PairKeyVersion... versions) {
        PairKey pair = PairKey.newBuilder().setSubscriber(1).setLow(1).setHigh(2).build();
        return PairKeyRing.newBuilder().setPair(pair).setVersions(new ArrayList<>(List.of(versions)))
                .setMinDecryptionVersion(1).build();
    }

    private static PairKeyVersion version(int number, int dekByte) {
        byte[] wrappedDek = new byte[32];
        wrappedDek[0] = (byte) dekByte;
        return PairKeyVersion.newBuilder().setVersion(number).setSuite(1).setWrappedDek(ByteBuffer.wrap(wrappedDek))
                .setCreatedAtMs(0L).setUsage(0L).setUsageLimit(100L).build();
    }
}

package dev.eaas.loadgen.crash;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every committed record of the key manager's changelog and checks that no pair ever had two different wrapped
 * DEKs for one key version. A pair whose version 1 was created twice, for example by a key manager that restarted
 * without its store, shows up here as a conflict: ciphertexts sealed under the first DEK could no longer be
 * decrypted.
 *
 * <p>NOTE: the changelog is compacted, so records in segments the log cleaner has already compacted are gone. The
 * broker never compacts the active segment (1 GiB by default), so a crash test's whole history is still there.
 */
final class KeyChangelogAudit {

    /** Counts read from the changelog, with each pair version that was stored with two different DEKs. */
    record Result(long records, long tombstones, int pairs, int keyVersions, List<String> conflicts) {
    }

    private KeyChangelogAudit() {
    }

    static Result audit(String bootstrapServers, String changelogTopic, Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        AvroSerde<PairKeyRing> rings = AvroSerde.of(PairKeyRing.class);
        Map<String, Map<Integer, ByteBuffer>> dekByPairAndVersion = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        long records = 0;
        long tombstones = 0;
        long deadline = System.currentTimeMillis() + timeout.toMillis();

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(changelogTopic, timeout)) {
                partitions.add(new TopicPartition(changelogTopic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!caughtUp(consumer, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Timed out reading changelog " + changelogTopic + " at "
                            + bootstrapServers + " after " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    if (record.value() == null) {
                        tombstones++;
                    } else {
                        compare(record, rings.deserializer().deserialize(changelogTopic, record.value()),
                                dekByPairAndVersion, conflicts);
                    }
                }
            }
        }

        int keyVersions = dekByPairAndVersion.values().stream().mapToInt(Map::size).sum();
        return new Result(records, tombstones, dekByPairAndVersion.size(), keyVersions, conflicts);
    }

    /**
     * Records the wrapped DEK of each version of a ring under its pair, and adds a conflict for each version whose
     * DEK differs from the one an earlier record of the pair stored.
     */
    static void compare(ConsumerRecord<byte[], byte[]> record, PairKeyRing ring,
            Map<String, Map<Integer, ByteBuffer>> dekByPairAndVersion, List<String> conflicts) {
        String pair = HexFormat.of().formatHex(record.key());
        Map<Integer, ByteBuffer> versions = dekByPairAndVersion.computeIfAbsent(pair, unused -> new HashMap<>());
        for (PairKeyVersion version : ring.getVersions()) {
            ByteBuffer wrappedDek = version.getWrappedDek().duplicate();
            ByteBuffer earlier = versions.putIfAbsent(version.getVersion(), wrappedDek);
            if (earlier != null && !earlier.equals(wrappedDek)) {
                conflicts.add(ring.getPair() + " version " + version.getVersion() + " at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset());
                versions.put(version.getVersion(), wrappedDek);
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}

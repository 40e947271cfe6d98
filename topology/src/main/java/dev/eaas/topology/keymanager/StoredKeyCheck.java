package dev.eaas.topology.keymanager;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.KekException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks at startup that the loaded KEK is the one the stored pair keys were wrapped under, so a process
 * given the wrong KEK stops with a message instead of failing every request.
 *
 * <p>It reads the newest record of each partition of the key store's changelog and looks for the KEK
 * fingerprints they name. That covers the keys written last. A pair last written under a KEK that has since
 * been removed is found only when it is used, and then fails with a message naming that KEK.
 */
public final class StoredKeyCheck {

    private StoredKeyCheck() {
    }

    /**
     * @param consumerSettings connection settings of a plain consumer (bootstrap servers, security)
     * @throws KekException if a stored key names a KEK that is not loaded
     */
    public static void verify(Map<String, Object> consumerSettings, String changelogTopic, Kek kek, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(consumerSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Asking for a missing changelog must not create it: Kafka Streams creates it with the right partitions.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        TreeSet<String> missing = new TreeSet<>();
        int checked = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(changelogTopic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> assigned = new ArrayList<>();
            partitions.forEach(info -> assigned.add(new TopicPartition(changelogTopic, info.partition())));
            consumer.assign(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, timeout);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(assigned, timeout);
            List<TopicPartition> nonEmpty = new ArrayList<>();
            for (TopicPartition partition : assigned) {
                if (ends.get(partition) > starts.get(partition)) {
                    // The last offset may be a transaction marker; reading from a few records earlier finds the
                    // newest data record.
                    consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - 10));
                    nonEmpty.add(partition);
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            AvroSerde<PairKeyRing> serde = AvroSerde.of(PairKeyRing.class);
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!nonEmpty.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    PairKeyRing ring = serde.deserializer().deserialize(changelogTopic, record.value());
                    for (PairKeyVersion version : ring.getVersions()) {
                        String fingerprint = Kek.fingerprintOf(AvroBytes.of(version.getWrappedDek()));
                        checked++;
                        if (!kek.fingerprints().contains(fingerprint)) {
                            missing.add(String.valueOf(fingerprint));
                        }
                    }
                }
                nonEmpty.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
        if (!missing.isEmpty()) {
            throw new KekException("The stored pair keys in " + changelogTopic + " are wrapped under KEK "
                    + String.join(", ", missing) + ", but the KEK loaded has fingerprint " + kek.currentFingerprint()
                    + " and the older KEKs loaded are " + kek.fingerprints() + " (checked " + checked
                    + " key versions). Provide the key file or keystore that holds the KEK the keys were wrapped under.");
        }
    }
}

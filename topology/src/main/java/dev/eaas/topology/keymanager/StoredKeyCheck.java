package dev.eaas.topology.keymanager;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.KekException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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

    /** Records read back from the end of a partition at first. The window grows until it contains a data record. */
    private static final int FIRST_WINDOW_RECORDS = 16;

    /**
     * Reads the newest committed key ring of every partition of the changelog and checks that the KEK loaded
     * has the fingerprint each of its versions names.
     *
     * @param consumerSettings connection settings of a plain consumer (bootstrap servers, security)
     * @param kekSource where the KEK was loaded from, for the message
     * @throws KekException if a stored key names a KEK that is not loaded
     * @throws IllegalStateException if a partition that contains records cannot be read within the timeout, since
     *     the check must not pass without checking
     */
    public static void verify(Map<String, Object> consumerSettings, String changelogTopic, Kek kek, String kekSource,
                              Duration timeout) {
        Map<String, Object> settings = new HashMap<>(consumerSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Asking for a missing changelog must not create it: Kafka Streams creates it with the right partitions.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        TreeSet<String> missing = new TreeSet<>();
        int checked = 0;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        AvroSerde<PairKeyRing> serde = AvroSerde.of(PairKeyRing.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(changelogTopic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(changelogTopic, info.partition());
                PairKeyRing ring = newestRing(consumer, partition, serde, deadline);
                if (ring == null) {
                    continue;
                }
                for (PairKeyVersion version : ring.getVersions()) {
                    String fingerprint = Kek.fingerprintOf(AvroBytes.of(version.getWrappedDek()));
                    checked++;
                    if (!kek.fingerprints().contains(fingerprint)) {
                        missing.add(String.valueOf(fingerprint));
                    }
                }
            }
        } catch (TimeoutException timedOut) {
            throw new IllegalStateException("Timed out reading the key store changelog " + changelogTopic + " at "
                    + settings.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " to check the KEK; check that the brokers"
                    + " are reachable and start again", timedOut);
        }
        if (!missing.isEmpty()) {
            throw new KekException("The stored pair keys in " + changelogTopic + " are wrapped under KEK "
                    + String.join(", ", missing) + ", but the KEKs loaded from " + kekSource + " have the fingerprints "
                    + kek.fingerprints() + " (checked " + checked + " key versions). Provide the key file or keystore"
                    + " that holds the KEK the keys were wrapped under, as the first or an older key.");
        }
    }

    /**
     * Returns the newest committed key ring of the partition, or null if it contains none. Reads back from the end in
     * growing windows, since the newest records may be transaction markers or records of aborted transactions.
     */
    private static PairKeyRing newestRing(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition,
                                          AvroSerde<PairKeyRing> serde, long deadline) {
        consumer.assign(List.of(partition));
        Duration left = Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()));
        long start = consumer.beginningOffsets(List.of(partition), left).get(partition);
        long end = consumer.endOffsets(List.of(partition), left).get(partition);
        long window = FIRST_WINDOW_RECORDS;
        while (end > start) {
            long from = Math.max(start, end - window);
            consumer.seek(partition, from);
            PairKeyRing newest = null;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Could not read the key store changelog " + partition + " to check"
                            + " the KEK before the time-out; check that the brokers are reachable and start again");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        newest = serde.deserializer().deserialize(partition.topic(), record.value());
                    }
                }
            }
            if (newest != null || from == start) {
                return newest;
            }
            window *= 16;
        }
        return null;
    }
}

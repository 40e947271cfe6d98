package dev.eaas.loadgen.evaluation;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import dev.eaas.topics.frame.FrameLayout;
import dev.eaas.topics.frame.MalformedFrameException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The reader of a compromised pod of the chain: it reads every partition of the subscriber's request topic and reply topic,
 * and the chain topic, with a plain consumer outside any group. It has the frame layout and the deception
 * factor (both visible from the traffic) but not the token.
 *
 * <p>An adversary that targets one chain keeps the frames whose requester field, sent in clear, names a service
 * of that chain, and the chain records whose key names the chain. Frames of other chains, such as the
 * background load, are left out.
 */
public final class TrafficCapture implements AutoCloseable {

    /** Time without new records, after the end offsets are reached, before a capture counts as complete. */
    private static final long QUIET_MS = 150;
    /** Maximum time a capture waits for the records of one attempt. */
    private static final long MAX_WAIT_MS = 5_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameCodec codec;
    private final String requestTopic;
    private final String replyTopic;
    private final int deceptionFactorBits;
    private final List<TopicPartition> partitions = new ArrayList<>();

    /**
     * @param subscriber the subscriber whose topics are read; below 0 reads only the chain topic
     * @param coordinator the coordinator in the request topic's name
     */
    public TrafficCapture(String bootstrapServers, FrameLayout layout, int subscriber, int coordinator,
                          int deceptionFactorBits) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.codec = new FrameCodec(layout);
        this.deceptionFactorBits = deceptionFactorBits;
        this.requestTopic = subscriber < 0 ? null : TopicCatalogue.requestTopic(subscriber, coordinator);
        this.replyTopic = subscriber < 0 ? null : TopicCatalogue.replyTopic(subscriber);
        for (String topic : subscriber < 0 ? List.of(ChainTransport.TOPIC)
                : List.of(requestTopic, replyTopic, ChainTransport.TOPIC)) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
    }

    /** Skips everything written so far, so the next {@link #collect} returns only what comes after this call. */
    public void begin() {
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /**
     * Reads until the end offsets of this moment are reached and no record has come for a short while, and returns
     * the candidates of one chain in arrival order (record timestamp, then read order).
     *
     * @param requesters the requester ids of the chain's services
     * @param chainId the chain id that prefixes the chain records' keys
     */
    public List<Candidate> collect(Set<Integer> requesters, String chainId) {
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
        long lastRelevantMs = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                // Other chains keep writing, so only this chain's records count as activity.
                if (dataOf(record, requesters, chainId) != null) {
                    records.add(record);
                    lastRelevantMs = now;
                }
            }
            boolean caughtUp = partitions.stream().allMatch(tp -> consumer.position(tp) >= endOffsets.get(tp));
            if (caughtUp && System.currentTimeMillis() - lastRelevantMs >= QUIET_MS) {
                break;
            }
        }
        records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        List<Candidate> candidates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            candidates.add(new Candidate(sourceOf(record.topic()), dataOf(record, requesters, chainId), candidates.size()));
        }
        return candidates;
    }

    private byte[] dataOf(ConsumerRecord<byte[], byte[]> record, Set<Integer> requesters, String chainId) {
        if (record.topic().equals(ChainTransport.TOPIC)) {
            String key = record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
            return key.startsWith(chainId + "/") ? record.value() : null;
        }
        try {
            FrameHeader header = codec.decodeHeader(record.value());
            if (!requesters.contains(header.requester())) {
                return null;
            }
            boolean request = record.topic().equals(requestTopic);
            int tokenBits = request ? Frame.requestTokenBits(header.type(), deceptionFactorBits)
                    : Frame.replyTokenBits(header.type(), deceptionFactorBits);
            return codec.decode(record.value(), header, tokenBits).data();
        } catch (MalformedFrameException unreadable) {
            return null;
        }
    }

    private Candidate.Source sourceOf(String topic) {
        if (topic.equals(ChainTransport.TOPIC)) {
            return Candidate.Source.CHAIN;
        }
        return topic.equals(requestTopic) ? Candidate.Source.REQUEST : Candidate.Source.REPLY;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

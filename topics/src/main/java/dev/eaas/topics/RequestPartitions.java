package dev.eaas.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a subscriber's request topic that carries the frames of one requester.
 *
 * <p>The coordinator keeps a replay window per requester in the state of the task that reads one partition, so
 * every frame of a requester must arrive on the same partition. The partition is the one Kafka's default
 * partitioner picks for the record key {@code Integer.toString(requester)}: the murmur2 hash of the key's UTF-8
 * bytes, made positive, modulo the partition count. A Java producer that keys frames by the decimal requester id
 * therefore needs to do nothing more. A client in another language must compute the same partition, because its
 * library's default partitioner may hash differently (librdkafka's default does), and the coordinator rejects a
 * frame on any other partition.
 *
 * <p>The partition count of a request topic must not change once requesters use it, because the mapping, and with
 * it the task that keeps a requester's window, would change.
 */
public final class RequestPartitions {

    private RequestPartitions() {
    }

    /** Returns the record key of a request frame of {@code requester}: its id as a decimal string. */
    public static String keyOf(int requester) {
        return Integer.toString(requester);
    }

    /**
     * Returns the partition that carries the frames of {@code requester} in a request topic of
     * {@code partitionCount} partitions.
     *
     * @throws IllegalArgumentException if {@code partitionCount} is not positive
     */
    public static int partitionOf(int requester, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("Invalid partition count " + partitionCount + "; it must be at least 1");
        }
        byte[] key = keyOf(requester).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
    }
}

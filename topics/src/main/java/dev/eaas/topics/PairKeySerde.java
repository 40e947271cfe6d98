package dev.eaas.topics;

import dev.eaas.topics.avro.PairKey;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The record key of key requests, crypto requests and crypto results, and the key of the key manager's store:
 * subscriber, lower requester id and higher requester id of the unordered pair, each a big-endian 32-bit integer,
 * 12 bytes in all.
 *
 * <p>The layout is permanent. Kafka partitions these records by the key's bytes, and the key store looks keys up by
 * them. A different encoding would send a pair to another partition and miss its stored key, so a second key would
 * be created for the pair. That is why the key is not in Avro's single-object encoding, whose bytes include
 * the schema's fingerprint and change with any change to the schema.
 */
public final class PairKeySerde implements Serde<PairKey>, Serializer<PairKey>, Deserializer<PairKey> {

    public static final int SIZE_BYTES = 12;

    @Override
    public byte[] serialize(String topic, PairKey key) {
        if (key == null) {
            return null;
        }
        return ByteBuffer.allocate(SIZE_BYTES).putInt(key.getSubscriber()).putInt(key.getLow()).putInt(key.getHigh()).array();
    }

    @Override
    public PairKey deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length != SIZE_BYTES) {
            throw new SerializationException("Invalid pair key of " + bytes.length + " bytes from topic " + topic
                    + "; a pair key has " + SIZE_BYTES + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new PairKey(buffer.getInt(), buffer.getInt(), buffer.getInt());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the layout is fixed.
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public Serializer<PairKey> serializer() {
        return this;
    }

    @Override
    public Deserializer<PairKey> deserializer() {
        return this;
    }
}

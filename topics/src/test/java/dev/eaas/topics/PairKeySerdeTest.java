package dev.eaas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.avro.PairKey;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairKeySerdeTest {

    private final PairKeySerde serde = new PairKeySerde();

    @Test
    void layoutIsPinnedToTwelveBytes() {
        byte[] bytes = serde.serialize("t", new PairKey(54, 1, 2));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("000000360000000100000002");
    }

    @Test
    void keyRoundTrips() {
        PairKey key = new PairKey(65_535, 7, 65_535);

        assertThat(serde.deserialize("t", serde.serialize("t", key))).isEqualTo(key);
    }

    @Test
    void wrongLengthIsRejectedWithTopic() {
        assertThatThrownBy(() -> serde.deserialize("eaas.internal.key-requests", new byte[5]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("5 bytes")
                .hasMessageContaining("eaas.internal.key-requests");
    }
}

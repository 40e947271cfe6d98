package dev.eaas.topics.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.avro.RequestType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameCodecTest {

    private static final FrameCodec PAPER_CODEC = new FrameCodec(FrameLayout.PAPER_EXAMPLE);

    /**
     * The four frames of Figure 6 of Javadpour et al., "Improving the Security of Service Mesh in Kubernetes": subscriber 54, requester 1, sequence 9, encrypt, pair 2,
     * tokens 00 to 11, each followed by 14 data bits. The figure prints the last sequence with 11 bits,
     * a typo: the codec always writes n = 12 bits.
     */
    @ParameterizedTest
    @CsvSource({
        "0, 00110110 00001 000000001001 0 00010 00, 11000000111010",
        "1, 00110110 00001 000000001001 0 00010 01, 01101000100010",
        "2, 00110110 00001 000000001001 0 00010 10, 00010000000011",
        "3, 00110110 00001 000000001001 0 00010 11, 10010111001111"
    })
    void paperFigureSixFramesBitForBit(int token, String expectedHeader, String dataBits) {
        Frame frame = new Frame(54, 1, 9, RequestType.ENCRYPT, 2, token, 2, leftAlignedBytes(dataBits));

        String wire = bits(PAPER_CODEC.encode(frame));

        String header = expectedHeader.replace(" ", "");
        assertThat(header).hasSize(33);
        assertThat(wire).hasSize(40 + 16);
        assertThat(wire.substring(0, 33)).isEqualTo(header);
        assertThat(wire.substring(33, 40)).as("padding to the byte boundary").isEqualTo("0000000");
        assertThat(wire.substring(40, 54)).isEqualTo(dataBits);
    }

    @Test
    void paperFramesDecodeToTheirFields() {
        byte[] data = leftAlignedBytes("01101000100010");
        byte[] wire = PAPER_CODEC.encode(new Frame(54, 1, 9, RequestType.ENCRYPT, 2, 1, 2, data));

        Frame decoded = PAPER_CODEC.decode(wire, 2);

        assertThat(decoded).isEqualTo(new Frame(54, 1, 9, RequestType.ENCRYPT, 2, 1, 2, data));
    }

    @ParameterizedTest
    @CsvSource({
        "subscriber, 256, 8",
        "requester, 32, 5",
        "sequence, 4096, 12",
        "pair, 40, 5",
        "token, 4, 2"
    })
    void valueTooWideIsRejectedWithFieldValueAndWidth(String field, int value, int width) {
        Frame frame = new Frame(
                field.equals("subscriber") ? value : 54,
                field.equals("requester") ? value : 1,
                field.equals("sequence") ? value : 9,
                RequestType.ENCRYPT,
                field.equals("pair") ? value : 2,
                field.equals("token") ? value : 1,
                2,
                new byte[0]);

        assertThatThrownBy(() -> PAPER_CODEC.encode(frame))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessageContaining("'" + field + "'")
                .hasMessageContaining(Integer.toString(value))
                .hasMessageContaining(width + " bits");
    }

    @Test
    void negativeValueIsRejected() {
        Frame frame = new Frame(54, -1, 9, RequestType.ENCRYPT, 2, 0, 0, new byte[0]);

        assertThatThrownBy(() -> PAPER_CODEC.encode(frame))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessageContaining("'requester'")
                .hasMessageContaining("-1");
    }

    @Test
    void frameShorterThanHeaderIsMalformed() {
        assertThatThrownBy(() -> PAPER_CODEC.decodeHeader(new byte[3]))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("3 bytes")
                .hasMessageContaining("31 bits");
    }

    @Test
    void frameShorterThanTokenIsMalformed() {
        FrameCodec codec = new FrameCodec(new FrameLayout(8, 8, 7));
        byte[] fixedHeaderOnly = new byte[4];

        FrameHeader header = codec.decodeHeader(fixedHeaderOnly);

        assertThatThrownBy(() -> codec.decode(fixedHeaderOnly, header, 8))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("8-bit token");
    }

    @Test
    void randomFramesRoundTripInEveryLayout() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            FrameLayout layout = new FrameLayout(1 + random.nextInt(31), 1 + random.nextInt(31), 1 + random.nextInt(31));
            FrameCodec codec = new FrameCodec(layout);
            int tokenBits = random.nextInt(FrameLayout.MAX_TOKEN_BITS + 1);
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            Frame frame = new Frame(
                    random.nextInt(layout.maxSubscriber()) + (random.nextBoolean() ? 1 : 0),
                    random.nextInt(layout.maxRequester()),
                    (int) (random.nextLong(layout.sequenceModulus())),
                    random.nextBoolean() ? RequestType.ENCRYPT : RequestType.DECRYPT,
                    layout.maxRequester(),
                    tokenBits == 0 ? 0 : random.nextInt(1 << tokenBits),
                    tokenBits,
                    data);

            byte[] wire = codec.encode(frame);

            assertThat(wire).hasSize(layout.headerBytes(tokenBits) + data.length);
            assertThat(codec.decode(wire, tokenBits)).isEqualTo(frame);
        }
    }

    @Test
    void invalidLayoutWidthIsRejected() {
        assertThatThrownBy(() -> new FrameLayout(0, 5, 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'subscriber'")
                .hasMessageContaining("between 1 and 31");
    }

    @Test
    void toStringLeavesOutTokenAndData() {
        Frame frame = new Frame(54, 1, 9, RequestType.ENCRYPT, 2, 3, 2, new byte[] {42});

        assertThat(frame.toString()).doesNotContain("token=").contains("dataBytes=1");
    }

    private static byte[] leftAlignedBytes(String bits) {
        byte[] out = new byte[(bits.length() + 7) / 8];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                out[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return out;
    }

    private static String bits(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            for (int bit = 7; bit >= 0; bit--) {
                out.append((b >>> bit) & 1);
            }
        }
        return out.toString();
    }
}

package dev.eaas.topics.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.avro.RequestType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs for the frame codec. Each loop is bounded by its case count and runs in well under a
 * second. A failure names its case number, and the fixed seed replays it.
 */
class FrameCodecFuzzTest {

    private static final int CASES = 100_000;

    @Test
    void randomBytesFailOnlyAsMalformedFrames() {
        Random random = new Random(1L);
        for (int i = 0; i < CASES; i++) {
            FrameLayout layout = randomLayout(random);
            FrameCodec codec = new FrameCodec(layout);
            int tokenBits = random.nextInt(FrameLayout.MAX_TOKEN_BITS + 1);
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            boolean headerFits = bytes.length * 8L >= layout.fixedHeaderBits();
            boolean tokenFits = bytes.length >= layout.headerBytes(tokenBits);

            FrameHeader header = decodeHeaderOrNull(codec, bytes);

            assertThat(header != null).as("case %d: header decoded", i).isEqualTo(headerFits);
            if (header != null) {
                Frame frame = decodeOrNull(codec, bytes, header, tokenBits);
                assertThat(frame != null).as("case %d: frame decoded", i).isEqualTo(tokenFits);
                if (frame != null) {
                    assertThat(frame.data()).hasSize(bytes.length - layout.headerBytes(tokenBits));
                    assertThat(codec.decodeToken(bytes, tokenBits)).isEqualTo(frame.token());
                }
            }
        }
    }

    @Test
    void everyValidFrameRoundTrips() {
        Random random = new Random(2L);
        for (int i = 0; i < CASES; i++) {
            FrameLayout layout = randomLayout(random);
            FrameCodec codec = new FrameCodec(layout);
            Frame frame = randomFrame(random, layout);

            byte[] encoded = codec.encode(frame);
            Frame decoded = codec.decode(encoded, frame.tokenBits());

            assertThat(decoded).as("case %d, layout %s", i, layout).isEqualTo(frame);
            assertThat(encoded).hasSize(layout.headerBytes(frame.tokenBits()) + frame.data().length);
            assertThat(codec.encode(decoded)).isEqualTo(encoded);
        }
    }

    @Test
    void flippedBitChangesFrameUnlessInPadding() {
        Random random = new Random(3L);
        for (int i = 0; i < CASES; i++) {
            FrameLayout layout = randomLayout(random);
            FrameCodec codec = new FrameCodec(layout);
            Frame frame = randomFrame(random, layout);
            byte[] flipped = codec.encode(frame);
            int bit = random.nextInt(flipped.length * 8);
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            int headerBits = layout.fixedHeaderBits() + frame.tokenBits();
            boolean inPadding = bit >= headerBits && bit < layout.headerBytes(frame.tokenBits()) * 8;

            Frame decoded = codec.decode(flipped, frame.tokenBits());

            if (inPadding) {
                assertThat(decoded).as("case %d: bit %d lies in the padding", i, bit).isEqualTo(frame);
            } else {
                assertThat(decoded).as("case %d: bit %d", i, bit).isNotEqualTo(frame);
            }
        }
    }

    @Test
    void everyTruncationFailsOrKeepsDataPrefix() {
        Random random = new Random(4L);
        for (int i = 0; i < CASES / 10; i++) {
            FrameLayout layout = randomLayout(random);
            FrameCodec codec = new FrameCodec(layout);
            Frame frame = randomFrame(random, layout);
            byte[] encoded = codec.encode(frame);
            int headerBytes = layout.headerBytes(frame.tokenBits());

            for (int length = 0; length < encoded.length; length++) {
                byte[] truncated = Arrays.copyOf(encoded, length);

                if (length < headerBytes) {
                    assertThatThrownBy(() -> codec.decode(truncated, frame.tokenBits()))
                            .as("case %d, %d bytes", i, length)
                            .isInstanceOf(MalformedFrameException.class)
                            .hasMessageContaining("too short");
                } else {
                    Frame decoded = codec.decode(truncated, frame.tokenBits());
                    assertThat(decoded.header()).isEqualTo(frame.header());
                    assertThat(decoded.data()).isEqualTo(Arrays.copyOf(frame.data(), length - headerBytes));
                }
            }
        }
    }

    @Test
    void valueBeyondWidthIsRejectedNamingField() {
        Random random = new Random(5L);
        String[] fields = {"subscriber", "requester", "sequence", "pair", "token"};
        for (int i = 0; i < CASES / 10; i++) {
            FrameLayout layout = randomLayout(random);
            Frame valid = randomFrame(random, layout);
            int tokenBits = Math.max(1, valid.tokenBits());
            String field = fields[random.nextInt(fields.length)];
            Frame invalid = withField(valid.withTokenAndData(0, valid.data()), tokenBits, field, layout);

            assertThatThrownBy(() -> new FrameCodec(layout).encode(invalid))
                    .as("case %d: field %s", i, field)
                    .isInstanceOf(FieldOverflowException.class)
                    .hasMessageContaining("field '" + field + "'");
        }
    }

    /** Returns the frame with the named field set one above the largest value its width holds. */
    private static Frame withField(Frame frame, int tokenBits, String field, FrameLayout layout) {
        int subscriber = field.equals("subscriber") ? overflow(layout.subscriberBits()) : frame.subscriber();
        int requester = field.equals("requester") ? overflow(layout.requesterBits()) : frame.requester();
        int sequence = field.equals("sequence") ? overflow(layout.sequenceBits()) : frame.sequence();
        int pair = field.equals("pair") ? overflow(layout.requesterBits()) : frame.pair();
        int token = field.equals("token") ? overflow(tokenBits) : 0;
        return new Frame(subscriber, requester, sequence, frame.type(), pair, token, tokenBits, frame.data());
    }

    /** Returns 2^bits, or -1 for a 31-bit field whose every non-negative int fits. */
    private static int overflow(int bits) {
        return bits >= 31 ? -1 : 1 << bits;
    }

    private static FrameLayout randomLayout(Random random) {
        return new FrameLayout(1 + random.nextInt(FrameLayout.MAX_FIELD_BITS), 1 + random.nextInt(FrameLayout.MAX_FIELD_BITS),
                1 + random.nextInt(FrameLayout.MAX_FIELD_BITS));
    }

    private static Frame randomFrame(Random random, FrameLayout layout) {
        int tokenBits = random.nextInt(FrameLayout.MAX_TOKEN_BITS + 1);
        byte[] data = new byte[random.nextInt(33)];
        random.nextBytes(data);
        return new Frame(valueOf(random, layout.subscriberBits()), valueOf(random, layout.requesterBits()),
                valueOf(random, layout.sequenceBits()), random.nextBoolean() ? RequestType.ENCRYPT : RequestType.DECRYPT,
                valueOf(random, layout.requesterBits()), valueOf(random, tokenBits), tokenBits, data);
    }

    /** Returns a value of {@code bits} bits, often at the ends of the range, where off-by-one faults live. */
    private static int valueOf(Random random, int bits) {
        int max = FrameLayout.maxValue(bits);
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> max;
            default -> (int) (random.nextLong(max + 1L));
        };
    }

    private static FrameHeader decodeHeaderOrNull(FrameCodec codec, byte[] bytes) {
        try {
            return codec.decodeHeader(bytes);
        } catch (MalformedFrameException tooShort) {
            return null;
        }
    }

    private static Frame decodeOrNull(FrameCodec codec, byte[] bytes, FrameHeader header, int tokenBits) {
        try {
            return codec.decode(bytes, header, tokenBits);
        } catch (MalformedFrameException tooShort) {
            return null;
        }
    }
}

package dev.eaas.client;

import dev.eaas.topics.decoy.DecoyGenerator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFramesTest {

    private static final FrameCodec CODEC = new FrameCodec(FrameLayout.PAPER_EXAMPLE);
    private static final byte[] PLAINTEXT = "{\"password\":\"correct horse battery staple\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void fanOutHasOneFramePerToken(int deceptionFactorBits) {
        // given
        int realToken = (1 << deceptionFactorBits) - 1;
        Registration registration = new Registration(54, 2, deceptionFactorBits, realToken);

        // when
        List<byte[]> encoded = RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT,
                DecoyGenerator.uniformRandom(), new Random(7));

        // then
        List<Frame> frames = encoded.stream().map(bytes -> CODEC.decode(bytes, deceptionFactorBits)).toList();
        assertThat(frames).hasSize(1 << deceptionFactorBits);
        assertThat(frames).extracting(Frame::token)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1 << deceptionFactorBits).boxed().toList());
        assertThat(encoded).extracting(bytes -> bytes.length).containsOnly(encoded.get(0).length);
        for (Frame frame : frames) {
            assertThat(frame.subscriber()).isEqualTo(54);
            assertThat(frame.requester()).isEqualTo(1);
            assertThat(frame.sequence()).isEqualTo(9);
            assertThat(frame.type()).isEqualTo(RequestType.ENCRYPT);
            assertThat(frame.pair()).isEqualTo(2);
            assertThat(frame.tokenBits()).isEqualTo(deceptionFactorBits);
            assertThat(frame.data()).hasSameSizeAs(PLAINTEXT);
            if (frame.token() == realToken) {
                assertThat(frame.data()).isEqualTo(PLAINTEXT);
            } else {
                assertThat(frame.data()).as("decoy under token %d", frame.token()).isNotEqualTo(PLAINTEXT);
            }
        }
    }

    @Test
    void shapeMatchedDecoysKeepJsonShape() {
        Registration registration = new Registration(54, 2, 3, 5);

        List<byte[]> encoded = RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT,
                DecoyGenerator.shapeMatched(), new Random(8));

        List<Frame> decoys = encoded.stream().map(bytes -> CODEC.decode(bytes, 3))
                .filter(frame -> frame.token() != 5).toList();
        assertThat(decoys).hasSize(7);
        for (Frame decoy : decoys) {
            assertThat(new String(decoy.data(), StandardCharsets.UTF_8))
                    .matches("\\{\"password\":\"[a-z]{7} [a-z]{5} [a-z]{7} [a-z]{6}\"}");
            assertThat(decoy.data()).isNotEqualTo(PLAINTEXT);
        }
    }

    @Test
    void decoysDifferFromEachOther() {
        Registration registration = new Registration(54, 2, 4, 5);

        List<byte[]> encoded = RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT,
                DecoyGenerator.uniformRandom(), new Random(7));

        Set<String> distinctData = new HashSet<>();
        encoded.forEach(bytes -> distinctData.add(new String(CODEC.decode(bytes, 4).data(), StandardCharsets.ISO_8859_1)));
        assertThat(distinctData).hasSize(16);
    }

    @Test
    void zeroDeceptionFactorSendsOneTokenlessFrame() {
        Registration registration = new Registration(54, 2, 0, 0);

        List<byte[]> encoded = RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT,
                DecoyGenerator.uniformRandom(), new Random(7));

        assertThat(encoded).hasSize(1);
        assertThat(encoded.get(0)).hasSize(FrameLayout.PAPER_EXAMPLE.headerBytes(0) + PLAINTEXT.length);
        Frame frame = CODEC.decode(encoded.get(0), 0);
        assertThat(frame.tokenBits()).isZero();
        assertThat(frame.data()).isEqualTo(PLAINTEXT);
    }

    @Test
    void shuffledOrderDiffersAcrossSeeds() {
        Registration registration = new Registration(54, 2, 4, 5);

        List<Integer> firstOrder = tokenOrder(registration, 1);
        List<Integer> secondOrder = tokenOrder(registration, 2);

        assertThat(firstOrder).isNotEqualTo(secondOrder);
        assertThat(firstOrder).isNotEqualTo(IntStream.range(0, 16).boxed().toList());
    }

    @Test
    void realFramePositionVariesAcrossSeeds() {
        Registration registration = new Registration(54, 2, 2, 1);

        Set<Integer> positions = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            positions.add(tokenOrder(registration, seed).indexOf(1));
        }

        assertThat(positions).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void realFrameMatchesPaperFigureSix() {
        // Figure 6: subscriber 54, requester 1, sequence 9, encrypt, pair 2, token 01, data 01101000100010.
        byte[] data = {(byte) 0b01101000, (byte) 0b10001000};
        Registration registration = new Registration(54, 2, 2, 1);

        List<byte[]> encoded = RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, data,
                DecoyGenerator.uniformRandom(), new Random(7));

        byte[] expected = CODEC.encode(new Frame(54, 1, 9, RequestType.ENCRYPT, 2, 1, 2, data));
        assertThat(encoded).anySatisfy(frame -> assertThat(frame).isEqualTo(expected));
    }

    @Test
    void decoyOfWrongLengthIsRejected() {
        Registration registration = new Registration(54, 2, 1, 0);
        DecoyGenerator tooShort = (real, random) -> new byte[real.length - 1];

        assertThatThrownBy(() -> RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT, tooShort,
                new Random(7)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned " + (PLAINTEXT.length - 1) + " bytes for data of " + PLAINTEXT.length
                        + " bytes; a decoy must be exactly as long as the real data");
    }

    @Test
    void decoyThatIsTheRealArrayIsRejected() {
        Registration registration = new Registration(54, 2, 1, 0);
        DecoyGenerator leaking = (real, random) -> real;

        assertThatThrownBy(() -> RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT, leaking,
                new Random(7)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned the real data itself");
    }

    @Test
    void decryptRequestIsOneTokenlessFrame() {
        Registration registration = new Registration(54, 2, 3, 6);
        byte[] ciphertext = {1, 2, 3, 4, 5};

        byte[] encoded = RequestFrames.decrypt(CODEC, registration, 1, 10, 2, ciphertext);

        Frame frame = CODEC.decode(encoded, 0);
        assertThat(frame).isEqualTo(new Frame(54, 1, 10, RequestType.DECRYPT, 2, 0, 0, ciphertext));
    }

    @Test
    void pairTooWideFailsWithCodecMessage() {
        FieldOverflowException expected = new FieldOverflowException("pair", 32, 5);

        assertThatThrownBy(() -> RequestFrames.requireRequesterWidth(FrameLayout.PAPER_EXAMPLE, "pair", 32))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessage(expected.getMessage());
    }

    @Test
    void negativeRequesterFailsWithCodecMessage() {
        FieldOverflowException expected = new FieldOverflowException("requester", -1, 5);

        assertThatThrownBy(() -> RequestFrames.requireRequesterWidth(FrameLayout.PAPER_EXAMPLE, "requester", -1))
                .isInstanceOf(FieldOverflowException.class)
                .hasMessage(expected.getMessage());
    }

    @Test
    void widestRequesterIdIsAccepted() {
        RequestFrames.requireRequesterWidth(FrameLayout.PAPER_EXAMPLE, "requester", 31);
    }

    private static List<Integer> tokenOrder(Registration registration, long seed) {
        return RequestFrames.encryptFanOut(CODEC, registration, 1, 9, 2, PLAINTEXT, DecoyGenerator.uniformRandom(),
                        new Random(seed)).stream()
                .map(bytes -> CODEC.decode(bytes, registration.deceptionFactorBits()).token())
                .toList();
    }
}

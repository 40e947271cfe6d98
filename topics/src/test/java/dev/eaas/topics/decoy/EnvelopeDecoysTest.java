package dev.eaas.topics.decoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.EnvelopeFormat;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeDecoysTest {

    private static final byte[] ENVELOPE = {1, 3, 0, 0, 0, 7, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

    @Test
    void decoyKeepsHeaderAndLength() {
        byte[] decoy = DecoyGenerator.ciphertextEnvelopes().decoyFor(ENVELOPE, new Random(1));

        assertThat(decoy).hasSameSizeAs(ENVELOPE);
        assertThat(Arrays.copyOf(decoy, EnvelopeFormat.HEADER_SIZE_BYTES))
                .isEqualTo(Arrays.copyOf(ENVELOPE, EnvelopeFormat.HEADER_SIZE_BYTES));
    }

    @Test
    void decoyBodyIsNotTheRealBody() {
        byte[] decoy = DecoyGenerator.ciphertextEnvelopes().decoyFor(ENVELOPE, new Random(2));

        assertThat(Arrays.copyOfRange(decoy, EnvelopeFormat.HEADER_SIZE_BYTES, decoy.length))
                .isNotEqualTo(Arrays.copyOfRange(ENVELOPE, EnvelopeFormat.HEADER_SIZE_BYTES, ENVELOPE.length));
    }

    @Test
    void shortDataCopiedWhole() {
        byte[] real = {1, 1, 0};

        assertThat(DecoyGenerator.ciphertextEnvelopes().decoyFor(real, new Random(3))).isEqualTo(real);
    }
}

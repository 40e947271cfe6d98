package dev.eaas.topics.decoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomBytesTest {

    @Test
    void everyValueBelowTheBoundIsEquallyLikely() {
        RandomBytes bytes = new RandomBytes(new Random(7), 64);
        int bound = 95;
        int draws = bound * 2_000;
        int[] counts = new int[bound];

        for (int i = 0; i < draws; i++) {
            counts[bytes.nextBelow(bound)]++;
        }

        // Chi-square with 94 degrees of freedom: 150 lies far in the tail (p < 0.001) for a uniform source. A modulo
        // without rejection would favour the first 66 values by 3 to 2 and exceed it many times over.
        double expected = (double) draws / bound;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        assertThat(chiSquare).isLessThan(150);
    }

    @Test
    void drawsFromTheSourceOncePerBuffer() {
        int[] calls = new int[1];
        Random counting = new Random(3) {
            @Override
            public void nextBytes(byte[] target) {
                calls[0]++;
                super.nextBytes(target);
            }
        };
        RandomBytes bytes = new RandomBytes(counting, 1024);

        for (int i = 0; i < 500; i++) {
            bytes.nextBelow(160);
        }

        // 500 draws with 160 of 256 values accepted need about 800 bytes: one buffer, two at most.
        assertThat(calls[0]).isBetween(1, 2);
    }

    @Test
    void boundOutsideOneByteIsRejected() {
        RandomBytes bytes = new RandomBytes(new Random(1), 8);

        assertThatThrownBy(() -> bytes.nextBelow(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bytes.nextBelow(257)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bytes.nextBelow(1)).isZero();
    }
}

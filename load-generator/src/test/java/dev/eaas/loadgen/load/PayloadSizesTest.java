package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadSizesTest {

    @Test
    void fixedSizeAlwaysSame() {
        PayloadSizes sizes = PayloadSizes.parse("1024");
        SplittableRandom random = new SplittableRandom(1);

        assertThat(sizes.next(random)).isEqualTo(1024);
        assertThat(sizes.next(random)).isEqualTo(1024);
        assertThat(sizes.spec()).isEqualTo("1024");
    }

    @Test
    void rangeStaysWithinBothEnds() {
        PayloadSizes sizes = PayloadSizes.parse("10..13");
        SplittableRandom random = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            seen.add(sizes.next(random));
        }

        assertThat(seen).containsExactlyInAnyOrder(10, 11, 12, 13);
        assertThat(sizes.maxBytes()).isEqualTo(13);
    }

    @Test
    void listDrawsOnlyListedSizes() {
        PayloadSizes sizes = PayloadSizes.parse("256, 1024,4096");
        SplittableRandom random = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            seen.add(sizes.next(random));
        }

        assertThat(seen).containsExactlyInAnyOrder(256, 1024, 4096);
        assertThat(sizes.spec()).isEqualTo("256,1024,4096");
    }

    @Test
    void sizeAboveMaximumRejected() {
        assertThatThrownBy(() -> PayloadSizes.parse("1000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid payload sizes '1000001'")
                .hasMessageContaining("0 to 1000000");
    }

    @Test
    void reversedRangeRejected() {
        assertThatThrownBy(() -> PayloadSizes.parse("100..10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than the second");
    }

    @Test
    void negativeAndNonNumericRejected() {
        assertThatThrownBy(() -> PayloadSizes.parse("-1")).hasMessageContaining("0 to 1000000");
        assertThatThrownBy(() -> PayloadSizes.parse("1k")).hasMessageContaining("'1k' is not a whole number");
        assertThatThrownBy(() -> PayloadSizes.parse("1..2..3")).hasMessageContaining("one '..'");
    }

    @Test
    void payloadStartsWithItsIndex() {
        Payloads payloads = new Payloads(PayloadSizes.fixed(16), 7);

        byte[] first = payloads.next(1);
        byte[] second = payloads.next(2);

        assertThat(first).hasSize(16);
        assertThat(first[7]).isEqualTo((byte) 1);
        assertThat(second[7]).isEqualTo((byte) 2);
        assertThat(first).isNotEqualTo(second);
    }
}

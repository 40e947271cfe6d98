package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SuccessRateTest {

    @Test
    void wilsonIntervalMatchesHandComputedValues() {
        // 8 of 10: centre (0.8 + 1.92/20) / 1.384 = 0.6478, spread 1.96 * sqrt(0.016 + 0.0096) / 1.384 = 0.2266.
        SuccessRate rate = new SuccessRate(10, 8);
        assertThat(rate.rate()).isEqualTo(0.8);
        assertThat(rate.lower()).isCloseTo(0.4902, within(1e-3));
        assertThat(rate.upper()).isCloseTo(0.9433, within(1e-3));
    }

    @Test
    void wilsonIntervalKeepsWidthAtZeroAndAll() {
        SuccessRate none = new SuccessRate(20, 0);
        SuccessRate all = new SuccessRate(20, 20);
        assertThat(none.lower()).isEqualTo(0);
        assertThat(none.upper()).isCloseTo(0.1611, within(1e-3));
        assertThat(all.upper()).isEqualTo(1);
        assertThat(all.lower()).isCloseTo(0.8389, within(1e-3));
    }

    @Test
    void noAttemptsGiveWholeRange() {
        SuccessRate empty = new SuccessRate(0, 0);
        assertThat(empty.lower()).isEqualTo(0);
        assertThat(empty.upper()).isEqualTo(1);
    }

    @Test
    void moreSuccessesThanAttemptsRejected() {
        assertThatThrownBy(() -> new SuccessRate(3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 of 3");
    }
}

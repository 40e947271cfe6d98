package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkRatiosTest {

    private static LoadResult latency(String mode, double p50Ms, double p99Ms) {
        return new LoadResult(mode, "", "", 0, "1024", 1000, 1000, 10_000, 0, 0, p50Ms, p50Ms, p99Ms, p99Ms, p99Ms);
    }

    @Test
    void framesEachWayGrowWithDeceptionFactor() {
        assertThat(BenchmarkRatios.framesPerRoundTripEachWay(0)).isEqualTo(2);
        assertThat(BenchmarkRatios.framesPerRoundTripEachWay(1)).isEqualTo(3);
        assertThat(BenchmarkRatios.framesPerRoundTripEachWay(4)).isEqualTo(17);
    }

    @Test
    void eaasOverEchoDividesEaasByEcho() {
        List<BenchmarkRatios.Ratio> ratios = BenchmarkRatios.eaasOverEcho(800, 1000,
                latency("eaas", 12, 50), latency("no-encryption", 10, 20));

        assertThat(ratios).extracting(BenchmarkRatios.Ratio::value).containsExactly(0.8, 1.2, 2.5);
        assertThat(ratios).extracting(BenchmarkRatios.Ratio::met).containsExactly(true, true, false);
    }

    @Test
    void describeNamesTargetAndMargin() {
        BenchmarkRatios.Ratio ratio = new BenchmarkRatios.Ratio("throughput", 0.5, BenchmarkRatios.Bound.AT_LEAST, 0.74);

        assertThat(ratio.describe()).contains("0.500").contains("target >= 0.740: missed by 0.240");
    }

    @Test
    void deceptionCostTargetIsInverseFrameGrowth() {
        List<BenchmarkRatios.Ratio> ratios = BenchmarkRatios.deceptionCost(Map.of(0, 1000.0, 1, 700.0, 4, 100.0));

        assertThat(ratios).hasSize(2);
        BenchmarkRatios.Ratio first = ratios.stream().filter(r -> r.name().contains("d = 1")).findFirst().orElseThrow();
        assertThat(first.value()).isEqualTo(0.7);
        assertThat(first.target()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(first.met()).isTrue();
        BenchmarkRatios.Ratio fourth = ratios.stream().filter(r -> r.name().contains("d = 4")).findFirst().orElseThrow();
        assertThat(fourth.target()).isCloseTo(2.0 / 17, within(1e-12));
        assertThat(fourth.met()).isFalse();
    }

    @Test
    void deceptionCostNeedsBaseline() {
        assertThatThrownBy(() -> BenchmarkRatios.deceptionCost(Map.of(1, 700.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d = 0");
    }
}

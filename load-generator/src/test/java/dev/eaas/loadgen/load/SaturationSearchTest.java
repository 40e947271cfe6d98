package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search on fake systems whose capacity is known. */
class SaturationSearchTest {

    private final List<String> calls = new ArrayList<>();

    /** A system that completes everything offered up to its capacity, and only its capacity above it. */
    private SaturationSearch.StepRunner capped(String name, double capacityPerSecond) {
        return rate -> {
            calls.add(name + "@" + Math.round(rate));
            double achieved = Math.min(rate, capacityPerSecond);
            long due = Math.round(rate * 10);
            long completed = Math.round(achieved * 10);
            return new SaturationSearch.Step(rate, achieved, completed, 0, due - completed);
        };
    }

    @Test
    void ladderDoublesFromStart() {
        SaturationSearch search = new SaturationSearch(100, 2, 5, 0.9, 0.01);

        assertThat(search.rateOfStep(0)).isEqualTo(100);
        assertThat(search.rateOfStep(3)).isEqualTo(800);
    }

    @Test
    void searchStopsAtFirstStepThatFallsBehind() throws Exception {
        SaturationSearch search = new SaturationSearch(100, 2, 10, 0.9, 0.01);

        SaturationSearch.Result result = search.search(Map.of("system", capped("system", 500))).get("system");

        assertThat(result.saturated()).isTrue();
        assertThat(result.steps()).extracting(SaturationSearch.Step::offeredRatePerSecond)
                .containsExactly(100.0, 200.0, 400.0, 800.0, 800.0);
        assertThat(result.saturationRatePerSecond()).isEqualTo(500);
    }

    @Test
    void systemsMeetSameRatesInTurn() throws Exception {
        SaturationSearch search = new SaturationSearch(100, 2, 10, 0.9, 0.01);
        Map<String, SaturationSearch.StepRunner> systems = new LinkedHashMap<>();
        systems.put("fast", capped("fast", 1_000));
        systems.put("slow", capped("slow", 150));

        Map<String, SaturationSearch.Result> results = search.search(systems);

        assertThat(calls).containsExactly("fast@100", "slow@100", "fast@200", "slow@200", "slow@200", "fast@400",
                "fast@800", "fast@1600", "fast@1600");
        assertThat(results.get("fast").saturationRatePerSecond()).isEqualTo(1_000);
        assertThat(results.get("slow").saturationRatePerSecond()).isEqualTo(150);
    }

    @Test
    void systemKeepingUpEverywhereIsNotSaturated() throws Exception {
        SaturationSearch search = new SaturationSearch(100, 2, 3, 0.9, 0.01);

        SaturationSearch.Result result = search.search(Map.of("system", capped("system", 1e9))).get("system");

        assertThat(result.saturated()).isFalse();
        assertThat(result.steps()).hasSize(3);
        assertThat(result.saturationRatePerSecond()).isEqualTo(400);
    }

    @Test
    void lossAboveThresholdEndsSearch() throws Exception {
        SaturationSearch search = new SaturationSearch(100, 2, 10, 0.9, 0.01);
        SaturationSearch.StepRunner lossy = rate -> new SaturationSearch.Step(rate, rate, 980, 15, 5);

        SaturationSearch.Result result = search.search(Map.of("lossy", lossy)).get("lossy");

        assertThat(result.steps()).hasSize(2);
        assertThat(result.saturated()).isTrue();
    }

    @Test
    void stepFallingBehindOnceIsRepeated() throws Exception {
        SaturationSearch search = new SaturationSearch(100, 2, 3, 0.9, 0.01);
        List<Double> achieved = new ArrayList<>(List.of(100.0, 50.0, 200.0, 400.0));
        SaturationSearch.StepRunner hiccup = rate -> {
            double value = achieved.remove(0);
            return new SaturationSearch.Step(rate, value, Math.round(value), 0, 0);
        };

        SaturationSearch.Result result = search.search(Map.of("hiccup", hiccup)).get("hiccup");

        assertThat(result.steps()).extracting(SaturationSearch.Step::achievedRatePerSecond)
                .containsExactly(100.0, 50.0, 200.0, 400.0);
        assertThat(result.saturated()).isFalse();
        assertThat(result.saturationRatePerSecond()).isEqualTo(400);
    }

    @Test
    void achievedJustAboveFractionKeepsUp() {
        SaturationSearch search = new SaturationSearch(100, 2, 10, 0.9, 0.01);

        assertThat(search.keptUp(new SaturationSearch.Step(1000, 901, 901, 0, 0))).isTrue();
        assertThat(search.keptUp(new SaturationSearch.Step(1000, 899, 899, 0, 0))).isFalse();
    }

    @Test
    void invalidLadderRejected() {
        assertThatThrownBy(() -> new SaturationSearch(100, 1, 10, 0.9, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("growth factor 1.0 (expected above 1)");
    }

    @Test
    void infiniteStartRateRejected() {
        assertThatThrownBy(() -> new SaturationSearch(Double.POSITIVE_INFINITY, 2, 10, 0.9, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start rate Infinity/s");
    }

    @Test
    void ladderBeyondFiniteRatesRejected() {
        assertThatThrownBy(() -> new SaturationSearch(100, 1e200, 3, 0.9, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the rate of the last step, Infinity/s, must be finite");
    }
}

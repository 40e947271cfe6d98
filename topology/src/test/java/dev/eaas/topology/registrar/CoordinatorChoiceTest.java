package dev.eaas.topology.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorChoiceTest {

    private static final long NOW_MS = 100_000;
    private static final long LIVENESS_MS = 10_000;

    @Test
    void leastLoadedLiveCoordinatorWins() {
        var choice = CoordinatorChoice.leastLoaded(Map.of(1, NOW_MS, 2, NOW_MS, 3, NOW_MS), Map.of(1, 4, 2, 1, 3, 2),
                NOW_MS, LIVENESS_MS);

        assertThat(choice).hasValue(2);
    }

    @Test
    void silentCoordinatorIsSkipped() {
        var choice = CoordinatorChoice.leastLoaded(Map.of(1, NOW_MS, 2, NOW_MS - LIVENESS_MS - 1), Map.of(1, 4),
                NOW_MS, LIVENESS_MS);

        assertThat(choice).hasValue(1);
    }

    @Test
    void tieGoesToLowestId() {
        var choice = CoordinatorChoice.leastLoaded(Map.of(3, NOW_MS, 2, NOW_MS), Map.of(), NOW_MS, LIVENESS_MS);

        assertThat(choice).hasValue(2);
    }

    @Test
    void noLiveCoordinatorGivesNothing() {
        var choice = CoordinatorChoice.leastLoaded(Map.of(1, 0L), Map.of(), NOW_MS, LIVENESS_MS);

        assertThat(choice).isEmpty();
    }
}

package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationOptionsTest {

    @Test
    void rangesAndListsCombine() {
        assertThat(EvaluationOptions.parseDeceptionFactors("0-2,5")).containsExactly(0, 1, 2, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "", "3-1", "9", "1-2-3"})
    void invalidFactorsNameTheOption(String text) {
        assertThatThrownBy(() -> EvaluationOptions.parseDeceptionFactors(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid --deception-factors '" + text
                        + "'; expected A-B or a comma-separated list of values from 0 to 8");
    }
}

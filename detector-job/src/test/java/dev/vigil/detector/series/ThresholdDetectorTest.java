package dev.vigil.detector.series;

import dev.vigil.detector.rules.Comparison;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdDetectorTest {
    private final ThresholdDetector cpu = new ThresholdDetector(Comparison.GREATER_THAN_THRESHOLD, 90, 75);

    @Test
    void aboveThresholdBreaches() {
        Verdict v = cpu.evaluate(0, 95);

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.BREACHING);
        assertThat(v.healthy()).isFalse();
        assertThat(v.value()).isEqualTo(95.0);
        assertThat(v.threshold()).isEqualTo(90.0);
        assertThat(v.score()).isEqualTo(5.0 / 90);
    }

    @Test
    void betweenRecoveryAndThresholdIsNotBreachingButNotHealthy() {
        Verdict v = cpu.evaluate(0, 80);

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.NOT_BREACHING);
        assertThat(v.healthy()).isFalse();
        assertThat(cpu.evaluate(0, 90).outcome()).isEqualTo(Verdict.Outcome.NOT_BREACHING);
    }

    @Test
    void backPastTheRecoveryThresholdIsHealthy() {
        assertThat(cpu.evaluate(0, 75).healthy()).isTrue();
        assertThat(cpu.evaluate(0, 10).healthy()).isTrue();
        assertThat(cpu.evaluate(0, 10).score()).isNegative();
    }

    @Test
    void noValueIsNoData() {
        Verdict v = cpu.evaluate(0, Double.NaN);

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.NO_DATA);
        assertThat(v.healthy()).isFalse();
    }

    @Test
    void lowerIsWorseForLessThanComparisons() {
        ThresholdDetector storage = new ThresholdDetector(Comparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD, 2, 5);

        assertThat(storage.evaluate(0, 2).outcome()).isEqualTo(Verdict.Outcome.BREACHING);
        assertThat(storage.evaluate(0, 3).healthy()).isFalse();
        assertThat(storage.evaluate(0, 6).healthy()).isTrue();
        assertThat(storage.evaluate(0, 1).score()).isEqualTo(0.5);
    }

    @Test
    void withoutRecoveryThresholdEveryNonBreachIsHealthy() {
        ThresholdDetector d = new ThresholdDetector(Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, Double.NaN);

        assertThat(d.evaluate(0, 0).healthy()).isTrue();
        assertThat(d.evaluate(0, 1).outcome()).isEqualTo(Verdict.Outcome.BREACHING);
    }

    @Test
    void bandComparisonsAreRejected() {
        assertThatThrownBy(() -> new ThresholdDetector(Comparison.GREATER_THAN_UPPER_THRESHOLD, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

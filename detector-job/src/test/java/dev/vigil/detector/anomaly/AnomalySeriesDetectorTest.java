package dev.vigil.detector.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detector.series.Verdict;
import dev.vigil.detector.rules.Comparison;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The band comparison of an anomaly rule decides which side of the expected value may breach. */
class AnomalySeriesDetectorTest {
    private static final long STEP = 60_000L;
    private static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L);

    @ParameterizedTest(name = "{0}: spike up breaches={1}, dip down breaches={2}")
    @CsvSource({
            "GREATER_THAN_UPPER_THRESHOLD, true, false",
            "LESS_THAN_LOWER_THRESHOLD, false, true",
            "LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD, true, true"})
    void theRulesBandSideDecidesWhichDeviationBreaches(Comparison comparison, boolean upBreaches, boolean downBreaches) {
        // Given a model that has learned a steady, slightly noisy series
        assertThat(afterSteadyHistory(comparison, 100 + 40).outcome() == Verdict.Outcome.BREACHING)
                // When the next value jumps far above the expected value, Then only an upward rule breaches
                .as("spike above").isEqualTo(upBreaches);
        // When it drops far below instead, Then only a downward rule breaches
        assertThat(afterSteadyHistory(comparison, 100 - 40).outcome() == Verdict.Outcome.BREACHING)
                .as("dip below").isEqualTo(downBreaches);
    }

    private static Verdict afterSteadyHistory(Comparison comparison, double next) {
        AnomalySeriesDetector detector = new AnomalySeriesDetector(AnomalyConfig.defaults(), comparison);
        Random rnd = new Random(7);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            detector.evaluate(T0 + i * STEP, 100 + rnd.nextGaussian());
        }
        return detector.evaluate(T0 + n * STEP, next);
    }
}

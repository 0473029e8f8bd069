package dev.vigil.detector.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.rules.Rule;
import dev.vigil.tools.nab.LabelledRule;
import dev.vigil.tools.nab.SeriesRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model on synthetic shapes, through the production decision chain ({@link SeriesRun}: the
 * series evaluator with the job's anomaly rule, as a replay runs it), so an onset here is an
 * impairment the job would open.
 */
class AnomalyModelTest {
    static final long MIN = 60_000L;
    static final long STEP = 5 * MIN;
    static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L); // midnight UTC
    static final Rule RULE = LabelledRule.fromDefaults();
    static final AnomalyConfig CFG = AnomalyConfig.defaults();

    /** Rows at which an impairment opens, rows {@code step} apart. */
    static List<Integer> onsets(double[] v, long step) {
        SeriesRun run = new SeriesRun(RULE);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (run.step(T0 + i * step, v[i])) {
                out.add(i);
            }
        }
        return out;
    }

    static List<Integer> onsets(double[] v) {
        return onsets(v, STEP);
    }

    static long count(List<Integer> rows, int from, int to) {
        return rows.stream().filter(r -> r >= from && r < to).count();
    }

    static double[] noise(int n, double mean, double sd, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void spikeIsCaughtAtOnce() {
        double[] v = noise(3000, 100, 1, 1);
        v[2000] += 25;
        List<Integer> on = onsets(v);
        assertThat(count(on, 2000, 2002)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, 300, 2000)).as("onsets %s", on).isLessThanOrEqualTo(1);
    }

    @Test
    void levelShiftIsCaughtAndTheModelAdapts() {
        double[] v = noise(4000, 100, 1, 2);
        for (int i = 2000; i < v.length; i++) {
            v[i] += 10;
        }
        List<Integer> on = onsets(v);
        assertThat(count(on, 2000, 2006)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, 2300, 4000)).as("onsets %s", on).isLessThanOrEqualTo(1);
        AnomalyModel m = new AnomalyModel(CFG);
        AnomalyResult r = null;
        for (int i = 0; i < v.length; i++) {
            r = m.update(T0 + i * STEP, v[i]);
        }
        assertThat(r.expected()).isBetween(108.0, 112.0);
        assertThat(r.score()).isLessThan(CFG.threshold());
    }

    @Test
    void steadyTrendDoesNotAlarmContinuously() {
        double[] v = noise(6000, 100, 1, 3);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.05 * i; // 300 noise widths over the series
        }
        AnomalyModel m = new AnomalyModel(CFG);
        int breaching = 0;
        for (int i = 0; i < v.length; i++) {
            AnomalyResult r = m.update(T0 + i * STEP, v[i]);
            if (!r.warmingUp() && r.score() >= CFG.threshold()) {
                breaching++;
            }
        }
        assertThat(breaching).isLessThan(60); // < 1 % of the rows
        assertThat(onsets(v).size()).isLessThanOrEqualTo(3);
    }

    @Test
    void anomalyInsideTheDailyCycleIsCaughtWhileNormalCyclesAreNot() {
        int perDay = 288;
        double[] v = noise(perDay * 20, 0, 1, 4);
        for (int i = 0; i < v.length; i++) {
            v[i] += 100 + 20 * Math.sin(2 * Math.PI * i / perDay); // trough at 18:00
        }
        int start = 15 * perDay + 216; // day 15, 18:00: value ~80
        for (int i = start; i < start + 12; i++) {
            v[i] += 20; // ~100: well inside the daily range, but not at this time of day
        }
        List<Integer> on = onsets(v);
        assertThat(count(on, 4 * perDay, start)).as("onsets %s", on).isLessThanOrEqualTo(1);
        assertThat(count(on, start, start + 12)).as("onsets %s", on).isEqualTo(1);
    }

    @Test
    void flatLineThatStartsMovingIsCaughtAtOnce() {
        double[] v = new double[3000];
        Random rnd = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 2000 ? 50.0 : 50.0 + 2 * rnd.nextGaussian();
        }
        List<Integer> on = onsets(v);
        assertThat(on).as("onsets %s", on).isNotEmpty();
        assertThat(on.get(0)).isBetween(2000, 2003);
    }

    @Test
    void noisySeriesWithNothingInItHasFewOnsets() {
        // Noise alone pages rarely: at most 3 in 10,000 values on average, 5 in any one series
        int total = 0;
        for (long seed = 10; seed < 13; seed++) {
            List<Integer> on = onsets(noise(10_000, 100, 5, seed));
            assertThat(on.size()).as("seed %d onsets %s", seed, on).isLessThanOrEqualTo(5);
            total += on.size();
        }
        assertThat(total).isLessThanOrEqualTo(9);
    }

    @Test
    void aSpikeEveryDayAtTheSameTimeStopsAlarming() {
        // Given one-minute data with a daily job at 09:00 that lifts the value by 12 noise widths for 5 minutes
        int perDay = 1440;
        double[] v = noise(perDay * 21, 100, 1, 6);
        for (int d = 0; d < 21; d++) {
            for (int i = d * perDay + 540; i < d * perDay + 545; i++) {
                v[i] += 12;
            }
        }
        // Then once it has been seen for a few days it is part of the series: no onset at 09:00 in the last two weeks
        List<Integer> on = onsets(v, MIN);
        for (int d = 7; d < 21; d++) {
            assertThat(count(on, d * perDay + 530, d * perDay + 560)).as("day %d onsets %s", d, on).isZero();
        }
    }

    @Test
    void twoIncidentsThreeHoursApartBothPage() {
        // Given a quiet one-minute series, then two half-hour incidents (8 noise widths up) at 10:00 and 13:30
        int perDay = 1440;
        double[] v = noise(perDay * 4, 100, 1, 7);
        int first = 3 * perDay + 600;
        int second = first + 210;
        for (int i = 0; i < 30; i++) {
            v[first + i] += 8;
            v[second + i] += 8;
        }
        // Then each opens its own impairment within minutes: the first one's recovery does not swallow the second
        List<Integer> on = onsets(v, MIN);
        assertThat(count(on, first, first + 5)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, second, second + 5)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, 2 * perDay, first)).as("onsets %s", on).isZero();
    }

    @Test
    void scoresAreInTheUnitIntervalAndTheBandHoldsTheExpectedValue() {
        double[] v = noise(2000, 10, 2, 9);
        v[1500] = 1e6;
        AnomalyModel m = new AnomalyModel(CFG);
        for (int i = 0; i < v.length; i++) {
            AnomalyResult r = m.update(T0 + i * STEP, v[i]);
            assertThat(r.score()).isBetween(0.0, 1.0);
            assertThat(r.lower()).isLessThanOrEqualTo(r.expected());
            assertThat(r.upper()).isGreaterThanOrEqualTo(r.expected());
            assertThat(r.warmingUp()).isEqualTo(i < AnomalyModel.WARMUP_ROWS);
        }
    }

    @Test
    void parametersHaveNamesRangesAndAreFew() {
        assertThat(AnomalyParam.values()).hasSizeLessThanOrEqualTo(10);
        AnomalyConfig c = CFG.with("threshold", 0.7);
        assertThat(c.threshold()).isEqualTo(0.7);
        assertThat(CFG.threshold()).isNotEqualTo(0.7);
        assertThat(c.asMap()).hasSameSizeAs(CFG.asMap()).doesNotContainKeys("rule.m", "rule.n");
        assertThatThrownBy(() -> CFG.with("no.such.param", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.param");
        assertThatThrownBy(() -> CFG.with("sustain.rows", 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sustain.rows");
    }
}

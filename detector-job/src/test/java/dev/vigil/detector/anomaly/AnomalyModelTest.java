package dev.vigil.detector.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detector.nab.NabDecisionChain;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the model (through the default rule's decision chain) on synthetic shapes. */
class AnomalyModelTest {

    private static final long STEP = 300_000L; // 5 minutes
    private static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L); // midnight UTC
    private static final AnomalyConfig CFG = AnomalyConfig.defaults();

    /** Rows at which an impairment opens. */
    private static List<Integer> onsets(double[] v) {
        NabDecisionChain chain = new NabDecisionChain(CFG);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (chain.step(T0 + i * STEP, v[i])) {
                out.add(i);
            }
        }
        return out;
    }

    private static long count(List<Integer> rows, int from, int to) {
        return rows.stream().filter(r -> r >= from && r < to).count();
    }

    private static double[] noise(int n, double mean, double sd, long seed) {
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
        assertThat(count(on, 2000, 2003)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, 300, 2000)).as("onsets %s", on).isLessThanOrEqualTo(1);
    }

    @Test
    void levelShiftIsCaughtAndModelAdapts() {
        double[] v = noise(4000, 100, 1, 2);
        for (int i = 2000; i < v.length; i++) {
            v[i] += 10;
        }
        List<Integer> on = onsets(v);
        assertThat(count(on, 2000, 2006)).as("onsets %s", on).isEqualTo(1);
        assertThat(count(on, 2200, 4000)).as("onsets %s", on).isLessThanOrEqualTo(1);
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
            v[i] += 0.05 * i; // 300 sigma over the series
        }
        AnomalyModel m = new AnomalyModel(CFG);
        int breaching = 0;
        for (int i = 0; i < v.length; i++) {
            AnomalyResult r = m.update(T0 + i * STEP, v[i]);
            if (!r.warmingUp() && r.score() >= CFG.threshold()) {
                breaching++;
            }
        }
        assertThat(breaching).isLessThan(60); // < 1% of the rows
        assertThat(onsets(v).size()).isLessThanOrEqualTo(3);
    }

    @Test
    void anomalyInsideDailyCycleIsCaughtWhileNormalCyclesAreNot() {
        int perDay = 288;
        int days = 20;
        double[] v = noise(perDay * days, 0, 1, 4);
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
    void flatLineThatStartsMovingIsCaughtEarly() {
        double[] v = new double[3000];
        Random rnd = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 2000 ? 50.0 : 50.0 + 2 * rnd.nextGaussian();
        }
        List<Integer> on = onsets(v);
        assertThat(on).as("onsets %s", on).isNotEmpty();
        assertThat(on.get(0)).isBetween(2000, 2005);
    }

    @Test
    void noisySeriesWithNothingInItHasFewOnsets() {
        for (long seed = 10; seed < 13; seed++) {
            double[] v = noise(10_000, 100, 5, seed);
            List<Integer> on = onsets(v);
            assertThat(on.size()).as("seed %d onsets %s", seed, on).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void restoredModelContinuesBitIdentically() throws Exception {
        double[] v = noise(5000, 100, 3, 6);
        long[] ts = new long[v.length];
        long t = T0;
        Random rnd = new Random(7);
        for (int i = 0; i < v.length; i++) {
            t += rnd.nextInt(20) == 0 ? STEP * (1 + rnd.nextInt(30)) : STEP; // gaps
            ts[i] = t;
            v[i] += 10 * Math.sin(2 * Math.PI * (t % 86_400_000L) / 86_400_000.0) + (i > 3500 ? 15 : 0);
        }
        AnomalyModel a = new AnomalyModel(CFG);
        for (int i = 0; i < 2500; i++) {
            a.update(ts[i], v[i]);
        }
        byte[] snap = a.toBytes();
        assertThat(snap.length).isEqualTo(a.serializedSize());
        AnomalyModel b = AnomalyModel.readFrom(new DataInputStream(new ByteArrayInputStream(snap)), CFG);
        assertThat(b.toBytes()).isEqualTo(snap);
        for (int i = 2500; i < v.length; i++) {
            AnomalyResult ra = a.update(ts[i], v[i]);
            AnomalyResult rb = b.update(ts[i], v[i]);
            assertThat(Double.doubleToRawLongBits(rb.score())).isEqualTo(Double.doubleToRawLongBits(ra.score()));
            assertThat(Double.doubleToRawLongBits(rb.expected())).isEqualTo(Double.doubleToRawLongBits(ra.expected()));
            assertThat(Double.doubleToRawLongBits(rb.upper())).isEqualTo(Double.doubleToRawLongBits(ra.upper()));
            assertThat(rb.warmingUp()).isEqualTo(ra.warmingUp());
        }
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
    }

    @Test
    void serializedSizeStaysSmallOnLongSeries() {
        AnomalyModel m = new AnomalyModel(CFG);
        Random rnd = new Random(8);
        for (int i = 0; i < 100_000; i++) {
            double x = 1000 * Math.sin(i / 500.0) + rnd.nextGaussian() * (1 + i % 97) + (i % 10_007 == 0 ? 1e6 : 0);
            m.update(T0 + i * 60_000L, x);
            if (i % 9_973 == 0) {
                assertThat(m.toBytes().length).isEqualTo(m.serializedSize());
            }
        }
        assertThat(m.serializedSize()).isLessThanOrEqualTo(1024);
        assertThat(m.toBytes().length).isEqualTo(m.serializedSize()).isLessThanOrEqualTo(2048);
        // the largest configurable state also fits
        AnomalyConfig big = CFG.with("season.buckets", 144).with("lik.short", 32).with("season.scale", 1);
        assertThat(new AnomalyModel(big).serializedSize()).isLessThanOrEqualTo(2048);
    }

    @Test
    void scoresAreInUnitIntervalAndBandContainsExpected() {
        double[] v = noise(2000, 10, 2, 9);
        v[1500] = 1e6;
        AnomalyModel m = new AnomalyModel(CFG);
        for (int i = 0; i < v.length; i++) {
            AnomalyResult r = m.update(T0 + i * STEP, v[i]);
            assertThat(r.score()).isBetween(0.0, 1.0);
            assertThat(r.lower()).isLessThanOrEqualTo(r.expected());
            assertThat(r.upper()).isGreaterThanOrEqualTo(r.expected());
            assertThat(r.warmingUp()).isEqualTo(i < CFG.get("warmup.rows"));
        }
    }

    @Test
    void configOverridesAndRejectsUnknownNames() {
        AnomalyConfig c = CFG.with("threshold", 0.7);
        assertThat(c.threshold()).isEqualTo(0.7);
        assertThat(CFG.threshold()).isNotEqualTo(0.7);
        assertThat(c.asMap()).containsKeys("threshold", "rule.m", "rule.n", "rule.healthy", "rule.keepFiringMinutes");
        assertThat(c.asMap()).hasSameSizeAs(CFG.asMap());
        assertThatThrownBy(() -> CFG.with("no.such.param", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.param");
    }
}

package dev.vigil.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.tools.nab.NabScorer.FileResult;
import dev.vigil.tools.nab.NabScorer.Profile;
import dev.vigil.tools.nab.NabScorer.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed NAB scores. All files: n = 100 rows one minute apart, so probation P = min(floor(15), 750) = 15.
 * One window covering minutes 40..49 -> rows L = 40, R = 49, W = 10.
 * S(-1) = 2 / (1 + e^-5) - 1 = 0.98661429815.
 */
class NabScorerTest {

    private static final double EPS = 1e-9;
    private static final long MIN = 60_000L;

    private static long[] ts(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_400_000_000_000L + i * MIN;
        }
        return t;
    }

    private static boolean[] det(int n, int... rows) {
        boolean[] d = new boolean[n];
        for (int r : rows) {
            d[r] = true;
        }
        return d;
    }

    private static FileResult score(int... rows) {
        long[] t = ts(100);
        return NabScorer.score("f", t, det(100, rows), List.of(new Window(t[40], t[49])));
    }

    @Test
    void sigmoidAndProbation() {
        assertThat(NabScorer.sigmoid(0)).isCloseTo(0.0, within(EPS));
        assertThat(NabScorer.sigmoid(-1)).isCloseTo(0.98661429815, within(1e-10));
        assertThat(NabScorer.sigmoid(3.0001)).isEqualTo(-1.0);
        assertThat(NabScorer.probation(100)).isEqualTo(15);
        assertThat(NabScorer.probation(4032)).isEqualTo(604); // floor(604.8)
        assertThat(NabScorer.probation(10000)).isEqualTo(750); // min(1500, 750)
    }

    @Test
    void earlyDetectionAtWindowStartScoresFullTp() {
        // row 40: S(-(49 - 40 + 1) / 10) / S(-1) = S(-1) / S(-1) = 1
        FileResult r = score(40);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(1.0, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FP_RATE)).isCloseTo(1.0, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FN_RATE)).isCloseTo(1.0, within(EPS));
        assertThat(r.windowsDetected()).isEqualTo(1);
        assertThat(r.falseOnsets()).isZero();
        assertThat(r.windows().get(0).delayRows()).isZero();
        assertThat(r.windows().get(0).delayMinutes()).isEqualTo(0.0);
    }

    @Test
    void lateDetectionScoresLess() {
        // row 49 (last row): S(-1/10) / S(-1) = (2 / (1 + e^-0.5) - 1) / 0.98661429815 = 0.24491866 / 0.98661430 = 0.24824155
        FileResult late = score(49);
        assertThat(late.raw(Profile.STANDARD)).isCloseTo(0.24824154977, within(1e-9));
        assertThat(late.windows().get(0).delayRows()).isEqualTo(9);
        assertThat(late.windows().get(0).delayMinutes()).isEqualTo(9.0);
        // row 45 (middle): S(-5/10) / S(-1) = 0.84828364 / 0.98661430 = 0.85979257
        assertThat(score(45).raw(Profile.STANDARD)).isCloseTo(0.85979256691, within(1e-9));
    }

    @Test
    void missedWindowCostsAfn() {
        FileResult r = score();
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(-1.0, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FP_RATE)).isCloseTo(-1.0, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FN_RATE)).isCloseTo(-2.0, within(EPS));
        assertThat(r.windowsMissed()).isEqualTo(1);
    }

    @Test
    void repeatedDetectionsInWindowCountOnce() {
        // earliest row 44: S(-(49 - 44 + 1) / 10) / S(-1) = S(-0.6) / S(-1) = 0.90514825 / 0.98661430 = 0.91742868
        FileResult r = score(44, 45, 46, 49);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(0.91742868043, within(1e-9));
        assertThat(r.falseOnsets()).isZero();
    }

    @Test
    void detectionBeforeAnyWindowCostsFullAfp() {
        // row 20 (after probation, no window ended yet): -A_FP; window missed: -A_FN
        FileResult r = score(20);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(-1.11, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FP_RATE)).isCloseTo(-1.22, within(EPS));
        assertThat(r.raw(Profile.REWARD_LOW_FN_RATE)).isCloseTo(-2.11, within(EPS));
        assertThat(r.falseOnsets()).isEqualTo(1);
    }

    @Test
    void detectionJustAfterWindowIsSlightlyNegative() {
        // row 40 -> +1; row 50: A_FP * S((50 - 49) / (10 - 1)) = 0.11 * S(0.1111) = 0.11 * -0.27084712 = -0.02979318
        FileResult r = score(40, 50);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(0.97020681696, within(1e-9));
        assertThat(r.raw(Profile.REWARD_LOW_FP_RATE)).isCloseTo(0.94041363393, within(1e-9)); // 1 + 0.22 * -0.27084712
        // row 90: (90 - 49) / 9 = 4.56 > 3 -> S = -1 -> -0.11
        assertThat(score(40, 90).raw(Profile.STANDARD)).isCloseTo(0.89, within(EPS));
        assertThat(score(40, 50).falseOnsets()).isEqualTo(1);
    }

    @Test
    void probationDetectionsIgnored() {
        // rows 0 and 14 are within probation (P = 15): nothing; row 40 -> +1
        FileResult r = score(0, 14, 40);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(1.0, within(EPS));
        assertThat(r.falseOnsets()).isZero();
        // row 15 is the first scored row: -0.11
        assertThat(score(15, 40).raw(Profile.STANDARD)).isCloseTo(0.89, within(EPS));
    }

    @Test
    void windowBoundsAreInclusiveTimestamps() {
        long[] t = ts(100);
        // window from half a minute before row 40 to exactly row 49: still rows 40..49
        FileResult r = NabScorer.score("f", t, det(100, 40), List.of(new Window(t[40] - MIN / 2, t[49])));
        assertThat(r.windows().get(0).firstRow()).isEqualTo(40);
        assertThat(r.windows().get(0).lastRow()).isEqualTo(49);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void totalsOverFiles() {
        // file A: detected at 40 -> +1 (all profiles)
        // file B: FP at row 20 + missed -> standard -1.11, low FP -1.22, low FN -2.11
        // file C: no windows, one FP at 30 -> -A_FP: -0.11, -0.22, -0.11
        long[] t = ts(100);
        NabScorer.Total total = new NabScorer.Total()
                .add(score(40))
                .add(score(20))
                .add(NabScorer.score("c", t, det(100, 30), List.of()));
        // standard: raw = 1 - 1.11 - 0.11 = -0.22; windows 2: perfect 2, null -2 -> 100 * 1.78 / 4 = 44.5
        assertThat(total.raw(Profile.STANDARD)).isCloseTo(-0.22, within(EPS));
        assertThat(total.normalised(Profile.STANDARD)).isCloseTo(44.5, within(1e-7));
        // low FP: raw = 1 - 1.22 - 0.22 = -0.44 -> 100 * 1.56 / 4 = 39.0
        assertThat(total.normalised(Profile.REWARD_LOW_FP_RATE)).isCloseTo(39.0, within(1e-7));
        // low FN: raw = 1 - 2.11 - 0.11 = -1.22; perfect 2, null -4 -> 100 * 2.78 / 6 = 46.3333
        assertThat(total.normalised(Profile.REWARD_LOW_FN_RATE)).isCloseTo(46.333333333, within(1e-6));
        assertThat(total.windows()).isEqualTo(2);
        assertThat(total.windowsDetected()).isEqualTo(1);
        assertThat(total.falseOnsets()).isEqualTo(2);
    }

    @Test
    void everyFalseDetectionIsChargedAgainstTheMostRecentlyEndedWindow() {
        // Windows rows 40..49 and 70..79 (W = 10). Detections at 40, 55, 56, 70.
        // 40 -> +1; 70 -> +1 (earliest of the second window);
        // 55: 0.11 * S((55 - 49) / 9) = 0.11 * S(0.6667) = 0.11 * -0.93110961 = -0.10242206
        // 56: 0.11 * S((56 - 49) / 9) = 0.11 * S(0.7778) = 0.11 * -0.95988493 = -0.10558734
        // standard: 2 - 0.10242206 - 0.10558734 = 1.79199060; low FP: 2 + 0.22 * (-1.89099454) = 1.58398120
        long[] t = ts(100);
        List<Window> windows = List.of(new Window(t[70], t[79]), new Window(t[40], t[49])); // any order
        FileResult r = NabScorer.score("f", t, det(100, 40, 55, 56, 70), windows);
        assertThat(r.raw(Profile.STANDARD)).isCloseTo(1.79199060108, within(1e-9));
        assertThat(r.raw(Profile.REWARD_LOW_FP_RATE)).isCloseTo(1.58398120217, within(1e-9));
        assertThat(r.falseOnsets()).isEqualTo(2);
        assertThat(r.windowsDetected()).isEqualTo(2);
        assertThat(r.windows().get(1).delayRows()).isZero();
    }
}

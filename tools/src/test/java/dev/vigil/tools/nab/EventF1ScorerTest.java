package dev.vigil.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.tools.nab.EventF1Scorer.FileResult;
import dev.vigil.tools.nab.EventF1Scorer.Total;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed event F1 cases. Unless said otherwise: 100 rows one minute apart, so the step is
 * 60 s, D = 7 minutes and probation is min(floor(0.15 * 100), 2 days) = the first 15 rows.
 */
class EventF1ScorerTest {
    private static final long MIN = 60_000L;
    private static final long T0 = 1_500_000_000_000L;

    private static long[] ts(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * MIN;
        }
        return t;
    }

    private static boolean[] rows(int n, int... set) {
        boolean[] b = new boolean[n];
        for (int r : set) {
            b[r] = true;
        }
        return b;
    }

    private static boolean[] range(int n, int from, int to) {
        boolean[] b = new boolean[n];
        for (int i = from; i <= to; i++) {
            b[i] = true;
        }
        return b;
    }

    private static FileResult score(boolean[] labels, int... detections) {
        return EventF1Scorer.score("f", ts(labels.length), labels, rows(labels.length, detections));
    }

    @Test
    void detectionAtTheStartOrWithinSevenStepsDetects() {
        // Given a segment of rows 40..42
        boolean[] labels = range(100, 40, 42);
        // Then a detection at 40 detects with delay 0, at 47 (= 40 + D) with delay 7
        FileResult atStart = score(labels, 40);
        assertThat(atStart.detected()).isEqualTo(1);
        assertThat(atStart.falseDetections()).isZero();
        assertThat(atStart.allSegments().get(0).delaySteps()).isEqualTo(0.0);
        FileResult atD = score(labels, 47);
        assertThat(atD.detected()).isEqualTo(1);
        assertThat(atD.falseDetections()).isZero();
        assertThat(atD.allSegments().get(0).delaySteps()).isEqualTo(7.0);
    }

    @Test
    void detectionAfterStartPlusDelayOfAShortSegmentIsFalse() {
        // [start, max(end, start + D)] = [40, 47]: row 48 is outside, and the segment is missed
        FileResult r = score(range(100, 40, 42), 48);
        assertThat(r.detected()).isZero();
        assertThat(r.falseDetections()).isEqualTo(1);
        assertThat(r.segments()).isEqualTo(1);
    }

    @Test
    void lateDetectionInsideALongSegmentIsNeitherRewardedNorCharged() {
        // Segment 20..59: a detection at 50 is past 20 + 7, but inside the segment
        FileResult r = score(range(100, 20, 59), 50);
        assertThat(r.detected()).isZero();
        assertThat(r.falseDetections()).isZero();
        // and a second, early detection still counts once
        FileResult both = score(range(100, 20, 59), 22, 50, 59);
        assertThat(both.detected()).isEqualTo(1);
        assertThat(both.falseDetections()).isZero();
        assertThat(both.allSegments().get(0).delaySteps()).isEqualTo(2.0);
    }

    @Test
    void repeatedDetectionsOfOneSegmentCountOnce() {
        FileResult r = score(range(100, 40, 42), 41, 45);
        assertThat(r.detected()).isEqualTo(1);
        assertThat(r.falseDetections()).isZero();
        assertThat(r.allSegments().get(0).delaySteps()).isEqualTo(1.0);
    }

    @Test
    void oneDetectionWithinDelayOfTwoSegmentsDetectsBoth() {
        // Segments 40..41 and 45..46; row 46 lies in [40, 47] and in [45, 52]
        boolean[] labels = range(100, 40, 41);
        labels[45] = true;
        labels[46] = true;
        FileResult r = score(labels, 46);
        assertThat(r.segments()).isEqualTo(2);
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.allSegments().get(0).delaySteps()).isEqualTo(6.0);
        assertThat(r.allSegments().get(1).delaySteps()).isEqualTo(1.0);
    }

    @Test
    void probationIgnoresSegmentsAndDetectionsInTheFirstFifteenPercent() {
        // Segment 5..7 and detections 6 and 10 all lie in rows 0..14
        FileResult r = score(range(100, 5, 7), 6, 10);
        assertThat(r.segments()).isZero();
        assertThat(r.falseDetections()).isZero();
        assertThat(r.allSegments()).hasSize(1); // kept for the plot
        // row 15 is the first scored row
        assertThat(score(new boolean[100], 15).falseDetections()).isEqualTo(1);
        assertThat(score(new boolean[100], 14).falseDetections()).isZero();
    }

    @Test
    void aSegmentStartingInProbationIsNotScoredButCoversItsDetections() {
        // Segment 10..30 starts in probation; a detection at 25 is inside it: neither detected nor false
        FileResult r = score(range(100, 10, 30), 25);
        assertThat(r.segments()).isZero();
        assertThat(r.detected()).isZero();
        assertThat(r.falseDetections()).isZero();
    }

    @Test
    void probationIsAtMostTwoDays() {
        // 100,000 one-minute rows: 15 % is 15,000 rows (10.4 days), so the first 2 days (2,880 rows) are probation
        int n = 100_000;
        assertThat(EventF1Scorer.score("f", ts(n), new boolean[n], rows(n, 2879)).falseDetections()).isZero();
        assertThat(EventF1Scorer.score("f", ts(n), new boolean[n], rows(n, 2880)).falseDetections()).isEqualTo(1);
    }

    @Test
    void delayIsCountedInTimeAcrossGaps() {
        // Rows one minute apart except a 10-minute gap after row 40, where a segment starts
        long[] t = ts(100);
        for (int i = 41; i < 100; i++) {
            t[i] += 9 * MIN;
        }
        boolean[] labels = range(100, 40, 41);
        // row 41 is 10 minutes after the start: beyond D = 7 steps (the step is still 60 s), and past the segment's
        // end? No: row 41 is the segment's last row, so the detection is inside it, late, not false.
        FileResult late = EventF1Scorer.score("f", t, labels, rows(100, 41));
        assertThat(late.detected()).isZero();
        assertThat(late.falseDetections()).isZero();
        FileResult afterEnd = EventF1Scorer.score("f", t, labels, rows(100, 42));
        assertThat(afterEnd.detected()).isZero();
        assertThat(afterEnd.falseDetections()).isEqualTo(1);
    }

    @Test
    void precisionRecallAndF1ArePooledOverFiles() {
        // File A: segments 30..31 (detected at 31) and 60..62 (missed), one false detection at 80
        boolean[] a = range(100, 30, 31);
        a[60] = a[61] = a[62] = true;
        // File B: one segment 50..55 detected at 53
        FileResult ra = score(a, 31, 80);
        FileResult rb = score(range(100, 50, 55), 53);
        Total t = new Total().add(ra).add(rb);
        assertThat(t.segments()).isEqualTo(3);
        assertThat(t.detected()).isEqualTo(2);
        assertThat(t.falseDetections()).isEqualTo(1);
        assertThat(t.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(t.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(t.f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(t.meanDelaySteps()).isCloseTo((1 + 3) / 2.0, within(1e-12));
    }

    @Test
    void nothingDetectedScoresZeroWithoutDividingByZero() {
        Total t = new Total().add(score(range(100, 40, 42)));
        assertThat(t.precision()).isZero();
        assertThat(t.recall()).isZero();
        assertThat(t.f1()).isZero();
        assertThat(t.meanDelaySteps()).isNaN();
    }

    @Test
    void streamingFileScoresLikeTheArrays() {
        boolean[] labels = range(100, 40, 42);
        long[] t = ts(100);
        EventF1Scorer.File f = new EventF1Scorer.File("f", 100, MIN, T0);
        for (int i = 0; i < 100; i++) {
            f.row(t[i], labels[i], i == 44 || i == 90);
        }
        FileResult r = f.finish();
        assertThat(r.detected()).isEqualTo(1);
        assertThat(r.falseDetections()).isEqualTo(1);
    }
}

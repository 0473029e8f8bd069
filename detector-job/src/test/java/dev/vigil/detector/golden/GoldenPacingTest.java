package dev.vigil.detector.golden;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden sources' lockstep across a restart: the restarted attempt is paced from its own
 * watermark, its first records free, as at the first start (records one minute apart, as the
 * scenario's; two sink subtasks).
 */
class GoldenPacingTest {
    private static final long M = GoldenV1Scenario.MINUTE;
    private static final long[] TIMES = new long[20];

    static {
        for (int i = 0; i < TIMES.length; i++) {
            TIMES[i] = GoldenV1Scenario.T0 + i * M;
        }
    }

    private final GoldenPacing pacing = new GoldenPacing("test#1", 2);

    /** Hands out records while permitted; returns the next index, the one waiting. */
    private long handOutWhilePermitted(long from) {
        long i = from;
        while (i < TIMES.length && pacing.permit("in", TIMES, Long.MAX_VALUE).isDone()) {
            pacing.handedOut("in", i++);
        }
        return i;
    }

    private void watermark(long t) {
        pacing.observe(0, t);
        pacing.observe(1, t);
    }

    @Test
    void aStartHandsOutThreeRecordsThenWaitsForTheWatermark() {
        pacing.started("in");
        assertThat(handOutWhilePermitted(0)).isEqualTo(GoldenPacing.FREE);

        // One sink subtask's watermark is not the job's
        pacing.observe(0, TIMES[1]);
        assertThat(pacing.permit("in", TIMES, Long.MAX_VALUE)).isNotDone();
        pacing.observe(1, TIMES[1]);
        // Record 3 may be three minutes ahead of the watermark: minute 1 lets minute 4 through, not 5
        assertThat(handOutWhilePermitted(3)).isEqualTo(5);
        assertThat(pacing.longestWaitMs()).isGreaterThanOrEqualTo(0);
        assertThat(pacing.describe()).contains("record 5 waits for watermark minute 2.00");
    }

    @Test
    void aRestartFromACheckpointWithNothingSinceIsPacedFromItsOwnWatermark() {
        // Given an attempt that handed out records 0 to 9, the watermark at minute 6
        pacing.started("in");
        handOutWhilePermitted(0);
        for (long i = 3; i < 10; i++) {
            watermark(TIMES[(int) i - 3]);
            assertThat(handOutWhilePermitted(i)).isEqualTo(i + 1);
        }
        CompletableFuture<Void> abandoned = pacing.permit("in", TIMES, Long.MAX_VALUE);
        assertThat(abandoned).isNotDone(); // record 10 needs minute 7

        // When the job restarts from a checkpoint taken after record 9 (nothing since it to hand
        // out again), its operators starting from no watermark at all
        pacing.started("in");

        // Then its reader hands out three records at once, as at the first start: enough for every
        // parse subtask to have one, so that a watermark comes out at all (one record, then a wait
        // for a watermark above the failed attempt's, was the suite's hang)
        assertThat(handOutWhilePermitted(10)).isEqualTo(13);
        // and waits for this attempt's watermark, not the failed attempt's minute 7
        assertThat(pacing.describe()).contains("watermark none").contains("attempt 2").contains("3 this attempt");
        watermark(TIMES[11]);
        assertThat(handOutWhilePermitted(13)).isEqualTo(15);
        // and the failed attempt's waiter was forgotten, not released by this attempt's watermark
        assertThat(abandoned).isNotDone();
        assertThat(pacing.attempts("in")).isEqualTo(2);
        assertThat(pacing.emitted("in")).isEqualTo(15);
    }

    @Test
    void aPauseIdlesTheReaderWithoutWaitingForAWatermark() {
        pacing.started("in");
        pacing.handedOut("in", 0);
        assertThat(pacing.permit("in", TIMES, 1)).isNotDone();
        assertThat(pacing.paused("in")).isTrue();
        assertThat(pacing.longestWaitMs()).isZero();
    }
}

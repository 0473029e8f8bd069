package dev.vigil.detector.series;

import dev.vigil.detector.rules.TreatMissingData;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * CloudWatch's "M out of N" alarm evaluation with treatMissingData, for one series.
 *
 * <p>Like CloudWatch, every evaluation looks at an <em>evaluation range</em> longer than N (the
 * documented example retrieves 5 data points for N = 3; we use N + 2, at most 64), then
 * (AWS "How alarm state is evaluated when data is missing"):
 * <ol>
 *   <li>at least N real points in the range: the N most recent real points decide (ALARM when at
 *       least M breach); treatMissingData is not used;</li>
 *   <li>no real point: missing = INSUFFICIENT_DATA, ignore = retain the current state,
 *       breaching = ALARM, notBreaching = OK;</li>
 *   <li>some but fewer than N: breaching / notBreaching fill the N - real gaps with breaching / good
 *       points ("uses missing data points as few times as possible"); missing and ignore decide
 *       from the real points alone: ALARM if at least M breach, else OK if any is good, else (all
 *       real points breach, fewer than M) missing gives ALARM when the oldest of them is at least N
 *       periods old and INSUFFICIENT_DATA otherwise, and ignore retains the current state.</li>
 * </ol>
 * A new series has no history before its first evaluated period (CloudWatch would read the
 * metric's older data). Those slots are unknown, not missing: breaching / notBreaching only fill
 * missing slots seen since the series started, and while fewer than N points are known the state
 * is ALARM or OK only when the known points already settle it, INSUFFICIENT_DATA otherwise. Without
 * this, a 2-of-3 "breaching" rule would alarm on the very first good datapoint of every new series.
 *
 * <p>The last rule is our reading of the documented examples {@code X - - - -} (ALARM) versus
 * {@code - - - - X} (INSUFFICIENT_DATA) for a 3-of-3 alarm: "the oldest evaluated data point is
 * breaching and there aren't any non-breaching data points". Every documented row is a test case
 * in {@code MofNEvaluatorTest}.
 *
 * <p>State is two bitmasks over the range (bit 0 = most recent period; {@code present} = had data,
 * {@code breaching} = breached), the state and the number of periods seen: 18 bytes serialized.
 */
public final class MofNEvaluator {
    private static final int MAX_RANGE = 64;

    private final int m;
    private final int n;
    private final TreatMissingData treat;
    private final int range;
    private final long rangeMask;

    private long present;
    private long breaching;
    private AlarmState state = AlarmState.INSUFFICIENT_DATA;
    private boolean retained;
    private int seen; // periods recorded since the series started, saturating at range

    public MofNEvaluator(int datapointsToAlarm, int evaluationPeriods, TreatMissingData treat) {
        if (evaluationPeriods < 1 || evaluationPeriods > MAX_RANGE || datapointsToAlarm < 1
                || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException("need 1 <= M <= N <= 64, got " + datapointsToAlarm + "/" + evaluationPeriods);
        }
        this.m = datapointsToAlarm;
        this.n = evaluationPeriods;
        this.treat = treat;
        this.range = evaluationRange(evaluationPeriods);
        this.rangeMask = range == 64 ? -1L : (1L << range) - 1;
    }

    /** Number of most recent periods considered at each evaluation. */
    public static int evaluationRange(int evaluationPeriods) {
        return Math.min(evaluationPeriods + 2, MAX_RANGE);
    }

    /** Records the next period's outcome (periods must be recorded in order, none skipped) and re-evaluates. */
    public AlarmState record(Verdict.Outcome outcome) {
        present = (present << 1) & rangeMask;
        breaching = (breaching << 1) & rangeMask;
        seen = Math.min(range, seen + 1);
        if (outcome != Verdict.Outcome.NO_DATA) {
            present |= 1L;
            if (outcome == Verdict.Outcome.BREACHING) {
                breaching |= 1L;
            }
        }
        AlarmState next = evaluate();
        retained = next == null;
        if (next != null) {
            state = next;
        }
        return state;
    }

    /** The new state, or null to retain the current one (ignore). */
    private AlarmState evaluate() {
        int real = Long.bitCount(present);
        if (real >= n) {
            // The N most recent real points: peel the lowest (most recent) set bits.
            long p = present;
            int breaches = 0;
            for (int i = 0; i < n; i++) {
                long lowest = p & -p;
                if ((breaching & lowest) != 0) {
                    breaches++;
                }
                p ^= lowest;
            }
            return breaches >= m ? AlarmState.ALARM : AlarmState.OK;
        }
        int breaches = Long.bitCount(breaching);
        if (treat == TreatMissingData.BREACHING || treat == TreatMissingData.NOT_BREACHING) {
            int fill = Math.min(n - real, seen - real); // only slots seen since the series started
            int points = real + fill;
            int bad = treat == TreatMissingData.BREACHING ? breaches + fill : breaches;
            if (bad >= m) {
                return AlarmState.ALARM;
            }
            if (points >= n || points - bad > n - m) {
                return AlarmState.OK;
            }
            return AlarmState.INSUFFICIENT_DATA;
        }
        if (real == 0) {
            return treat == TreatMissingData.IGNORE ? null : AlarmState.INSUFFICIENT_DATA;
        }
        // missing / ignore: decide from the real points alone.
        if (breaches >= m) {
            return AlarmState.ALARM;
        }
        if (breaches < real) {
            return AlarmState.OK;
        }
        if (treat == TreatMissingData.IGNORE) {
            return null;
        }
        int oldestAge = 63 - Long.numberOfLeadingZeros(present);
        return oldestAge >= n - 1 ? AlarmState.ALARM : AlarmState.INSUFFICIENT_DATA;
    }

    public AlarmState state() {
        return state;
    }

    /** Whether the last {@link #record} kept the previous state because of treatMissingData = ignore. */
    public boolean lastRetained() {
        return retained;
    }

    /** True when no period of the evaluation range had data: further empty periods cannot change the state. */
    public boolean rangeAllMissing() {
        return present == 0;
    }

    public int evaluationRange() {
        return range;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(present);
        out.writeLong(breaching);
        out.writeByte(state.code() | (retained ? 0x80 : 0));
        out.writeByte(seen);
    }

    /** Replaces this evaluator's state with one written by {@link #writeTo} (same M, N and policy). */
    public void readFrom(DataInput in) throws IOException {
        present = in.readLong() & rangeMask;
        breaching = in.readLong() & present;
        int b = in.readUnsignedByte();
        state = AlarmState.ofCode(b & 0x7f);
        retained = (b & 0x80) != 0;
        seen = Math.min(range, in.readUnsignedByte());
    }

    /** For tests: sets a full range of history (bit 0 = most recent) and the current state directly. */
    void restore(long presentMask, long breachingMask, AlarmState current) {
        present = presentMask & rangeMask;
        breaching = breachingMask & present;
        state = current;
        retained = false;
        seen = range;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(range + 16);
        for (int i = range - 1; i >= 0; i--) {
            long bit = 1L << i;
            sb.append((present & bit) == 0 ? '-' : (breaching & bit) != 0 ? 'X' : '0');
        }
        return m + "/" + n + " " + treat.cloudWatchName() + " [" + sb + "] " + state;
    }
}

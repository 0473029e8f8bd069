package dev.vigil.detector.eval;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.TreatMissingData;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The alarm of one watched thing (a rule's series, or a peer group's member), period by period:
 * the M-of-N window with its missing-data policy ({@link MofNEvaluator}) gives the alarm state, and
 * hysteresis turns states into the impairment signal: firing from the first ALARM until the
 * healthyThreshold-th good evaluation in a row once keepFiringSeconds have passed since the last
 * ALARM period. Every detector's judgements go through this one chain.
 *
 * <p>A value between the recovery threshold and the threshold is a good point for M of N but not
 * healthy: it resets the run of good evaluations, so an open impairment does not recover while
 * the series hovers just under the threshold.
 */
public final class Alarm {
    private static final int SATURATE = 0xFFFF;
    private static final long NONE = Long.MIN_VALUE;

    private final MofNEvaluator window;
    private final TreatMissingData treat;
    private final int healthyThreshold;
    private final long keepFiringMs;

    private int consecutiveGood;
    private boolean firing;
    private long lastAlarmEndMs = NONE;

    public Alarm(int datapointsToAlarm, int evaluationPeriods, TreatMissingData treat, int healthyThreshold,
                 int keepFiringSeconds) {
        this.window = new MofNEvaluator(datapointsToAlarm, evaluationPeriods, treat);
        this.treat = treat;
        this.healthyThreshold = healthyThreshold;
        this.keepFiringMs = keepFiringSeconds * 1000L;
    }

    /** The rule's M of N, missing-data policy, healthy threshold and keep-firing time. */
    public static Alarm forRule(Rule rule) {
        return new Alarm(rule.datapointsToAlarm(), rule.evaluationPeriods(), rule.treatMissingData(),
                rule.healthyThreshold(), rule.keepFiringSeconds());
    }

    /** Records the next period's verdict (periods in order, none skipped) and says what the alarm makes of it. */
    public Evaluation evaluate(long periodStartMs, int periodSeconds, Verdict verdict) {
        AlarmState previous = window.state();
        AlarmState state = window.record(verdict.outcome());
        switch (verdict.outcome()) {
            case BREACHING:
                consecutiveGood = 0;
                break;
            case NOT_BREACHING:
                consecutiveGood = verdict.healthy() ? Math.min(SATURATE, consecutiveGood + 1) : 0;
                break;
            default:
                // A missing period is as good or as bad as treatMissingData says; missing/ignore leave the run as is.
                if (treat == TreatMissingData.NOT_BREACHING) {
                    consecutiveGood = Math.min(SATURATE, consecutiveGood + 1);
                } else if (treat == TreatMissingData.BREACHING) {
                    consecutiveGood = 0;
                }
        }
        long end = periodStartMs + periodSeconds * 1000L;
        if (state == AlarmState.ALARM) {
            firing = true;
            lastAlarmEndMs = end;
        } else if (firing && consecutiveGood >= healthyThreshold && end - lastAlarmEndMs >= keepFiringMs) {
            firing = false;
        }
        return new Evaluation(periodStartMs, periodSeconds, verdict, previous, state, window.lastRetained(), firing,
                consecutiveGood);
    }

    public AlarmState state() {
        return window.state();
    }

    public boolean isFiring() {
        return firing;
    }

    /** Number of most recent periods the window looks at. */
    public int evaluationRange() {
        return window.evaluationRange();
    }

    @Override
    public String toString() {
        return window + " good=" + consecutiveGood + (firing ? " FIRING" : "");
    }

    // A series writes its alarm's parts where its layout has always had them (see SeriesEvaluator), so
    // they are written and read one by one; a peer member writes them together (writeTo / readFrom).

    void writeWindow(DataOutput out) throws IOException {
        window.writeTo(out);
    }

    void readWindow(DataInput in) throws IOException {
        window.readFrom(in);
    }

    int consecutiveGood() {
        return consecutiveGood;
    }

    long lastAlarmEndMs() {
        return lastAlarmEndMs;
    }

    void restore(int consecutiveGood, boolean firing, long lastAlarmEndMs) {
        this.consecutiveGood = consecutiveGood;
        this.firing = firing;
        this.lastAlarmEndMs = lastAlarmEndMs;
    }

    /** Window (18 bytes), good run (2), firing (1), end of the last ALARM period (8). */
    public void writeTo(DataOutput out) throws IOException {
        window.writeTo(out);
        out.writeShort(consecutiveGood);
        out.writeBoolean(firing);
        out.writeLong(lastAlarmEndMs);
    }

    /** Replaces the state with what {@link #writeTo} wrote (same M, N and policy). */
    public void readFrom(DataInput in) throws IOException {
        window.readFrom(in);
        restore(in.readUnsignedShort(), in.readBoolean(), in.readLong());
    }

    /**
     * Replaces the state with a history of outcomes (oldest first, no missing periods) that the alarm
     * had before it kept its own: the window replayed, the good run, and whether it fires.
     */
    public void rebuild(boolean[] breachingOldestFirst, int consecutiveGood, boolean firing, long lastAlarmEndMs) {
        for (boolean breaching : breachingOldestFirst) {
            window.record(breaching ? Verdict.Outcome.BREACHING : Verdict.Outcome.NOT_BREACHING);
        }
        restore(Math.min(SATURATE, consecutiveGood), firing, lastAlarmEndMs);
    }
}

package dev.vigil.detector.series;

import java.util.Objects;

/** The outcome of evaluating one period of one series. Immutable. */
public final class Evaluation {
    private final long periodStartMs;
    private final int periodSeconds;
    private final Verdict verdict;
    private final AlarmState previousState;
    private final AlarmState state;
    private final boolean retained;
    private final boolean firing;
    private final int consecutiveGood;

    public Evaluation(long periodStartMs, int periodSeconds, Verdict verdict, AlarmState previousState,
                      AlarmState state, boolean retained, boolean firing, int consecutiveGood) {
        this.periodStartMs = periodStartMs;
        this.periodSeconds = periodSeconds;
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.previousState = Objects.requireNonNull(previousState, "previousState");
        this.state = Objects.requireNonNull(state, "state");
        this.retained = retained;
        this.firing = firing;
        this.consecutiveGood = consecutiveGood;
    }

    public long periodStartMs() {
        return periodStartMs;
    }

    public long periodEndMs() {
        return periodStartMs + periodSeconds * 1000L;
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    /** The period's value; NaN when it had no data. */
    public double value() {
        return verdict.value();
    }

    /** The detector's judgement and evidence (threshold or expected value and band, score). */
    public Verdict verdict() {
        return verdict;
    }

    public AlarmState previousState() {
        return previousState;
    }

    /** The CloudWatch-style alarm state after this period. */
    public AlarmState state() {
        return state;
    }

    public boolean stateChanged() {
        return state != previousState;
    }

    /** True when the state was kept as it was because the period had no data and treatMissingData = ignore. */
    public boolean retained() {
        return retained;
    }

    /**
     * The impairment signal: true from the first ALARM until the series has had healthyThreshold
     * consecutive good evaluations and keepFiringSeconds have passed since the last ALARM period.
     */
    public boolean firing() {
        return firing;
    }

    /** Consecutive healthy evaluations so far (saturates at 65535). */
    public int consecutiveGood() {
        return consecutiveGood;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Evaluation)) {
            return false;
        }
        Evaluation e = (Evaluation) o;
        return periodStartMs == e.periodStartMs && periodSeconds == e.periodSeconds && retained == e.retained
                && firing == e.firing && consecutiveGood == e.consecutiveGood && verdict.equals(e.verdict)
                && previousState == e.previousState && state == e.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(periodStartMs, verdict, state, firing);
    }

    @Override
    public String toString() {
        return "Evaluation{" + periodStartMs + "+" + periodSeconds + "s " + verdict + " " + previousState + "->" + state
                + (retained ? " retained" : "") + (firing ? " FIRING" : "") + " good=" + consecutiveGood + "}";
    }
}

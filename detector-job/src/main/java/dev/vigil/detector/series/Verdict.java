package dev.vigil.detector.series;

import java.util.Objects;

/**
 * A detector's judgement of one period, with the evidence behind it. Immutable.
 *
 * <p>{@code healthy} separates "not breaching" from "good enough to count towards recovery": a
 * value between the recovery threshold and the threshold is NOT_BREACHING (it does not start or
 * extend a breach) but not healthy (it resets the run of good evaluations needed to recover).
 */
public final class Verdict {
    public enum Outcome {
        BREACHING,
        NOT_BREACHING,
        NO_DATA
    }

    private static final Verdict NO_DATA = new Verdict(Outcome.NO_DATA, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, false);

    private final Outcome outcome;
    private final double value;
    private final double threshold;
    private final double lowerBound;
    private final double upperBound;
    private final double score;
    private final boolean healthy;

    /**
     * @param threshold  the static threshold, or the model's expected value for anomaly detectors
     * @param lowerBound the band's lower edge (NaN when the detector has no band)
     * @param upperBound the band's upper edge (NaN when the detector has no band)
     * @param score      how far past the limit the value is, in detector-specific units; positive = breaching side
     */
    public Verdict(Outcome outcome, double value, double threshold, double lowerBound, double upperBound,
                   double score, boolean healthy) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.value = value;
        this.threshold = threshold;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.score = score;
        this.healthy = healthy && outcome == Outcome.NOT_BREACHING;
    }

    /** The shared verdict for a period without data (no evidence to carry). */
    public static Verdict noData() {
        return NO_DATA;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The period's value; NaN for NO_DATA. */
    public double value() {
        return value;
    }

    public double threshold() {
        return threshold;
    }

    public double lowerBound() {
        return lowerBound;
    }

    public double upperBound() {
        return upperBound;
    }

    public double score() {
        return score;
    }

    /** Counts as a good evaluation for recovery (only ever true for NOT_BREACHING). */
    public boolean healthy() {
        return healthy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict v = (Verdict) o;
        return outcome == v.outcome && healthy == v.healthy && Double.compare(value, v.value) == 0
                && Double.compare(threshold, v.threshold) == 0 && Double.compare(lowerBound, v.lowerBound) == 0
                && Double.compare(upperBound, v.upperBound) == 0 && Double.compare(score, v.score) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, value, threshold, healthy);
    }

    @Override
    public String toString() {
        return outcome + (healthy ? "(healthy)" : "") + " value=" + value + " threshold=" + threshold
                + (Double.isNaN(lowerBound) ? "" : " band=[" + lowerBound + "," + upperBound + "]") + " score=" + score;
    }
}

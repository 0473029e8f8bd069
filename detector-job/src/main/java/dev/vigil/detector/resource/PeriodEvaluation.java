package dev.vigil.detector.resource;

import dev.vigil.detector.series.Evaluation;

import java.util.Objects;

/**
 * One period of one (resource, rule) series as the detector judged it, for replays and reports:
 * what {@link ResourceDetector.EvaluationListener} hears, reduced to what is plotted and scored.
 * The job never makes one; the replay asks for them. Immutable.
 */
public final class PeriodEvaluation {
    private final String resourceId;
    private final String ruleId;
    private final long periodStartMs;
    private final double value;
    private final double score;
    private final double expected;
    private final double lower;
    private final double upper;

    /**
     * @param value    the period's value, NaN without data
     * @param score    the detector's score (an anomaly score, or a threshold rule's distance past its limit)
     * @param expected the anomaly model's expected value, or the threshold rule's limit
     * @param lower    the band's lower bound (NaN where there is none)
     * @param upper    the band's upper bound (NaN where there is none)
     */
    public PeriodEvaluation(String resourceId, String ruleId, long periodStartMs, double value, double score,
                            double expected, double lower, double upper) {
        this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.periodStartMs = periodStartMs;
        this.value = value;
        this.score = score;
        this.expected = expected;
        this.lower = lower;
        this.upper = upper;
    }

    public static PeriodEvaluation of(String resourceId, String ruleId, Evaluation e) {
        return new PeriodEvaluation(resourceId, ruleId, e.periodStartMs(), e.value(), e.verdict().score(),
                e.verdict().threshold(), e.verdict().lowerBound(), e.verdict().upperBound());
    }

    public String resourceId() {
        return resourceId;
    }

    public String ruleId() {
        return ruleId;
    }

    public long periodStartMs() {
        return periodStartMs;
    }

    public double value() {
        return value;
    }

    public double score() {
        return score;
    }

    public double expected() {
        return expected;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PeriodEvaluation)) {
            return false;
        }
        PeriodEvaluation e = (PeriodEvaluation) o;
        // Doubles compared by their bits, so NaN (no data, no band) equals NaN.
        return periodStartMs == e.periodStartMs && resourceId.equals(e.resourceId) && ruleId.equals(e.ruleId)
                && Double.compare(value, e.value) == 0 && Double.compare(score, e.score) == 0
                && Double.compare(expected, e.expected) == 0 && Double.compare(lower, e.lower) == 0
                && Double.compare(upper, e.upper) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resourceId, ruleId, periodStartMs, value, score, expected, lower, upper);
    }

    @Override
    public String toString() {
        return "PeriodEvaluation{" + resourceId + " " + ruleId + " @" + periodStartMs + " value=" + value + " score="
                + score + " expected=" + expected + " band=[" + lower + ", " + upper + "]}";
    }
}

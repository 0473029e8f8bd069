package dev.vigil.detector.series;

import dev.vigil.detector.rules.Rule;

/** How a rule's period value is built from datapoints; decides what a {@link PeriodAccumulator} keeps. */
public enum Aggregation {
    /** Sum of sums / sum of counts: exact. */
    AVERAGE,
    /** Sum of sums: exact. */
    SUM,
    /** Sum of counts: exact. */
    SAMPLE_COUNT,
    /** Max of maxima: exact. */
    MAXIMUM,
    /** Min of minima: exact. */
    MINIMUM,
    /**
     * Percentiles, trimmed means and other extended statistics cannot be combined exactly from
     * per-datapoint values. APPROXIMATION: the sample-count-weighted mean of the datapoints'
     * values (each datapoint weighs 1 when it carries no count). Exact when a period holds one
     * datapoint, which is the usual case (period = stream interval).
     */
    EXTENDED_WEIGHTED_MEAN,
    /** Sum(numerator) / Sum(denominator); a missing numerator with a denominator present counts as 0. */
    RATIO;

    public static Aggregation forRule(Rule rule) {
        if (rule.isRatio()) {
            return RATIO;
        }
        switch (rule.statistic()) {
            case "Average":
                return AVERAGE;
            case "Sum":
                return SUM;
            case "SampleCount":
                return SAMPLE_COUNT;
            case "Maximum":
                return MAXIMUM;
            case "Minimum":
                return MINIMUM;
            default:
                return EXTENDED_WEIGHTED_MEAN;
        }
    }

    /** Whether the accumulator needs its second number (count, weight or denominator). */
    boolean usesSecond() {
        return this == AVERAGE || this == EXTENDED_WEIGHTED_MEAN || this == RATIO;
    }
}

package dev.vigil.detector.series;

import dev.vigil.detector.rules.Comparison;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;

/**
 * Static threshold with an optional stricter recovery threshold (hysteresis). Stateless, so one
 * instance serves every series of a rule.
 *
 * <p>Decision for a value between the recovery threshold and the threshold (e.g. CPU 80 with
 * threshold 90 and recovery 75): NOT_BREACHING, healthy = false. For M of N it is a good point
 * (as CloudWatch would judge it, so the alarm state can return to OK), but it resets the run of
 * healthy evaluations, so an open impairment does not recover while the series hovers just under
 * the threshold.
 */
public final class ThresholdDetector implements SeriesDetector {
    private final Comparison comparison;
    private final double threshold;
    private final double recoveryThreshold;

    public ThresholdDetector(Comparison comparison, double threshold, double recoveryThreshold) {
        if (comparison.isBand()) {
            throw new IllegalArgumentException("band comparison " + comparison + " needs an anomaly detector");
        }
        this.comparison = comparison;
        this.threshold = threshold;
        this.recoveryThreshold = Double.isNaN(recoveryThreshold) ? threshold : recoveryThreshold;
    }

    public static ThresholdDetector forRule(Rule rule) {
        if (rule.detector() != DetectorType.THRESHOLD) {
            throw new IllegalArgumentException("rule " + rule.id() + " is not a threshold rule");
        }
        return new ThresholdDetector(rule.comparison(), rule.threshold(), rule.recoveryThreshold());
    }

    @Override
    public Verdict evaluate(long periodStartMs, double value) {
        if (Double.isNaN(value)) {
            return Verdict.noData();
        }
        boolean breaching = comparison.breaches(value, threshold);
        boolean healthy = !breaching && !comparison.breaches(value, recoveryThreshold);
        return new Verdict(breaching ? Verdict.Outcome.BREACHING : Verdict.Outcome.NOT_BREACHING,
                value, threshold, Double.NaN, Double.NaN, score(value), healthy);
    }

    /**
     * Distance past the threshold relative to the threshold's magnitude (plain difference for a
     * zero threshold): 0.5 = 50 % beyond it on the breaching side, negative = on the good side.
     */
    private double score(double value) {
        double d = comparison.isUpward() ? value - threshold : threshold - value;
        return threshold == 0 ? d : d / Math.abs(threshold);
    }

    public Comparison comparison() {
        return comparison;
    }

    public double threshold() {
        return threshold;
    }

    public double recoveryThreshold() {
        return recoveryThreshold;
    }
}

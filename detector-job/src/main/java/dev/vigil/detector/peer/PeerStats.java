package dev.vigil.detector.peer;

import dev.vigil.detector.rules.PeerComparison;

import java.util.Arrays;

/**
 * One minute of one group: the median of the members' values, their spread (MAD scaled to a
 * standard deviation) and the band outside which a member is an outlier. Robust statistics on
 * purpose: the outlier itself is among the values, and a mean or standard deviation would move
 * towards it and hide it.
 */
final class PeerStats {
    /** MAD × 1.4826 estimates the standard deviation of normally distributed values. */
    static final double MAD_TO_SIGMA = 1.4826;
    /**
     * When most peers report the same value MAD is 0 and any difference would be "infinitely"
     * far; the spread is taken as at least this fraction of the median instead.
     */
    static final double MAD_FLOOR_FRACTION = 0.05;

    private final PeerComparison rule;
    private final double median;
    private final double sigma;
    private final int members;

    private PeerStats(PeerComparison rule, double median, double sigma, int members) {
        this.rule = rule;
        this.median = median;
        this.sigma = sigma;
        this.members = members;
    }

    /** Statistics over {@code n} values (the array is reordered). */
    static PeerStats of(PeerComparison rule, double[] values, int n) {
        Arrays.sort(values, 0, n);
        double median = median(values, n);
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        Arrays.sort(deviations);
        double mad = Math.max(median(deviations, n), MAD_FLOOR_FRACTION * Math.abs(median));
        return new PeerStats(rule, median, MAD_TO_SIGMA * mad, n);
    }

    private static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double median() {
        return median;
    }

    int members() {
        return members;
    }

    /** Above this a value is a HIGH outlier: beyond the MAD band and at least ratio × median (and minValue). */
    double upper() {
        double bound = median + rule.madK() * sigma;
        if (median > 0) {
            // The ratio only means something for a positive median (latency, counts, percentages).
            bound = Math.max(bound, rule.ratio() * median);
        }
        if (!Double.isNaN(rule.minValue())) {
            bound = Math.max(bound, rule.minValue());
        }
        return bound;
    }

    /** Below this a value is a LOW outlier: beyond the MAD band and at most median / ratio. */
    double lower() {
        double bound = median - rule.madK() * sigma;
        return median > 0 ? Math.min(bound, median / rule.ratio()) : bound;
    }

    boolean isOutlier(double v) {
        boolean high = v > median + rule.madK() * sigma && v >= upper();
        boolean low = v < median - rule.madK() * sigma && v <= lower();
        switch (rule.direction()) {
            case HIGH:
                return high;
            case LOW:
                return low;
            default:
                return high || low;
        }
    }

    /**
     * How far out the value is, in [0, 1] as the impairment schema requires: with z the distance
     * from the median in robust standard deviations, z / (z + madK) is 0 at the median, 0.5 at the
     * edge of the MAD band and tends to 1 the farther out.
     */
    double score(double v) {
        double distance = Math.abs(v - median);
        if (sigma == 0) {
            return distance == 0 ? 0 : 1;
        }
        double z = distance / sigma;
        return z / (z + rule.madK());
    }
}

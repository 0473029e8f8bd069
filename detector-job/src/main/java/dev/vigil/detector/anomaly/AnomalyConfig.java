package dev.vigil.detector.anomaly;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable tunables of {@link AnomalyModel} and of the default anomaly rule that consumes its scores.
 * Every parameter has a name (see {@link #asMap()}) and can be overridden with {@link #with(String, double)}.
 */
public final class AnomalyConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    // parameter indices (order of NAMES / DEFAULTS)
    static final int THRESHOLD = 0;
    static final int WARMUP_ROWS = 1;
    static final int FAST_ALPHA = 2;
    static final int LEVEL_TAU_HOURS = 3;
    static final int SEASON_ALPHA = 4;
    static final int SEASON_MIN_DAYS = 5;
    static final int SCALE_ALPHA = 6;
    static final int SCALE_CLIP = 7;
    static final int SCALE_FLOOR_REL = 8;
    static final int COMB_MAX = 9;
    static final int LIK_SHORT = 10;
    static final int HIST_ALPHA = 11;
    static final int HIST_PRIOR = 12;
    static final int RULE_M = 13;
    static final int RULE_N = 14;
    static final int RULE_HEALTHY = 15;
    static final int RULE_KEEP_FIRING_MINUTES = 16;
    static final int SEASON_BUCKETS = 17;
    static final int SEASON_INTERP = 18;
    static final int HIST_EXTRAP = 19;
    static final int SPIKE_WEIGHT = 20;
    static final int LIK_ALPHA = 21;
    static final int LIK_SD_FLOOR = 22;
    static final int SEASON_SCALE = 23;
    static final int REC_TAU_DAYS = 24;
    static final int REC_WEIGHT = 25;
    static final int REC_DAMP = 26;
    static final int ADAPT_P = 27;
    static final int ADAPT_ETA = 28;
    static final int ADAPT_GAIN = 29;
    static final int ADAPT_PRE = 30;
    static final int ADAPT_CAP = 31;
    static final int CUSUM_K = 32;
    static final int CUSUM_H = 33;
    static final int CUSUM_WEIGHT = 34;
    static final int CUSUM_PRE = 35;
    static final int CUSUM_MEAN_ALPHA = 36;
    static final int WEEK_WEIGHT = 37;
    static final int WEEK_ALPHA = 38;
    static final int WEEK_MIN_DAYS = 39;

    private static final String[] NAMES = {
        "threshold",
        "warmup.rows",
        "fast.alpha",
        "level.tauHours",
        "season.alpha",
        "season.minDays",
        "scale.alpha",
        "scale.clip",
        "scale.floorRel",
        "comb.max",
        "lik.short",
        "hist.alpha",
        "hist.prior",
        "rule.m",
        "rule.n",
        "rule.healthy",
        "rule.keepFiringMinutes",
        "season.buckets",
        "season.interp",
        "hist.extrap",
        "spike.weight",
        "lik.alpha",
        "lik.sdFloor",
        "season.scale",
        "rec.tauDays",
        "rec.weight",
        "rec.damp",
        "adapt.p",
        "adapt.eta",
        "adapt.gain",
        "adapt.pre",
        "adapt.cap",
        "cusum.k",
        "cusum.h",
        "cusum.weight",
        "cusum.pre",
        "cusum.meanAlpha",
        "week.weight",
        "week.alpha",
        "week.minDays",
    };

    private static final double[] DEFAULTS = {
        0.45, // threshold on the score
        300, // warmup.rows
        0.5, // fast.alpha
        12, // level.tauHours
        0.1, // season.alpha
        2, // season.minDays
        0.01, // scale.alpha
        4, // scale.clip
        1e-3, // scale.floorRel
        0, // comb.max: weight of the max (vs the mean) of the predictors' surprisals
        6, // lik.short
        0.001, // hist.alpha
        1, // hist.prior
        1, // rule.m
        1, // rule.n
        10, // rule.healthy
        720, // rule.keepFiringMinutes
        24, // season.buckets per day
        0, // season.interp: 1 = interpolate between bucket centres, 0 = nearest bucket
        0.5, // hist.extrap: extra surprisal per half-octave beyond the largest residual seen
        0, // spike.weight: weight of the latest surprisal alone (vs the short average)
        0, // lik.alpha: rate of the long-run mean/variance of the short average (0 = no likelihood stage)
        0.2, // lik.sdFloor: floor of that standard deviation (surprisal units)
        0.5, // season.scale: weight of the per-bucket (time-of-day) residual scale vs the global one
        3, // rec.tauDays: time constant with which the max/min envelope of values contracts toward the level
        1, // rec.weight: score of a new extreme = weight * (excess beyond the envelope / envelope width), 0 = off
        1, // rec.damp: multiplier of the score while the value stays inside the envelope (1 = off)
        0.999, // adapt.p: quantile of the series' own score tracked online (0 = no adaptive bar)
        0.0015, // adapt.eta: step of that quantile tracker (score units)
        1.15, // adapt.gain: the score is scaled so that it reaches the threshold only above gain * quantile
        0, // adapt.pre: 1 = apply the adaptive bar before the record-breaking term, 0 = to the final score
        1, // adapt.cap: the adaptive bar never exceeds this score
        1.0, // cusum.k: allowance (normalised seasonal residual units) subtracted per period in the drift CUSUM
        150, // cusum.h: CUSUM level at which the drift score reaches cusum.weight (and the CUSUM resets)
        0.6, // cusum.weight: drift score = weight * cusum / h, combined by max (0 = off)
        0, // cusum.pre: 1 = combine the drift score before the adaptive bar, 0 = after it
        0.001, // cusum.meanAlpha: rate of the long-run mean of the residual the CUSUM is taken against (0 = zero mean)
        1, // week.weight: weight of the weekly (hour-of-week) correction added to the daily profile (0 = off)
        0.05, // week.alpha: learning rate of that correction
        14, // week.minDays: days of data before the weekly correction is used
    };

    static final int MAX_LIK_SHORT = 32;
    static final int MAX_SEASON_BUCKETS = 144;

    private static final AnomalyConfig DEFAULT = new AnomalyConfig(DEFAULTS.clone());

    private final double[] values;

    private AnomalyConfig(double[] values) {
        this.values = values;
        validate();
    }

    public static AnomalyConfig defaults() {
        return DEFAULT;
    }

    /** A copy with one named parameter replaced; unknown names throw {@link IllegalArgumentException}. */
    public AnomalyConfig with(String name, double value) {
        int k = indexOf(name);
        double[] v = values.clone();
        v[k] = value;
        return new AnomalyConfig(v);
    }

    /** Every named parameter and its value, in a stable order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Value of a named parameter; unknown names throw {@link IllegalArgumentException}. */
    public double get(String name) {
        return values[indexOf(name)];
    }

    double get(int index) {
        return values[index];
    }

    /** score >= threshold means breaching. */
    public double threshold() { return values[THRESHOLD]; }

    public int ruleM() { return (int) Math.round(values[RULE_M]); }
    public int ruleN() { return (int) Math.round(values[RULE_N]); }
    public int ruleHealthy() { return (int) Math.round(values[RULE_HEALTHY]); }
    public double ruleKeepFiringMinutes() { return values[RULE_KEEP_FIRING_MINUTES]; }

    private static int indexOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown anomaly parameter '" + name + "'; known: " + Arrays.toString(NAMES));
    }

    private void validate() {
        int shortLen = (int) Math.round(values[LIK_SHORT]);
        if (shortLen < 1 || shortLen > MAX_LIK_SHORT) {
            throw new IllegalArgumentException("lik.short must be in [1, " + MAX_LIK_SHORT + "]: " + values[LIK_SHORT]);
        }
        int buckets = (int) Math.round(values[SEASON_BUCKETS]);
        if (buckets < 1 || buckets > MAX_SEASON_BUCKETS) {
            throw new IllegalArgumentException("season.buckets must be in [1, " + MAX_SEASON_BUCKETS + "]: " + buckets);
        }
        int m = ruleM();
        int n = ruleN();
        if (n < 1 || n > 64 || m < 1 || m > n) {
            throw new IllegalArgumentException("need 1 <= rule.m <= rule.n <= 64: m=" + m + " n=" + n);
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(NAMES[i] + " is NaN");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnomalyConfig && Arrays.equals(values, ((AnomalyConfig) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AnomalyConfig" + asMap();
    }
}

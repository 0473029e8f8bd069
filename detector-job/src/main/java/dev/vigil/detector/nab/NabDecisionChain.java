package dev.vigil.detector.nab;

import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.AnomalyModel;
import dev.vigil.detector.anomaly.AnomalyResult;

/**
 * The decision chain of the default anomaly rule for one series: model score -> breaching -> M-of-N condition ->
 * hysteresis (HEALTHY / UNHEALTHY with H good evaluations and a keep-firing time). {@link #step} returns true at
 * the rows where an impairment opens (the onsets NAB scores).
 */
public final class NabDecisionChain {

    private final AnomalyConfig config;
    private final AnomalyModel model;
    private final int m;
    private final int n;
    private final int healthyNeeded;
    private final long keepFiringMs;

    private long breachBits; // last n breaching flags, bit 0 = latest
    private boolean unhealthy;
    private int good;
    private long lastBreachTs;
    private AnomalyResult lastResult;
    private boolean lastCondition;

    public NabDecisionChain(AnomalyConfig config) {
        this(config, new AnomalyModel(config));
    }

    public NabDecisionChain(AnomalyConfig config, AnomalyModel model) {
        this.config = config;
        this.model = model;
        this.m = config.ruleM();
        this.n = config.ruleN();
        this.healthyNeeded = config.ruleHealthy();
        this.keepFiringMs = Math.round(config.ruleKeepFiringMinutes() * 60_000.0);
    }

    /** Feeds one (combined) row; returns true when an impairment opens at this row. */
    public boolean step(long timestampMs, double value) {
        AnomalyResult r = model.update(timestampMs, value);
        lastResult = r;
        boolean breaching = !r.warmingUp() && r.score() >= config.threshold();
        long mask = n == 64 ? -1L : (1L << n) - 1;
        breachBits = ((breachBits << 1) | (breaching ? 1L : 0L)) & mask;
        boolean condition = Long.bitCount(breachBits) >= m;
        lastCondition = condition;
        if (!unhealthy) {
            if (condition) {
                unhealthy = true;
                good = 0;
                lastBreachTs = timestampMs;
                return true;
            }
            return false;
        }
        if (condition) {
            good = 0;
            lastBreachTs = timestampMs;
        } else {
            good++;
            if (good >= healthyNeeded && timestampMs - lastBreachTs >= keepFiringMs) {
                unhealthy = false;
                good = 0;
            }
        }
        return false;
    }

    public boolean unhealthy() { return unhealthy; }
    public boolean lastCondition() { return lastCondition; }
    public AnomalyResult lastResult() { return lastResult; }
    public AnomalyModel model() { return model; }

    /** Runs a whole series; returns the onset flag per row. */
    public static boolean[] onsets(AnomalyConfig config, long[] timestamps, double[] values) {
        NabDecisionChain chain = new NabDecisionChain(config);
        boolean[] out = new boolean[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            out[i] = chain.step(timestamps[i], values[i]);
        }
        return out;
    }
}

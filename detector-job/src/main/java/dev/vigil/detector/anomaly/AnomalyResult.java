package dev.vigil.detector.anomaly;

/** Outcome of one {@link AnomalyModel#update}: a score in [0, 1] and the expected value and band explaining it. */
public final class AnomalyResult {

    private final double score;
    private final double expected;
    private final double lower;
    private final double upper;
    private final boolean warmingUp;

    public AnomalyResult(double score, double expected, double lower, double upper, boolean warmingUp) {
        this.score = score;
        this.expected = expected;
        this.lower = lower;
        this.upper = upper;
        this.warmingUp = warmingUp;
    }

    /** Anomaly score in [0, 1]; compare with {@link AnomalyConfig#threshold()}. */
    public double score() { return score; }
    /** Value the model expected for this period. */
    public double expected() { return expected; }
    /** Lower edge of the normal band. */
    public double lower() { return lower; }
    /** Upper edge of the normal band. */
    public double upper() { return upper; }
    /** True while the model is still learning (its score should not raise alarms). */
    public boolean warmingUp() { return warmingUp; }

    @Override
    public String toString() {
        return "AnomalyResult{score=" + score + ", expected=" + expected + ", band=[" + lower + ", " + upper
                + "], warmingUp=" + warmingUp + '}';
    }
}

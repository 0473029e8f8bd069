package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The series' own bar: an online estimate (stochastic approximation) of a high quantile of its
 * sustained score. A series whose score often runs high (bursty traffic, a poorly explained cycle)
 * must go beyond its own usual extremes to breach; a calm one is held to the fixed threshold only.
 */
final class Bar implements Stage {
    /** Step of the quantile estimate per value (score units): it follows a regime within days. */
    static final double STEP = 0.0015;
    /** The score reaches the threshold only this far above the series' own quantile. */
    static final double GAIN = 1.15;

    private final double quantile;
    private final double threshold;
    private double q;

    Bar(AnomalyConfig config) {
        this.quantile = config.get(AnomalyParam.BAR_QUANTILE);
        this.threshold = config.threshold();
    }

    @Override public int id() { return 8; }
    @Override public int version() { return 1; }
    @Override public int size() { return 8; }

    /** The score scaled down where the series' own bar is above the threshold; learns from it. */
    double apply(double score) {
        double bar = Math.min(GAIN * q, 1.0);
        double out = bar > threshold ? score * threshold / bar : score;
        q = Math.max(0.0, q + STEP * (score > q ? quantile : quantile - 1.0));
        return out;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(q);
    }

    @Override
    public void read(DataInput in) throws IOException {
        q = in.readDouble();
    }

    @Override
    public void reset() {
        q = 0;
    }
}

package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Slow change: a two-sided CUSUM of the clipped, normalised seasonal error, taken against its
 * own slow mean (so a steady trend does not fire again and again), catches a drift no single
 * value makes surprising. It restarts once it fires.
 */
final class Drift implements Stage {
    /** Allowance per value, in typical errors: noise alone keeps the sums at zero. */
    static final double ALLOWANCE = 1.0;
    /** The drift score at the firing level (below the threshold alone: it needs other evidence too). */
    static final double WEIGHT = 0.6;
    /** Rate of the mean the error is taken against: about a thousand values. */
    static final double MEAN_RATE = 0.001;

    private final double h;
    private double up;
    private double down;
    private double mean;

    Drift(AnomalyConfig config) {
        this.h = config.get(AnomalyParam.DRIFT_H);
    }

    @Override public int id() { return 7; }
    @Override public int version() { return 1; }
    @Override public int size() { return 24; }

    /** Adds a normalised seasonal error; returns the drift score in [0, 1]. */
    double add(double r) {
        double d = r - mean;
        mean += MEAN_RATE * d;
        up = Math.max(0.0, up + d - ALLOWANCE);
        down = Math.max(0.0, down - d - ALLOWANCE);
        double c = Math.max(up, down);
        if (c >= h) {
            up = 0.0;
            down = 0.0;
        }
        return Math.min(1.0, WEIGHT * c / h);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(up);
        out.writeDouble(down);
        out.writeDouble(mean);
    }

    @Override
    public void read(DataInput in) throws IOException {
        up = in.readDouble();
        down = in.readDouble();
        mean = in.readDouble();
    }

    @Override
    public void reset() {
        up = 0;
        down = 0;
        mean = 0;
    }
}

package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Abrupt change: a one-sided CUSUM of the smaller of the two surprisals, so it grows only while
 * the value surprises both predictions (a spike, a dip to zero, a step: not a cycle that runs
 * late, which only the seasonal one minds). One value rare enough fires it at once; a few
 * rather rare ones in a row fire it within steps. It is not smoothed and not held to the
 * series' own bar: an operator wants the page within minutes of the spike.
 */
final class Burst implements Stage {
    /**
     * Allowance per value, in nats: a calibrated surprisal is about 1 on average (-ln of a uniform
     * tail probability), so only values rarer than e^-4 (1 in 55) for both predictions add up, and
     * noise alone drains the sum by 3 a value.
     */
    static final double ALLOWANCE = 4.0;

    private final double h;
    private double sum;

    Burst(AnomalyConfig config) {
        this.h = config.get(AnomalyParam.BURST_H);
    }

    @Override public int id() { return 9; }
    @Override public int version() { return 1; }
    @Override public int size() { return 8; }

    /** Adds the smaller surprisal; returns the sum relative to the firing level (1 = firing). */
    double add(double surprisal) {
        // Capped, so a long burst does not hold the score up for long after it ends.
        sum = Math.min(2 * h, Math.max(0.0, sum + surprisal - ALLOWANCE));
        return sum / h;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(sum);
    }

    @Override
    public void read(DataInput in) throws IOException {
        sum = in.readDouble();
    }

    @Override
    public void reset() {
        sum = 0;
    }
}

package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * New extremes: the highest and lowest values seen, contracting slowly towards the level, so a
 * value beyond them (a CPU at a height it never reached, a queue deeper than ever) scores by how
 * far it goes beyond, in widths of the envelope, even when it crept there too slowly to surprise
 * either prediction.
 */
final class Envelope implements Stage {
    private final double tauMs;
    double hi;
    double lo;

    Envelope(AnomalyConfig config) {
        this.tauMs = config.get(AnomalyParam.ENVELOPE_DAYS) * Baseline.DAY_MS;
    }

    @Override public int id() { return 6; }
    @Override public int version() { return 1; }
    @Override public int size() { return 16; }

    void start(double x) {
        hi = x;
        lo = x;
    }

    /** How far beyond the envelope {@code x} lies, in envelope widths (0 inside). */
    double excess(double x, double pad) {
        double width = hi - lo + pad;
        return x > hi ? (x - hi) / width : x < lo ? (lo - x) / width : 0.0;
    }

    void learn(double x, long dtMs, double level) {
        double r = 1.0 - Math.exp(-dtMs / tauMs);
        hi = Math.max(x, hi + r * (level - hi));
        lo = Math.min(x, lo + r * (level - lo));
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(hi);
        out.writeDouble(lo);
    }

    @Override
    public void read(DataInput in) throws IOException {
        hi = in.readDouble();
        lo = in.readDouble();
    }

    @Override
    public void reset() {
        hi = 0;
        lo = 0;
    }
}

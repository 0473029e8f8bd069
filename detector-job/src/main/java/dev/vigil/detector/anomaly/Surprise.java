package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How rare an error of this size is for this series: each normalised error z falls in a
 * half-octave bin of a decayed histogram of the errors seen so far, and its surprisal is
 * -ln of its upper tail probability there. A series whose errors are often large (bursty
 * traffic) so learns that large errors are ordinary, one that is usually calm does not.
 */
final class Surprise implements Stage {
    /** Half-octave bins: bin 0 below 2^-1.5, bin j from 2^((j - 4) / 2); the last is open (z >= 2^9.5). */
    static final int BINS = 24;
    /** Pseudo-count of the tail: a never-seen error is rare, not impossible (caps the surprisal at ln(memory)). */
    static final double PRIOR = 1.0;
    /**
     * Extra surprisal per half-octave beyond the largest error seen (a power-law tail, z^-1.44):
     * a record-breaking error is the more surprising the further it goes, without claiming a light tail
     * the series never showed.
     */
    static final double BEYOND = 0.5;

    private final double keep;
    private final float[] fast = new float[BINS];
    private final float[] seasonal = new float[BINS];

    Surprise(AnomalyConfig config) {
        this.keep = 1.0 - 1.0 / config.get(AnomalyParam.MEMORY_ROWS);
    }

    @Override public int id() { return 4; }
    @Override public int version() { return 1; }
    @Override public int size() { return 8 * BINS; }

    /** The largest surprisal within the histogram's memory: ln of the memory plus the prior. */
    static double ceiling(AnomalyConfig config) {
        return Math.log((config.get(AnomalyParam.MEMORY_ROWS) + PRIOR) / PRIOR);
    }

    static int bin(double z) {
        if (!(z >= 0.3535533905932738)) { // 2^-1.5 (also NaN)
            return 0;
        }
        if (z >= 724.0773439350247) { // 2^9.5
            return BINS - 1;
        }
        int e = Math.getExponent(z); // floor(log2 z)
        double m = z / Math.scalb(1.0, e); // [1, 2)
        return 2 * e + (m >= 1.4142135623730951 ? 1 : 0) + 4;
    }

    double fast(int bin) {
        return surprisal(fast, bin);
    }

    double seasonal(int bin) {
        return surprisal(seasonal, bin);
    }

    /** -ln of the mid-p upper tail probability of the bin. */
    private static double surprisal(float[] h, int b) {
        double above = 0;
        double total = 0;
        int top = 0;
        for (int i = 0; i < BINS; i++) {
            double c = h[i];
            total += c;
            if (c >= 0.5) {
                top = i;
            }
            if (i > b) {
                above += c;
            } else if (i == b) {
                above += 0.5 * c;
            }
        }
        double u = Math.log((total + PRIOR) / (above + PRIOR));
        return b > top ? u + BEYOND * (b - top) : u;
    }

    void learn(int fastBin, int seasonalBin) {
        learn(fast, fastBin);
        learn(seasonal, seasonalBin);
    }

    private void learn(float[] h, int b) {
        for (int i = 0; i < BINS; i++) {
            h[i] = (float) (h[i] * keep);
        }
        h[b] = (float) (h[b] + 1.0);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        for (int i = 0; i < BINS; i++) {
            out.writeFloat(fast[i]);
            out.writeFloat(seasonal[i]);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        for (int i = 0; i < BINS; i++) {
            fast[i] = in.readFloat();
            seasonal[i] = in.readFloat();
        }
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(fast, 0f);
        java.util.Arrays.fill(seasonal, 0f);
    }
}

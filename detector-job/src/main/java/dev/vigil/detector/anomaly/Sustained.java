package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Evidence that lasts: the mean surprisal of the last few values. One odd value in a noisy
 * series is diluted; a change that persists (a broken cycle, a shifted level, a new noise level)
 * keeps the mean up. This is HTM's short-term average of raw scores, judged below against a
 * fixed bar and the series' own history of it ({@link Bar}).
 */
final class Sustained implements Stage {
    static final int MAX_ROWS = 16;

    private final int rows;
    private final float[] ring;
    private int pos;
    private int filled;

    Sustained(AnomalyConfig config) {
        this.rows = (int) Math.round(config.get(AnomalyParam.SUSTAIN_ROWS));
        this.ring = new float[rows];
    }

    @Override public int id() { return 5; }
    @Override public int version() { return 1; }
    @Override public int size() { return 2 + 4 * rows; }

    /** Adds a surprisal; returns the mean of the last {@code rows}. */
    double add(double surprisal) {
        ring[pos] = (float) surprisal;
        pos = (pos + 1) % rows;
        filled = Math.min(rows, filled + 1);
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            sum += ring[i];
        }
        return sum / filled;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeByte(pos);
        out.writeByte(filled);
        for (float f : ring) {
            out.writeFloat(f);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        pos = in.readUnsignedByte() % rows;
        filled = Math.min(rows, in.readUnsignedByte());
        for (int i = 0; i < rows; i++) {
            ring[i] = in.readFloat();
        }
    }

    @Override
    public void reset() {
        pos = 0;
        filled = 0;
        java.util.Arrays.fill(ring, 0f);
    }
}

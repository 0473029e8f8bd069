package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** How much the model has seen: values, the first and the latest timestamp. */
final class Clock implements Stage {
    long count;
    long firstMs;
    long lastMs;

    @Override public int id() { return 1; }
    @Override public int version() { return 1; }
    @Override public int size() { return 24; }

    /** Counts a value; returns the time since the previous one (0 for the first, never negative). */
    long tick(long ts) {
        long dt = count == 0 ? 0 : Math.max(0L, ts - lastMs);
        if (count == 0) {
            firstMs = ts;
        }
        count++;
        lastMs = ts;
        return dt;
    }

    long age(long ts) {
        return ts - firstMs;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(firstMs);
        out.writeLong(lastMs);
    }

    @Override
    public void read(DataInput in) throws IOException {
        count = in.readLong();
        firstMs = in.readLong();
        lastMs = in.readLong();
    }

    @Override
    public void reset() {
        count = 0;
        firstMs = 0;
        lastMs = 0;
    }
}

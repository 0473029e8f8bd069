package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What each hour of the day usually does: the largest jump (the persistence error's bin) seen in
 * that hour, averaged over the days. When an hour stands out with a jump of its own (a nightly
 * batch job, a daily report at 09:00), a jump no larger than that is part of the series and
 * surprises nobody; the same jump at another hour still does, and a larger one always does. A
 * single incident lifts its hour only by {@link #DAY_WEIGHT} of its size, so it does not hide the
 * next day's.
 */
final class Recurrence implements Stage {
    /** Weight of one day's largest jump in an hour's average (about three days of memory). */
    static final double DAY_WEIGHT = 0.3;
    /** A jump counts as the hour's usual one up to a half-octave above that hour's average largest jump. */
    static final double SLACK_BINS = 1.0;
    /** An hour has a jump of its own when its usual largest jump is this many half-octaves above the others'. */
    static final double STANDS_OUT_BINS = 2.0;
    /** Fixed point of the stored bins: eighths of a bin in a byte (bins go up to 23). */
    private static final double UNIT = 8.0;

    private final byte[] peak = new byte[Baseline.BUCKETS];
    private int visitBucket = -1;
    private int visitMax;
    private final byte[] seen = new byte[Baseline.BUCKETS];

    @Override public int id() { return 10; }
    @Override public int version() { return 1; }
    @Override public int size() { return 2 * Baseline.BUCKETS + 2; }

    /**
     * True when this hour stands out with a jump of its own (its usual largest jump is {@link #STANDS_OUT_BINS}
     * above the other hours' average: in a bursty series every hour jumps, and the error histograms already know
     * that) and {@code bin} is no larger than that usual jump.
     */
    boolean usual(int bucket, int bin) {
        if (seen[bucket] < 2) {
            return false;
        }
        double sum = 0;
        int n = 0;
        for (int b = 0; b < peak.length; b++) {
            if (seen[b] >= 2) {
                sum += (peak[b] & 0xff) / UNIT;
                n++;
            }
        }
        double own = (peak[bucket] & 0xff) / UNIT;
        return own >= sum / n + STANDS_OUT_BINS && bin <= own + SLACK_BINS;
    }

    /** Learns the value's jump; an hour's visit is folded into its average when the hour changes. */
    void learn(int bucket, int bin) {
        if (bucket != visitBucket) {
            if (visitBucket >= 0) {
                double avg = seen[visitBucket] == 0 ? visitMax : (peak[visitBucket] & 0xff) / UNIT;
                avg += DAY_WEIGHT * (visitMax - avg);
                peak[visitBucket] = (byte) Math.min(255, Math.round(avg * UNIT));
                seen[visitBucket] = (byte) Math.min(100, seen[visitBucket] + 1);
            }
            visitBucket = bucket;
            visitMax = 0;
        }
        visitMax = Math.max(visitMax, bin);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.write(peak);
        out.write(seen);
        out.writeByte(visitBucket < 0 ? 255 : visitBucket);
        out.writeByte(visitMax);
    }

    @Override
    public void read(DataInput in) throws IOException {
        in.readFully(peak);
        in.readFully(seen);
        int b = in.readUnsignedByte();
        visitBucket = b >= Baseline.BUCKETS ? -1 : b;
        visitMax = in.readUnsignedByte();
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(peak, (byte) 0);
        java.util.Arrays.fill(seen, (byte) 0);
        visitBucket = -1;
        visitMax = 0;
    }
}

package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The typical size of each prediction's error, so errors are compared in the series' own units:
 * a mean absolute error per prediction, and for the seasonal one also per hour of day (traffic is
 * noisier at its peak than at night; a cycle's steep edges err more than its plateaus), blended
 * half and half.
 */
final class Scales implements Stage {
    /** Errors beyond this many typical sizes count as this many: one outlier barely moves the scale. */
    static final double CLIP = 4.0;
    /** Per value: a memory of about a hundred values, long enough to be stable, short enough to follow a regime. */
    static final double RATE = 0.01;
    /** Weight of the hour-of-day scale in the seasonal one (the overall one keeps a quiet hour from looking tiny). */
    static final double BUCKET_WEIGHT = 0.5;
    /** A flat series has no error: a thousandth of its level stands in, so the first change is not infinitely surprising. */
    static final double FLOOR_RELATIVE = 1e-3;

    double fastScale;
    double seasonalScale;
    private final float[] bucketScale = new float[Baseline.BUCKETS];
    private final double bucketRate;
    /** The seasonal scale used for the current value. */
    double seasonalNow;

    Scales(AnomalyConfig config) {
        this.bucketRate = config.get(AnomalyParam.SEASON_RATE);
        reset();
    }

    @Override public int id() { return 3; }
    @Override public int version() { return 1; }
    @Override public int size() { return 16 + 4 * Baseline.BUCKETS; }

    static double floor(double level, double fast) {
        return FLOOR_RELATIVE * (Math.abs(level) + Math.abs(fast)) * 0.5 + 1e-9;
    }

    double fastZ(double e, double floor) {
        return Math.abs(e) / (fastScale + floor);
    }

    double seasonalZ(double e, double floor, int bucket, boolean seasonOn) {
        float b = bucketScale[bucket];
        seasonalNow = seasonOn && b == b ? (1.0 - BUCKET_WEIGHT) * seasonalScale + BUCKET_WEIGHT * b : seasonalScale;
        return Math.abs(e) / (seasonalNow + floor);
    }

    void learn(double eFast, double eSeasonal, int bucket, long count, double floor) {
        double rate = Math.max(1.0 / count, RATE);
        double cf = count > 10 ? Math.min(Math.abs(eFast), CLIP * (fastScale + floor)) : Math.abs(eFast);
        double cs = count > 10 ? Math.min(Math.abs(eSeasonal), CLIP * (seasonalScale + floor)) : Math.abs(eSeasonal);
        fastScale += rate * (cf - fastScale);
        seasonalScale += rate * (cs - seasonalScale);
        float b = bucketScale[bucket];
        if (b != b) {
            bucketScale[bucket] = (float) (seasonalScale > 0 ? seasonalScale : Math.abs(eSeasonal));
        } else {
            double cb = Math.min(Math.abs(eSeasonal), CLIP * (b + floor));
            bucketScale[bucket] = (float) (b + bucketRate * (cb - b));
        }
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(fastScale);
        out.writeDouble(seasonalScale);
        for (float b : bucketScale) {
            out.writeFloat(b);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        fastScale = in.readDouble();
        seasonalScale = in.readDouble();
        for (int i = 0; i < bucketScale.length; i++) {
            bucketScale[i] = in.readFloat();
        }
    }

    @Override
    public void reset() {
        fastScale = 0;
        seasonalScale = 0;
        Arrays.fill(bucketScale, Float.NaN);
    }
}

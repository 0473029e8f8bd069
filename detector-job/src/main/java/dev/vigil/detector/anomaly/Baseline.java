package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The two predictions every value is judged against: a smoothed last value (persistence: a spike
 * or a step stands out against it at once) and a slow level plus a daily profile with a weekly
 * correction, learned from timestamps (it explains the cycles, so a broken cycle or a level that
 * moved stands out against it even when the value changes slowly).
 */
final class Baseline implements Stage {
    static final long DAY_MS = 86_400_000L;
    static final long HOUR_MS = 3_600_000L;
    /**
     * Hourly buckets, interpolated between their centres: fine enough for business-hour cycles, few
     * enough to learn within days, and a steep ramp is followed without a step every hour.
     */
    static final int BUCKETS = 24;
    /** The profile is used after two days: every bucket was seen twice, one odd day does not define it. */
    static final long SEASON_AFTER_MS = 2 * DAY_MS;
    /** Hour of week: a weekday/weekend difference in the daily profile. */
    static final int WEEK_BUCKETS = 168;
    /** Used after two weeks, each hour of week seen twice; until then weekend hours would look anomalous. */
    static final long WEEK_AFTER_MS = 14 * DAY_MS;
    /** Learning rate of the weekly correction per value: slower than the daily profile it corrects. */
    static final double WEEK_RATE = 0.05;

    private final double fastAlpha;
    private final double levelTauMs;
    private final double seasonRate;

    double fast;
    double level;
    private final float[] season = new float[BUCKETS];
    /** Weekly correction per hour of week in units of weekUnit / 256 (int16 keeps 168 of them small). */
    private final short[] week = new short[WEEK_BUCKETS];
    private double weekUnit;

    // the current value's context, set by predict
    /** The hour-of-day bucket the value falls in (its scale's bucket). */
    int bucket;
    private int left;
    private int right;
    private double rightWeight;
    private int weekBucket;
    private double weekValue;
    /** Daily profile plus weekly correction at the current value's time (0 where not learned yet). */
    double seasonal;
    boolean seasonOn;
    private boolean weekOn;

    Baseline(AnomalyConfig config) {
        this.fastAlpha = config.get(AnomalyParam.FAST_ALPHA);
        this.levelTauMs = config.get(AnomalyParam.LEVEL_HOURS) * HOUR_MS;
        this.seasonRate = config.get(AnomalyParam.SEASON_RATE);
        reset();
    }

    @Override public int id() { return 2; }
    @Override public int version() { return 1; }
    @Override public int size() { return 3 * 8 + 4 * BUCKETS + 2 * WEEK_BUCKETS; }

    void start(double x) {
        fast = x;
        level = x;
    }

    /** Sets the context of a value at {@code ts}, {@code ageMs} after the first. */
    void predict(long ts, long ageMs) {
        seasonOn = ageMs >= SEASON_AFTER_MS;
        long tod = Math.floorMod(ts, DAY_MS);
        bucket = (int) (tod * BUCKETS / DAY_MS);
        double pos = tod * (double) BUCKETS / DAY_MS - 0.5; // between the centres of two buckets
        double fl = Math.floor(pos);
        rightWeight = pos - fl;
        left = Math.floorMod((int) fl, BUCKETS);
        right = (left + 1) % BUCKETS;
        float l = season[left];
        float r = season[right];
        seasonal = l != l && r != r ? 0.0 : l != l ? r : r != r ? l : (1 - rightWeight) * l + rightWeight * r;
        weekBucket = (int) (Math.floorMod(ts, 7 * DAY_MS) / HOUR_MS);
        weekValue = week[weekBucket] * weekUnit / 256.0;
        weekOn = seasonOn && ageMs >= WEEK_AFTER_MS;
        if (weekOn) {
            seasonal += weekValue;
        }
    }

    double fastPrediction() {
        return fast;
    }

    double seasonalPrediction() {
        return level + (seasonOn ? seasonal : 0.0);
    }

    /** Learns from {@code x} after it was scored; {@code scale} is the seasonal error's typical size. */
    void learn(double x, long dtMs, long count, double scale) {
        if (seasonOn) {
            if (weekUnit == 0.0) {
                weekUnit = scale; // fixed from then on: the stored corrections are in its units
            }
            double daily = weekOn ? seasonal - weekValue : seasonal;
            double next = weekValue + WEEK_RATE * (x - level - daily - weekValue);
            week[weekBucket] = (short) Math.max(-32767, Math.min(32767, Math.round(next * 256.0 / weekUnit)));
        }
        fast += fastAlpha * (x - fast);
        double levelRate = Math.max(1.0 / count, 1.0 - Math.exp(-dtMs / levelTauMs));
        level += levelRate * (x - seasonal - level);
        double error = x - level - seasonal;
        float l = season[left];
        float r = season[right];
        season[left] = l != l ? (float) (x - level) : (float) (l + seasonRate * (1 - rightWeight) * error);
        if (rightWeight > 0) {
            season[right] = r != r ? (float) (x - level) : (float) (r + seasonRate * rightWeight * error);
        }
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(fast);
        out.writeDouble(level);
        out.writeDouble(weekUnit);
        for (float s : season) {
            out.writeFloat(s);
        }
        for (short w : week) {
            out.writeShort(w);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        fast = in.readDouble();
        level = in.readDouble();
        weekUnit = in.readDouble();
        for (int i = 0; i < BUCKETS; i++) {
            season[i] = in.readFloat();
        }
        for (int i = 0; i < WEEK_BUCKETS; i++) {
            week[i] = in.readShort();
        }
    }

    @Override
    public void reset() {
        fast = 0;
        level = 0;
        weekUnit = 0;
        Arrays.fill(season, Float.NaN);
        Arrays.fill(week, (short) 0);
    }
}

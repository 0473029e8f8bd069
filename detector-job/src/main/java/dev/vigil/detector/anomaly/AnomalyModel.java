package dev.vigil.detector.anomaly;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Streaming, unsupervised anomaly model of one series (one value per period, in time order).
 *
 * <p>Two robust predictors: a smoothed last value (persistence: spikes, steps) and a slow level plus a daily
 * profile learned online from timestamps (nearest of {@code season.buckets} time-of-day buckets, used once
 * {@code season.minDays} were seen: level shifts, broken daily cycles). With {@code week.weight > 0} a weekly
 * correction (168 hour-of-week buckets, learned at {@code week.alpha} on what the daily profile leaves, stored as
 * int16 in units of 1/256 of the residual scale frozen when it starts) is added to the daily profile after
 * {@code week.minDays}. Each residual is divided by its clipped mean absolute error (seasonal one optionally blended
 * with a per-bucket scale). Each normalised residual falls in a half-octave bin of a decayed histogram; its surprisal
 * is -ln of its (mid-p) tail probability there, extended beyond the largest residual seen. The score is the short
 * average of the predictors' mean surprisal relative to the largest possible surprisal (optionally passed through an
 * HTM-style Gaussian likelihood stage), raised to the record-breaking score when a value leaves the slowly
 * contracting max/min envelope.
 *
 * <p>Adaptive bar: an online (stochastic-approximation, step {@code adapt.eta}) estimate q of the series' own
 * {@code adapt.p} quantile of that score; the score is scaled by threshold / (adapt.gain * q) whenever that bar is
 * above the threshold, so noisy series must exceed their own usual extremes to breach.
 *
 * <p>Drift CUSUM: slow drifts that never produce a surprising single residual are caught by a two-sided CUSUM of the
 * clipped, normalised seasonal residual taken against its own slow mean ({@code cusum.meanAlpha}, so a steady trend
 * does not re-fire) with allowance {@code cusum.k}. Its score {@code cusum.weight * cusum / cusum.h} is combined by max
 * (after the adaptive bar unless {@code cusum.pre}); the CUSUM resets to zero once it reaches {@code cusum.h}.
 *
 * <p>All updates are O(bins); the state is about 0.9 KB with the defaults and restores bit-identically.
 */
public final class AnomalyModel {

    /** Half-octave bins of normalised residual magnitudes z: bin 0 below 2^-1.5, bin j >= 1 from 2^((j-4)/2). */
    static final int BINS = 24;
    static final long DAY_MS = 86_400_000L;
    static final int WEEK_BUCKETS = 168;
    private static final int FORMAT = 4;
    private static final double LN10 = Math.log(10.0);

    private final AnomalyConfig config;
    // cached parameters
    private final double warmupRows;
    private final double fastAlpha;
    private final double levelTauMs;
    private final double seasonAlpha;
    private final double seasonMinMs;
    private final double scaleAlpha;
    private final double scaleClip;
    private final double scaleFloorRel;
    private final double combMax;
    private final int likShort;
    private final double histAlpha;
    private final double histPrior;
    private final double maxSurprisal;
    private final double histExtrap;
    private final double spikeWeight;
    private final double likAlpha;
    private final double likSdFloor;
    private final int buckets;
    private final double recTauMs;
    private final double recWeight;
    private final double recDamp;
    private final boolean interp;
    private final double adaptP;
    private final double adaptEta;
    private final double adaptGain;
    private final double adaptCap;
    private final boolean adaptPre;
    private final double threshold;
    private final double cusumK;
    private final double cusumH;
    private final double cusumWeight;
    private final boolean cusumPre;
    private final double cusumMeanAlpha;
    private final double weekWeight;
    private final double weekAlpha;
    private final double weekMinMs;

    // state
    private long count;
    private long firstTs;
    private long lastTs;
    private double fast;
    private double s1;
    private double level;
    private double s2;
    private int ringPos;
    private double likMean;
    private double likVar;
    private double hi;
    private double lo;
    private double q;
    private double cusUp;
    private double cusDown;
    private double cusMean;
    private double weekUnit;
    /** Weekly correction per hour of week, in units of weekUnit / 256 (quantised to keep the state small). */
    private final short[] week;
    private final float[] ring = new float[AnomalyConfig.MAX_LIK_SHORT];
    private final float[] season;
    private final float[] seasonScale;
    private final double seasonScaleW;
    private final float[] hist1 = new float[BINS];
    private final float[] hist2 = new float[BINS];

    public AnomalyModel(AnomalyConfig config) {
        this.config = config;
        this.warmupRows = config.get(AnomalyConfig.WARMUP_ROWS);
        this.fastAlpha = config.get(AnomalyConfig.FAST_ALPHA);
        this.levelTauMs = config.get(AnomalyConfig.LEVEL_TAU_HOURS) * 3_600_000.0;
        this.seasonAlpha = config.get(AnomalyConfig.SEASON_ALPHA);
        this.seasonMinMs = config.get(AnomalyConfig.SEASON_MIN_DAYS) * DAY_MS;
        this.scaleAlpha = config.get(AnomalyConfig.SCALE_ALPHA);
        this.scaleClip = config.get(AnomalyConfig.SCALE_CLIP);
        this.scaleFloorRel = config.get(AnomalyConfig.SCALE_FLOOR_REL);
        this.combMax = config.get(AnomalyConfig.COMB_MAX);
        this.likShort = (int) Math.round(config.get(AnomalyConfig.LIK_SHORT));
        this.histAlpha = config.get(AnomalyConfig.HIST_ALPHA);
        this.histPrior = config.get(AnomalyConfig.HIST_PRIOR);
        this.histExtrap = config.get(AnomalyConfig.HIST_EXTRAP);
        this.spikeWeight = config.get(AnomalyConfig.SPIKE_WEIGHT);
        this.likAlpha = config.get(AnomalyConfig.LIK_ALPHA);
        this.likSdFloor = config.get(AnomalyConfig.LIK_SD_FLOOR);
        this.maxSurprisal = Math.log((1.0 / histAlpha + histPrior) / histPrior);
        this.recTauMs = config.get(AnomalyConfig.REC_TAU_DAYS) * DAY_MS;
        this.recWeight = config.get(AnomalyConfig.REC_WEIGHT);
        this.recDamp = config.get(AnomalyConfig.REC_DAMP);
        this.buckets = (int) Math.round(config.get(AnomalyConfig.SEASON_BUCKETS));
        this.interp = config.get(AnomalyConfig.SEASON_INTERP) >= 0.5;
        this.adaptP = config.get(AnomalyConfig.ADAPT_P);
        this.adaptEta = config.get(AnomalyConfig.ADAPT_ETA);
        this.adaptGain = config.get(AnomalyConfig.ADAPT_GAIN);
        this.adaptCap = config.get(AnomalyConfig.ADAPT_CAP);
        this.adaptPre = config.get(AnomalyConfig.ADAPT_PRE) >= 0.5;
        this.threshold = config.threshold();
        this.cusumK = config.get(AnomalyConfig.CUSUM_K);
        this.cusumH = config.get(AnomalyConfig.CUSUM_H);
        this.cusumWeight = config.get(AnomalyConfig.CUSUM_WEIGHT);
        this.cusumPre = config.get(AnomalyConfig.CUSUM_PRE) >= 0.5;
        this.cusumMeanAlpha = config.get(AnomalyConfig.CUSUM_MEAN_ALPHA);
        this.weekWeight = config.get(AnomalyConfig.WEEK_WEIGHT);
        this.weekAlpha = config.get(AnomalyConfig.WEEK_ALPHA);
        this.weekMinMs = config.get(AnomalyConfig.WEEK_MIN_DAYS) * DAY_MS;
        this.week = new short[weekWeight > 0 ? WEEK_BUCKETS : 0];
        this.season = new float[buckets];
        java.util.Arrays.fill(season, Float.NaN);
        this.seasonScaleW = config.get(AnomalyConfig.SEASON_SCALE);
        this.seasonScale = new float[seasonScaleW > 0 ? buckets : 0];
        java.util.Arrays.fill(seasonScale, Float.NaN);
    }

    public AnomalyConfig config() {
        return config;
    }

    /** Number of values seen. */
    public long count() {
        return count;
    }

    public AnomalyResult update(long timestampMs, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
        if (count == 0) {
            count = 1;
            firstTs = timestampMs;
            lastTs = timestampMs;
            fast = value;
            level = value;
            hi = value;
            lo = value;
            return new AnomalyResult(0.0, value, value, value, true);
        }
        count++;
        long dtMs = Math.max(0L, timestampMs - lastTs);
        lastTs = timestampMs;
        boolean seasonOn = (timestampMs - firstTs) >= seasonMinMs;

        // daily profile, linearly interpolated between hourly bucket centres
        long tod = Math.floorMod(timestampMs, DAY_MS);
        double pos = tod * (double) buckets / DAY_MS - (interp ? 0.5 : 0.0);
        double fl = Math.floor(pos);
        double w1 = interp ? pos - fl : 0.0;
        double w0 = 1.0 - w1;
        int b0 = Math.floorMod((int) fl, buckets);
        int b1 = (b0 + 1) % buckets;
        double v0 = season[b0];
        double v1 = season[b1];
        double sv;
        if (v0 != v0 && v1 != v1) {
            sv = 0.0;
        } else if (v0 != v0) {
            sv = v1;
        } else if (v1 != v1) {
            sv = v0;
        } else {
            sv = w0 * v0 + w1 * v1;
        }

        int wb = 0;
        double wv = 0.0;
        boolean weekOn = false;
        if (week.length > 0) {
            wb = (int) (Math.floorMod(timestampMs, 7 * DAY_MS) / 3_600_000L);
            wv = week[wb] * weekUnit / 256.0;
            weekOn = seasonOn && (timestampMs - firstTs) >= weekMinMs;
            if (weekOn) {
                sv += weekWeight * wv;
            }
        }

        double pred1 = fast;
        double pred2 = level + (seasonOn ? sv : 0.0);
        double e1 = value - pred1;
        double e2 = value - pred2;
        double floor = scaleFloorRel * (Math.abs(level) + Math.abs(fast)) * 0.5 + 1e-9;
        double z1 = Math.abs(e1) / (s1 + floor);
        double sc2 = s2;
        if (seasonScaleW > 0 && seasonOn && seasonScale[b0] == seasonScale[b0]) {
            sc2 = (1.0 - seasonScaleW) * s2 + seasonScaleW * seasonScale[b0];
        }
        double z2 = Math.abs(e2) / (sc2 + floor);
        int bin1 = bin(z1);
        int bin2 = bin(z2);
        double u1 = surprisal(hist1, bin1);
        double u2 = surprisal(hist2, bin2);
        double raw = combMax >= 0
                ? combMax * Math.max(u1, u2) + (1.0 - combMax) * 0.5 * (u1 + u2)
                : -combMax * Math.min(u1, u2) + (1.0 + combMax) * 0.5 * (u1 + u2);

        // score: average surprisal of the last few periods relative to the largest possible surprisal
        ring[ringPos] = (float) raw;
        ringPos = (ringPos + 1) % likShort;
        int filled = (int) Math.min(count - 1, likShort);
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            sum += ring[i];
        }
        double avg = sum / filled;
        double agg = Math.max(avg, spikeWeight * raw);
        double score;
        if (likAlpha > 0) {
            double sd = Math.max(Math.sqrt(likVar), likSdFloor);
            double zl = (agg - likMean) / sd;
            score = zl > 0 && count > 2 ? Math.min(1.0, -logTail(zl) / LN10 / 10.0) : 0.0;
            double la = Math.max(1.0 / count, likAlpha);
            double d = agg - likMean;
            likMean += la * d;
            likVar = (1.0 - la) * (likVar + la * d * d);
        } else {
            score = Math.max(0.0, Math.min(1.0, agg / maxSurprisal));
        }
        if (adaptPre) {
            score = adapt(score);
        }
        // record-breaking: values beyond the slowly contracting max/min envelope
        double width = hi - lo + floor + s2;
        double excess = value > hi ? (value - hi) / width : value < lo ? (lo - value) / width : 0.0;
        if (excess > 0) {
            score = Math.max(score, Math.min(1.0, recWeight * excess));
        } else {
            score *= recDamp;
        }
        // slow drift: two-sided CUSUM of the clipped, normalised seasonal residual, reset once it fires
        double drift = 0.0;
        if (cusumWeight > 0 && seasonOn) {
            double r = Math.max(-scaleClip, Math.min(scaleClip, e2 / (sc2 + floor)));
            double d = r - cusMean;
            cusMean += cusumMeanAlpha * d;
            cusUp = Math.max(0.0, cusUp + d - cusumK);
            cusDown = Math.max(0.0, cusDown - d - cusumK);
            double c = Math.max(cusUp, cusDown);
            drift = Math.min(1.0, cusumWeight * c / cusumH);
            if (c >= cusumH) {
                cusUp = 0.0;
                cusDown = 0.0;
            }
        }
        if (cusumPre) {
            score = Math.max(score, drift);
        }
        if (!adaptPre) {
            score = adapt(score);
        }
        if (!cusumPre) {
            score = Math.max(score, drift);
        }
        boolean warming = count <= warmupRows;

        // learn (after scoring)
        learn(hist1, bin1);
        learn(hist2, bin2);

        double sa = Math.max(1.0 / count, scaleAlpha);
        double c1 = count > 10 ? Math.min(Math.abs(e1), scaleClip * (s1 + floor)) : Math.abs(e1);
        double c2 = count > 10 ? Math.min(Math.abs(e2), scaleClip * (s2 + floor)) : Math.abs(e2);
        s1 += sa * (c1 - s1);
        s2 += sa * (c2 - s2);
        if (seasonScaleW > 0) {
            float sb = seasonScale[b0];
            double cb = sb == sb ? Math.min(Math.abs(e2), scaleClip * (sb + floor)) : Math.abs(e2);
            seasonScale[b0] = sb == sb ? (float) (sb + seasonAlpha * (cb - sb)) : (float) (s2 > 0 ? s2 : cb);
        }

        if (week.length > 0 && seasonOn) {
            if (weekUnit == 0.0) {
                weekUnit = s2 + floor;
            }
            double daily = weekOn ? sv - weekWeight * wv : sv;
            double target = value - level - daily;
            double nw = wv + weekAlpha * (target - wv);
            week[wb] = (short) Math.max(-32767, Math.min(32767, Math.round(nw * 256.0 / weekUnit)));
        }

        double ra = 1.0 - Math.exp(-dtMs / recTauMs);
        hi = Math.max(value, hi + ra * (level - hi));
        lo = Math.min(value, lo + ra * (level - lo));
        fast += fastAlpha * (value - fast);
        double lvlAlpha = Math.max(1.0 / count, 1.0 - Math.exp(-dtMs / levelTauMs));
        level += lvlAlpha * (value - sv - level);
        double resid = value - level - sv;
        season[b0] = v0 != v0 ? (float) (value - level) : (float) (v0 + seasonAlpha * w0 * resid);
        if (w1 > 0) {
            season[b1] = v1 != v1 ? (float) (value - level) : (float) (v1 + seasonAlpha * w1 * resid);
        }

        double band = 3.0 * 1.2533 * (s2 + floor);
        return new AnomalyResult(score, pred2, pred2 - band, pred2 + band, warming);
    }

    /**
     * Adaptive per-series bar: tracks (stochastic approximation) the adapt.p quantile q of the series' own score and
     * scales the score so that it reaches the threshold only when it also exceeds adapt.gain * q.
     */
    private double adapt(double score) {
        if (adaptP <= 0) {
            return score;
        }
        double bar = Math.min(adaptGain * q, adaptCap);
        double out = bar > threshold ? score * threshold / bar : score;
        q += adaptEta * (score > q ? adaptP : adaptP - 1.0);
        if (q < 0) {
            q = 0;
        }
        return out;
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
        int half = m >= 1.4142135623730951 ? 1 : 0;
        return 2 * e + half + 4;
    }

    /** -ln of the (mid-p) upper tail probability of the bin under the decayed histogram. */
    private double surprisal(float[] h, int b) {
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
        double u = Math.log((total + histPrior) / (above + histPrior));
        if (b > top) {
            u += histExtrap * (b - top);
        }
        return u;
    }

    private void learn(float[] h, int b) {
        double keep = 1.0 - histAlpha;
        for (int i = 0; i < BINS; i++) {
            h[i] = (float) (h[i] * keep);
        }
        h[b] = (float) (h[b] + 1.0);
    }

    /** Natural log of the standard normal upper tail Q(z), accurate in the far tail. */
    static double logTail(double z) {
        double x = z / Math.sqrt(2.0);
        // Numerical Recipes erfcc (fractional error < 1.2e-7), in log form to avoid underflow
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double logErfc = Math.log(t) + poly;
        if (x < 0) {
            return Math.log(0.5 * (2.0 - Math.exp(logErfc)));
        }
        return Math.log(0.5) + logErfc;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(count);
        out.writeLong(firstTs);
        out.writeLong(lastTs);
        out.writeDouble(fast);
        out.writeDouble(s1);
        out.writeDouble(level);
        out.writeDouble(s2);
        out.writeDouble(likMean);
        out.writeDouble(likVar);
        out.writeDouble(hi);
        out.writeDouble(lo);
        out.writeDouble(q);
        out.writeDouble(cusUp);
        out.writeDouble(cusDown);
        out.writeDouble(cusMean);
        out.writeDouble(weekUnit);
        out.writeByte(ringPos);
        out.writeByte(likShort);
        for (int i = 0; i < likShort; i++) {
            out.writeFloat(ring[i]);
        }
        for (int i = 0; i < buckets; i++) {
            out.writeFloat(season[i]);
        }
        for (int i = 0; i < seasonScale.length; i++) {
            out.writeFloat(seasonScale[i]);
        }
        for (int i = 0; i < week.length; i++) {
            out.writeShort(week[i]);
        }
        for (int i = 0; i < BINS; i++) {
            out.writeFloat(hist1[i]);
            out.writeFloat(hist2[i]);
        }
    }

    public static AnomalyModel readFrom(DataInput in, AnomalyConfig config) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("unknown anomaly model format " + format);
        }
        AnomalyModel m = new AnomalyModel(config);
        m.count = in.readLong();
        m.firstTs = in.readLong();
        m.lastTs = in.readLong();
        m.fast = in.readDouble();
        m.s1 = in.readDouble();
        m.level = in.readDouble();
        m.s2 = in.readDouble();
        m.likMean = in.readDouble();
        m.likVar = in.readDouble();
        m.hi = in.readDouble();
        m.lo = in.readDouble();
        m.q = in.readDouble();
        m.cusUp = in.readDouble();
        m.cusDown = in.readDouble();
        m.cusMean = in.readDouble();
        m.weekUnit = in.readDouble();
        int pos = in.readUnsignedByte();
        int k = in.readUnsignedByte();
        float[] saved = new float[k];
        for (int i = 0; i < k; i++) {
            saved[i] = in.readFloat();
        }
        for (int i = 0; i < m.buckets; i++) {
            m.season[i] = in.readFloat();
        }
        for (int i = 0; i < m.seasonScale.length; i++) {
            m.seasonScale[i] = in.readFloat();
        }
        for (int i = 0; i < m.week.length; i++) {
            m.week[i] = in.readShort();
        }
        for (int i = 0; i < BINS; i++) {
            m.hist1[i] = in.readFloat();
            m.hist2[i] = in.readFloat();
        }
        if (k == m.likShort) {
            System.arraycopy(saved, 0, m.ring, 0, k);
            m.ringPos = pos % m.likShort;
        } else {
            // configuration changed: keep the most recent raw scores that fit
            int n = Math.min(k, m.likShort);
            for (int i = 0; i < n; i++) {
                m.ring[i] = saved[Math.floorMod(pos - n + i, k)];
            }
            m.ringPos = n % m.likShort;
        }
        return m;
    }

    /** Bytes {@link #writeTo} produces. */
    public int serializedSize() {
        return 1 + 3 * 8 + 13 * 8 + 2 + 2 * week.length + 4 * likShort + 4 * buckets + 4 * seasonScale.length + 8 * BINS;
    }

    /** Convenience: the serialized state. */
    public byte[] toBytes() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(serializedSize());
        try (DataOutputStream out = new DataOutputStream(bos)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}

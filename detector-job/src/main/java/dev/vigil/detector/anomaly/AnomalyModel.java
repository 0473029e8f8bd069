package dev.vigil.detector.anomaly;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Streaming, unsupervised anomaly model of one series: one value per period, in time order, no
 * look-ahead, O(1) per value, state under 1 KiB. Each value gets a score in [0, 1] with the
 * expected value and band that explain it.
 *
 * <pre>
 *  value ─► Baseline: persistence │ level + daily profile + weekly correction
 *             │ errors ─► Scales (typical error, per hour of day) ─► Surprise (how rare, for this series)
 *             │           Recurrence: a jump the hour of day usually shows surprises nobody
 *             ▼
 *   Burst      CUSUM of the smaller surprisal          abrupt: spikes, dips, steps       ─┐
 *   Sustained  mean surprisal of the last values ─┐                                      ├─ max ─► score
 *   Envelope   beyond the contracting extremes ───┴─ Bar (the series' own quantile) ─────┤
 *   Drift      CUSUM of the seasonal error                  slow change                  ─┘
 * </pre>
 *
 * Each stage owns its state and writes it as one versioned, length-prefixed block
 * ({@link StateBlocks}); bytes of the model of commit 545e0e3 are skipped by {@link LegacyState}.
 */
public final class AnomalyModel {
    /** No alarm over the first values: the histograms, scales and the bar need this many to mean anything. */
    static final int WARMUP_ROWS = 300;
    /** Half-width of the band, in typical errors (3 standard deviations of a normal error: MAE x 1.2533). */
    static final double BAND = 3.0 * 1.2533;

    private final AnomalyConfig config;
    private final double threshold;
    /**
     * Surprisal the sustained mean is measured in: ln 1001, the most a value can surprise a histogram
     * of a thousand values. At the default threshold the last values must average 3.1 nats (each
     * about 1 in 22) to breach, whatever the histograms' memory.
     */
    static final double SUSTAIN_REFERENCE = Math.log(1001.0);
    private final Clock clock = new Clock();
    private final Baseline baseline;
    private final Scales scales;
    private final Surprise surprise;
    private final Sustained sustained;
    private final Bar bar;
    private final Envelope envelope;
    private final Drift drift;
    private final Burst burst;
    private final Recurrence recurrence = new Recurrence();
    private final Stage[] stages;

    public AnomalyModel(AnomalyConfig config) {
        this.config = config;
        this.threshold = config.threshold();
        this.baseline = new Baseline(config);
        this.scales = new Scales(config);
        this.surprise = new Surprise(config);
        this.sustained = new Sustained(config);
        this.bar = new Bar(config);
        this.envelope = new Envelope(config);
        this.drift = new Drift(config);
        this.burst = new Burst(config);
        this.stages = new Stage[] {clock, baseline, scales, surprise, sustained, bar, envelope, drift, burst, recurrence};
    }

    public AnomalyConfig config() {
        return config;
    }

    /** Number of values seen. */
    public long count() {
        return clock.count;
    }

    public AnomalyResult update(long ts, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be finite: " + x);
        }
        long dt = clock.tick(ts);
        long count = clock.count;
        if (count == 1) {
            baseline.start(x);
            envelope.start(x);
            return new AnomalyResult(0.0, x, x, x, true);
        }
        baseline.predict(ts, clock.age(ts));
        double expected = baseline.seasonalPrediction();
        double eFast = x - baseline.fastPrediction();
        double eSeasonal = x - expected;
        double floor = Scales.floor(baseline.level, baseline.fast);
        int fastBin = Surprise.bin(scales.fastZ(eFast, floor));
        int seasonalBin = Surprise.bin(scales.seasonalZ(eSeasonal, floor, baseline.bucket, baseline.seasonOn));
        // A jump this hour of the day usually shows surprises neither prediction.
        double uFast = recurrence.usual(baseline.bucket, fastBin) ? 0.0 : surprise.fast(fastBin);
        double uSeasonal = surprise.seasonal(seasonalBin);

        // Each path scores in [0, 1]; the rule's threshold applies to the largest.
        double sustainedScore = Math.min(1.0, sustained.add(0.5 * (uFast + uSeasonal)) / SUSTAIN_REFERENCE);
        double extreme = envelope.excess(x, floor + scales.seasonalScale);
        double score = Math.max(sustainedScore, Math.min(1.0, extreme));
        score = bar.apply(score);
        if (baseline.seasonOn) {
            double r = Math.max(-Scales.CLIP, Math.min(Scales.CLIP, eSeasonal / (scales.seasonalNow + floor)));
            score = Math.max(score, drift.add(r));
        }
        score = Math.max(score, Math.min(1.0, threshold * burst.add(Math.min(uFast, uSeasonal))));

        surprise.learn(fastBin, seasonalBin);
        recurrence.learn(baseline.bucket, fastBin);
        scales.learn(eFast, eSeasonal, baseline.bucket, count, floor);
        envelope.learn(x, dt, baseline.level);
        baseline.learn(x, dt, count, scales.seasonalScale + floor);

        double band = BAND * (scales.seasonalNow + floor);
        return new AnomalyResult(score, expected, expected - band, expected + band, count <= WARMUP_ROWS);
    }

    public void writeTo(DataOutput out) throws IOException {
        StateBlocks.write(out, stages);
    }

    /**
     * Restores a model written by {@link #writeTo} (any stage whose block does not fit this
     * configuration relearns) or, from bytes of the model of commit 545e0e3, consumes them and
     * starts afresh; {@code legacy} describes that model's layout (see {@link LegacyState}).
     */
    public static AnomalyModel readFrom(DataInput in, AnomalyConfig config, LegacyState.Layout legacy) throws IOException {
        AnomalyModel m = new AnomalyModel(config);
        int format = in.readUnsignedByte();
        if (format == LegacyState.FORMAT) {
            LegacyState.skip(in, legacy);
            return m;
        }
        if (format != StateBlocks.FORMAT) {
            throw new IOException("unknown anomaly model state format " + format);
        }
        StateBlocks.read(in, m.stages);
        return m;
    }

    public static AnomalyModel readFrom(DataInput in, AnomalyConfig config) throws IOException {
        return readFrom(in, config, LegacyState.Layout.DEFAULT);
    }

    /** Bytes {@link #writeTo} produces: the same for every series of a configuration. */
    public int serializedSize() {
        return StateBlocks.size(stages);
    }

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

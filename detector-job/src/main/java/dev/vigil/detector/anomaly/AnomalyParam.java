package dev.vigil.detector.anomaly;

import java.util.Arrays;
import java.util.Locale;

/**
 * The model's named parameters: each with its default, its range and why. Defaults are chosen by
 * leave-one-group-out cross-validation on both labelled sets ({@code scripts/tune --cv}, README
 * "Anomaly model"). Everything else the stages use is a constant with its reason next to it.
 */
public enum AnomalyParam {
    /** The score at which a period breaches. Every stage's score is scaled to reach it at its own firing level. */
    THRESHOLD("threshold", 0.46, 0.0, 1.0),
    /** Weight of the newest value in the persistence prediction: about the last two values. */
    FAST_ALPHA("fast.alpha", 0.5, 0.01, 1.0),
    /** Time constant of the level under the daily profile: slower than a business day, so a cycle is not taken for a shift. */
    LEVEL_HOURS("level.hours", 6, 0.5, 24 * 30),
    /** Learning rate of an hour-of-day bucket per value: today's cycle counts, yesterday's is not forgotten at once. */
    SEASON_RATE("season.rate", 0.1, 0.001, 1.0),
    /** Values the error histograms remember: how rare "rare" can be told (ln of it caps the surprisal). */
    MEMORY_ROWS("memory.rows", 10000, 50, 1e6),
    /** Values the sustained score averages: long enough to dilute a lone noisy value, short enough to alarm in minutes. */
    SUSTAIN_ROWS("sustain.rows", 6, 1, Sustained.MAX_ROWS),
    /** Quantile of its own sustained score a series must exceed: it may not breach more often than this allows. */
    BAR_QUANTILE("bar.quantile", 0.9995, 0.9, 0.99999),
    /** Surprisal (nats above the allowance, summed) at which an abrupt change fires. */
    BURST_H("burst.h", 3, 0.5, 100),
    /** Time constant with which the envelope of extremes contracts: older highs stop counting within days. */
    ENVELOPE_DAYS("envelope.days", 3, 0.1, 365),
    /** Drift CUSUM firing level, in typical errors: a slow change must add up to this much. */
    DRIFT_H("drift.h", 150, 10, 10_000);

    private final String key;
    private final double defaultValue;
    private final double min;
    private final double max;

    AnomalyParam(String key, double defaultValue, double min, double max) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    public String key() { return key; }
    public double defaultValue() { return defaultValue; }

    void check(double v) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "anomaly parameter %s must be in [%s, %s]: %s",
                    key, min, max, v));
        }
    }

    public static AnomalyParam named(String key) {
        for (AnomalyParam p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown anomaly parameter '" + key + "'; known: "
                + Arrays.toString(Arrays.stream(values()).map(AnomalyParam::key).toArray()));
    }
}

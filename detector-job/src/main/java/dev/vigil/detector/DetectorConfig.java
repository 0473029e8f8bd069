package dev.vigil.detector;

import dev.vigil.detector.parse.ParseLimits;

import java.io.Serializable;

/** The detector's settings, validated once at start; every field has a README entry. */
public final class DetectorConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ParseLimits parseLimits;
    private final String rulesLocation;
    private final long maxOutOfOrdernessMs;
    private final long idlenessMs;
    private final long stateRetentionMs;
    private final boolean emitEvaluations;
    private final boolean evaluateOnComplete;

    public DetectorConfig(ParseLimits parseLimits, String rulesLocation, long maxOutOfOrdernessMs, long idlenessMs,
                          long stateRetentionMs) {
        this(parseLimits, rulesLocation, maxOutOfOrdernessMs, idlenessMs, stateRetentionMs, false, true);
    }

    private DetectorConfig(ParseLimits parseLimits, String rulesLocation, long maxOutOfOrdernessMs, long idlenessMs,
                           long stateRetentionMs, boolean emitEvaluations, boolean evaluateOnComplete) {
        this.emitEvaluations = emitEvaluations;
        this.evaluateOnComplete = evaluateOnComplete;
        this.parseLimits = parseLimits;
        this.rulesLocation = rulesLocation;
        this.maxOutOfOrdernessMs = require("detector.maxOutOfOrdernessMs", maxOutOfOrdernessMs, 0);
        this.idlenessMs = require("detector.idlenessMs", idlenessMs, 0);
        this.stateRetentionMs = require("detector.stateRetentionMs", stateRetentionMs, 1);
    }

    /**
     * Live defaults: bundled rules, 30 s out-of-orderness, 1 min idleness, 24 h state retention
     * (long enough that a learned anomaly baseline survives a night without traffic).
     */
    public static DetectorConfig defaults() {
        return new DetectorConfig(ParseLimits.defaults(), "classpath:rules/default-rules.yaml", 30_000, 60_000, 24 * 3_600_000L);
    }

    /** For recordings from the past: no age checks on input. */
    public DetectorConfig forReplay() {
        return new DetectorConfig(parseLimits.withoutTimeChecks(), rulesLocation, maxOutOfOrdernessMs, idlenessMs,
                stateRetentionMs, emitEvaluations, evaluateOnComplete);
    }

    public DetectorConfig withRules(String location) {
        return new DetectorConfig(parseLimits, location, maxOutOfOrdernessMs, idlenessMs, stateRetentionMs, emitEvaluations, evaluateOnComplete);
    }

    /** Same settings with another state retention (event-time ms a silent, healthy resource is kept). */
    public DetectorConfig withStateRetention(long ms) {
        return new DetectorConfig(parseLimits, rulesLocation, maxOutOfOrdernessMs, idlenessMs, ms, emitEvaluations, evaluateOnComplete);
    }

    /** Also output every period evaluation (value, score, band): for replays and reports. */
    public DetectorConfig withEvaluations() {
        return new DetectorConfig(parseLimits, rulesLocation, maxOutOfOrdernessMs, idlenessMs, stateRetentionMs, true, evaluateOnComplete);
    }

    /**
     * Whether a period is evaluated as soon as its data is complete (the metric stream's datapoint
     * for its last minute arrived) rather than when the watermark passes its end. On by default:
     * it is what makes detection take milliseconds instead of the out-of-orderness bound.
     * Off, every period waits for the watermark (replays that must not depend on arrival order).
     */
    public DetectorConfig withEvaluateOnComplete(boolean on) {
        return new DetectorConfig(parseLimits, rulesLocation, maxOutOfOrdernessMs, idlenessMs, stateRetentionMs,
                emitEvaluations, on);
    }

    public boolean evaluateOnComplete() {
        return evaluateOnComplete;
    }

    public boolean emitEvaluations() {
        return emitEvaluations;
    }

    private static long require(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + ": expected >= " + min + ", got " + value);
        }
        return value;
    }

    public ParseLimits parseLimits() {
        return parseLimits;
    }

    /** {@code classpath:...} or a file path; YAML or JSON. */
    public String rulesLocation() {
        return rulesLocation;
    }

    /**
     * Watermark bound: datapoints up to this much out of order still land in their period; later
     * ones are dead-lettered as {@code late}.
     */
    public long maxOutOfOrdernessMs() {
        return maxOutOfOrdernessMs;
    }

    /** A shard silent this long stops holding back the watermark; 0 disables. */
    public long idlenessMs() {
        return idlenessMs;
    }

    /** A silent, healthy resource's state is dropped after this much event time. */
    public long stateRetentionMs() {
        return stateRetentionMs;
    }
}

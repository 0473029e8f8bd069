package dev.vigil.detector;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.flink.RulesSource;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.TopologySettings;

import java.io.Serializable;

/**
 * The detector's settings, validated once at start; every field has a README entry. Immutable:
 * each {@code with...} returns a changed copy (fields are assigned only while the copy is made;
 * the rules read from the location are cached on first use).
 */
public final class DetectorConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private ParseLimits parseLimits;
    private MetricFormat metricFormat = MetricFormat.JSON;
    private String rulesLocation;
    private long maxOutOfOrdernessMs;
    private long idlenessMs;
    private long stateRetentionMs;
    private boolean emitEvaluations;
    private boolean evaluateOnComplete = true;
    private TopologySettings topology = TopologySettings.none();
    private CorrelationConfig correlation = CorrelationConfig.defaults();
    /** Where live rules updates come from; off (an empty stream) unless configured. */
    private RulesSource liveRules = RulesSource.off();
    /** The rules file read from {@link #rulesLocation}, once, the first time {@link #rules()} is asked. */
    private RulesFile rules;

    public DetectorConfig(ParseLimits parseLimits, String rulesLocation, long maxOutOfOrdernessMs, long idlenessMs,
                          long stateRetentionMs) {
        this.parseLimits = parseLimits;
        this.rulesLocation = rulesLocation;
        this.maxOutOfOrdernessMs = require("detector.maxOutOfOrdernessMs", maxOutOfOrdernessMs, 0);
        this.idlenessMs = require("detector.idlenessMs", idlenessMs, 0);
        this.stateRetentionMs = require("detector.stateRetentionMs", stateRetentionMs, 1);
    }

    private DetectorConfig copy() {
        DetectorConfig c = new DetectorConfig(parseLimits, rulesLocation, maxOutOfOrdernessMs, idlenessMs, stateRetentionMs);
        c.metricFormat = metricFormat;
        c.emitEvaluations = emitEvaluations;
        c.evaluateOnComplete = evaluateOnComplete;
        c.topology = topology;
        c.correlation = correlation;
        c.liveRules = liveRules;
        c.rules = rules;
        return c;
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
        DetectorConfig c = copy();
        c.parseLimits = parseLimits.withoutTimeChecks();
        return c;
    }

    /** Same settings reading metric-stream records in another output format. */
    public DetectorConfig withMetricFormat(MetricFormat format) {
        DetectorConfig c = copy();
        c.metricFormat = java.util.Objects.requireNonNull(format, "metricFormat");
        return c;
    }

    public DetectorConfig withRules(String location) {
        DetectorConfig c = copy();
        c.rulesLocation = location;
        c.rules = null;
        return c;
    }

    /** Same settings with another state retention (event-time ms a silent, healthy resource is kept). */
    public DetectorConfig withStateRetention(long ms) {
        DetectorConfig c = copy();
        c.stateRetentionMs = require("detector.stateRetentionMs", ms, 1);
        return c;
    }

    /** Also output every period evaluation (value, score, band): replays and reports ask; the job never does. */
    public DetectorConfig withEvaluations() {
        DetectorConfig c = copy();
        c.emitEvaluations = true;
        return c;
    }

    /**
     * Whether a resource's one-minute periods are evaluated as soon as every series' datapoint for
     * the minute arrived, rather than when the watermark passes. On by default: it is what makes
     * detection take milliseconds instead of the out-of-orderness bound. Off, every period waits
     * for the watermark.
     */
    public DetectorConfig withEvaluateOnComplete(boolean on) {
        DetectorConfig c = copy();
        c.evaluateOnComplete = on;
        return c;
    }

    /** Same settings with a topology snapshot file (JSON) to enrich impairments from. */
    public DetectorConfig withTopologySnapshot(String path) {
        return withTopology(topology.withSnapshot(path));
    }

    /** Same settings with another topology enrichment (snapshot, AWS APIs, cache, timeout). */
    public DetectorConfig withTopology(TopologySettings settings) {
        DetectorConfig c = copy();
        c.topology = settings;
        return c;
    }

    /** Same settings with other fleet and zone correlation thresholds. */
    public DetectorConfig withCorrelation(CorrelationConfig settings) {
        DetectorConfig c = copy();
        c.correlation = settings;
        return c;
    }

    /**
     * Same settings with rules that change while the job runs: the rules at {@link #rulesLocation()}
     * apply until the first version {@code source} reads, each later one once it validates.
     */
    public DetectorConfig withLiveRules(RulesSource source) {
        DetectorConfig c = copy();
        c.liveRules = java.util.Objects.requireNonNull(source, "liveRules");
        return c;
    }

    /** The live rules source; {@link RulesSource#off()} unless configured. */
    public RulesSource liveRules() {
        return liveRules;
    }

    /** How impairments learn where their resource sits; by default only from the records. */
    public TopologySettings topology() {
        return topology;
    }

    public CorrelationConfig correlation() {
        return correlation;
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

    /** The metric stream's output format: JSON unless configured otherwise. */
    public MetricFormat metricFormat() {
        return metricFormat;
    }

    /** {@code classpath:...} or a file path; YAML or JSON. */
    public String rulesLocation() {
        return rulesLocation;
    }

    /**
     * The rules file at {@link #rulesLocation()}, read and validated on first use and kept: the
     * config is read at start on the client, and the parsed rules go to the operators from here,
     * so the file is read once, where it is, and a bad file fails the start.
     */
    public synchronized RulesFile rules() {
        if (rules == null) {
            rules = RulesFile.load(rulesLocation);
        }
        return rules;
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

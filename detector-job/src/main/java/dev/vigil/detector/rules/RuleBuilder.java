package dev.vigil.detector.rules;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Collects a rule's fields; {@link #build()} validates them all for the rule's detector and names
 * the offending key. Keys a detector does not use keep their defaults; a peer rule's defaults (M of
 * N, severity, actions, ...) are those the {@code peerOutliers:} list documents.
 */
public final class RuleBuilder {
    private static final long ONE_DAY_S = 86_400L;
    private static final long SEVEN_DAYS_S = 7 * ONE_DAY_S;
    /** Bounds the per-member window kept in state: an hour of minutes is more than any sane N. */
    public static final int MAX_PEER_EVALUATION_PERIODS = 60;

    String id;
    String description;
    DetectorType detector = DetectorType.THRESHOLD;
    String namespace;
    String metricName;
    List<String> dimensions = Collections.emptyList();
    String denominatorMetricName;
    String statistic;
    int periodSeconds;
    Comparison comparison;
    double threshold = Double.NaN;
    double recoveryThreshold = Double.NaN;
    Map<String, Double> anomalyParameters = Collections.emptyMap();
    String memberDimension;
    String groupDimension;
    PeerDirection direction = PeerDirection.HIGH;
    int minPeers = 3;
    double ratio = 2.0;
    double madK = 5.0;
    double minValue = Double.NaN;
    /** Null until set: a series rule requires them, a peer rule defaults them. */
    Integer datapointsToAlarm;
    Integer evaluationPeriods;
    TreatMissingData treatMissingData = TreatMissingData.MISSING;
    int healthyThreshold = 5;
    int keepFiringSeconds;
    ImpairmentType impairmentType;
    Severity severity;
    String resourceDimension;
    ResourceType resourceType;
    List<ActionType> recommendedActions;

    RuleBuilder() {
    }

    public RuleBuilder id(String v) { id = v; return this; }
    public RuleBuilder description(String v) { description = v; return this; }
    public RuleBuilder detector(DetectorType v) { detector = v; return this; }
    public RuleBuilder namespace(String v) { namespace = v; return this; }
    public RuleBuilder metricName(String v) { metricName = v; return this; }
    public RuleBuilder dimensions(List<String> v) { dimensions = v; return this; }
    public RuleBuilder denominatorMetricName(String v) { denominatorMetricName = v; return this; }
    public RuleBuilder statistic(String v) { statistic = v; return this; }
    public RuleBuilder periodSeconds(int v) { periodSeconds = v; return this; }
    public RuleBuilder comparison(Comparison v) { comparison = v; return this; }
    public RuleBuilder threshold(double v) { threshold = v; return this; }
    public RuleBuilder recoveryThreshold(double v) { recoveryThreshold = v; return this; }
    public RuleBuilder anomalyParameters(Map<String, Double> v) { anomalyParameters = v; return this; }
    public RuleBuilder memberDimension(String v) { memberDimension = v; return this; }
    public RuleBuilder groupDimension(String v) { groupDimension = v; return this; }
    public RuleBuilder direction(PeerDirection v) { direction = v; return this; }
    public RuleBuilder minPeers(int v) { minPeers = v; return this; }
    public RuleBuilder ratio(double v) { ratio = v; return this; }
    public RuleBuilder madK(double v) { madK = v; return this; }
    public RuleBuilder minValue(double v) { minValue = v; return this; }
    public RuleBuilder datapointsToAlarm(int v) { datapointsToAlarm = v; return this; }
    public RuleBuilder evaluationPeriods(int v) { evaluationPeriods = v; return this; }
    public RuleBuilder treatMissingData(TreatMissingData v) { treatMissingData = v; return this; }
    public RuleBuilder healthyThreshold(int v) { healthyThreshold = v; return this; }
    public RuleBuilder keepFiringSeconds(int v) { keepFiringSeconds = v; return this; }
    public RuleBuilder impairmentType(ImpairmentType v) { impairmentType = v; return this; }
    public RuleBuilder severity(Severity v) { severity = v; return this; }
    public RuleBuilder resourceDimension(String v) { resourceDimension = v; return this; }
    public RuleBuilder resourceType(ResourceType v) { resourceType = v; return this; }
    public RuleBuilder recommendedActions(List<ActionType> v) { recommendedActions = v; return this; }

    /** What validation derived: normalised, defaulted or sorted values the rule keeps. */
    static final class Checked {
        String statistic;
        String[] sortedKeys = new String[0];
        int periodSeconds;
        Comparison comparison;
        double recoveryThreshold = Double.NaN;
        PeerComparison peer;
        int datapointsToAlarm;
        int evaluationPeriods;
        int healthyThreshold;
        ImpairmentType impairmentType;
        Severity severity;
        String resourceDimension;
        ResourceType resourceType;
        List<ActionType> recommendedActions;
    }

    public Rule build() {
        if (detector == null) {
            throw fail("detector", "threshold, anomaly or peer", null);
        }
        Checked c = new Checked();
        if (detector == DetectorType.PEER) {
            PeerChecks.check(this, c);
        } else {
            SeriesChecks.check(this, c);
        }
        if (!Rule.IMPAIRMENT_TYPES.contains(c.impairmentType)) {
            throw fail("impairmentType", "one of " + Rule.IMPAIRMENT_TYPES, c.impairmentType.name());
        }
        if (!Rule.ACTIONS.containsAll(c.recommendedActions)) {
            throw fail("recommendedActions", "a list of " + Rule.ACTIONS, c.recommendedActions);
        }
        return new Rule(this, c);
    }

    /** The statistic as the metric stream keys it ({@link Statistics}), or the error naming the rule. */
    static String statistic(String id, String kind, String statistic) {
        try {
            return Statistics.normalise(statistic);
        } catch (IllegalArgumentException e) {
            throw new RuleValidationException(kind + " '" + id + "': key 'statistic': '" + statistic
                    + "' is not a statistic a metric stream can carry (" + e.getMessage() + "); accepted: "
                    + Statistics.ACCEPTED);
        }
    }

    /** What messages call a rule of this detector. */
    static String kindOf(DetectorType detector) {
        return detector == DetectorType.PEER ? "peer rule" : "rule";
    }

    void require(String value, String key) {
        if (value == null || value.trim().isEmpty()) {
            throw fail(key, "a non-empty string", value == null && detector == DetectorType.PEER
                    ? "nothing (the key is required)" : value);
        }
    }

    void requireNonNull(Object value, String key, String expected) {
        if (value == null) {
            throw fail(key, expected, null);
        }
    }

    RuleValidationException fail(String key, String expected, Object actual) {
        String name = id == null || id.isEmpty() ? "?" : id;
        return RuleValidationException.of(kindOf(detector), detector == DetectorType.PEER ? name : id, key, expected,
                actual);
    }

    /** Threshold and anomaly rules: one series per resource, judged period by period. */
    private static final class SeriesChecks {
        static void check(RuleBuilder b, Checked c) {
            if (b.id == null || b.id.trim().isEmpty() || !b.id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                // The id becomes part of impairment ids, so it must be stable and URL/key-safe.
                throw b.fail("id", "a non-empty [A-Za-z0-9_.-] identifier", b.id);
            }
            b.require(b.namespace, "namespace");
            b.require(b.metricName, "metricName");
            b.require(b.statistic, "statistic");
            c.statistic = statistic(b.id, "rule", b.statistic);
            if (b.dimensions == null || b.dimensions.isEmpty()) {
                throw b.fail("dimensions", "a non-empty list of dimension names", b.dimensions);
            }
            String[] keys = b.dimensions.toArray(new String[0]);
            Arrays.sort(keys);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == null || keys[i].isEmpty() || (i > 0 && keys[i].equals(keys[i - 1]))) {
                    throw b.fail("dimensions", "distinct non-empty dimension names", b.dimensions);
                }
            }
            c.sortedKeys = keys;
            if (b.denominatorMetricName != null) {
                if (b.denominatorMetricName.isEmpty() || b.denominatorMetricName.equals(b.metricName)) {
                    throw b.fail("denominatorMetricName", "a metric name other than metricName", b.denominatorMetricName);
                }
                if (!"Sum".equals(c.statistic)) {
                    // A ratio is Sum(numerator)/Sum(denominator); any other statistic would be silently ignored.
                    throw b.fail("statistic", "'Sum' for a ratio rule (value = Sum(numerator)/Sum(denominator))",
                            b.statistic);
                }
            }
            int period = b.periodSeconds;
            if (!(period == 10 || period == 30 || (period > 0 && period % 60 == 0))) {
                throw b.fail("periodSeconds", "10, 30 or a positive multiple of 60", period);
            }
            c.periodSeconds = period;
            int n = b.evaluationPeriods == null ? 0 : b.evaluationPeriods;
            int m = b.datapointsToAlarm == null ? 0 : b.datapointsToAlarm;
            if (n < 1 || n > 64) {
                throw b.fail("evaluationPeriods", "1..64", n);
            }
            if (m < 1 || m > n) {
                throw b.fail("datapointsToAlarm", "1..evaluationPeriods (" + n + ")", m);
            }
            // CloudWatch's limit on the evaluation interval; beyond it state would cover days of history.
            long range = (long) n * period;
            long maxRange = period < 3600 ? ONE_DAY_S : SEVEN_DAYS_S;
            if (range > maxRange) {
                throw b.fail("evaluationPeriods", "evaluationPeriods * periodSeconds <= " + maxRange, range);
            }
            c.evaluationPeriods = n;
            c.datapointsToAlarm = m;
            b.requireNonNull(b.treatMissingData, "treatMissingData", "missing, notBreaching, breaching or ignore");
            if (b.healthyThreshold < 1 || b.healthyThreshold > 10_000) {
                throw b.fail("healthyThreshold", "1..10000", b.healthyThreshold);
            }
            c.healthyThreshold = b.healthyThreshold;
            if (b.keepFiringSeconds < 0) {
                throw b.fail("keepFiringSeconds", "a non-negative number of seconds", b.keepFiringSeconds);
            }
            judgement(b, c);
            b.requireNonNull(b.impairmentType, "impairmentType", "one of " + Rule.IMPAIRMENT_TYPES);
            b.requireNonNull(b.severity, "severity", "one of " + Arrays.toString(Severity.values()));
            b.requireNonNull(b.resourceType, "resourceType", "one of " + Arrays.toString(ResourceType.values()));
            c.impairmentType = b.impairmentType;
            c.severity = b.severity;
            c.resourceType = b.resourceType;
            // An AWS resource must be named by a dimension that identifies one; a plain SERIES (a
            // replayed recording) may be named by any of its dimensions, checked just below.
            if (b.resourceDimension == null
                    || (b.resourceType != ResourceType.SERIES && !Rule.RESOURCE_DIMENSIONS.contains(b.resourceDimension))) {
                throw b.fail("resourceDimension", "one of " + Rule.RESOURCE_DIMENSIONS, b.resourceDimension);
            }
            if (Arrays.binarySearch(keys, b.resourceDimension) < 0) {
                throw b.fail("resourceDimension", "one of the rule's dimensions " + Arrays.toString(keys),
                        b.resourceDimension);
            }
            c.resourceDimension = b.resourceDimension;
            List<ActionType> actions = b.recommendedActions == null ? Collections.emptyList() : b.recommendedActions;
            if (actions.contains(null)) {
                throw b.fail("recommendedActions", "a list of " + Rule.ACTIONS, actions);
            }
            c.recommendedActions = actions;
        }

        /** The comparison and threshold of a threshold rule, or the band and parameters of an anomaly rule. */
        private static void judgement(RuleBuilder b, Checked c) {
            Comparison cmp = b.comparison;
            double recovery = b.recoveryThreshold;
            if (b.detector == DetectorType.THRESHOLD) {
                if (cmp == null || cmp.isBand()) {
                    throw b.fail("comparison", "GreaterThanThreshold, GreaterThanOrEqualToThreshold, "
                            + "LessThanThreshold or LessThanOrEqualToThreshold", cmp == null ? null : cmp.cloudWatchName());
                }
                if (!Double.isFinite(b.threshold)) {
                    throw b.fail("threshold", "a finite number", b.threshold);
                }
                if (Double.isNaN(recovery)) {
                    recovery = b.threshold;
                } else if (!Double.isFinite(recovery)
                        || (cmp.isUpward() ? recovery > b.threshold : recovery < b.threshold)) {
                    throw b.fail("recoveryThreshold", "a finite number " + (cmp.isUpward() ? "<= " : ">= ")
                            + b.threshold + " (stricter than the threshold)", recovery);
                }
                if (!b.anomalyParameters.isEmpty()) {
                    throw b.fail("anomaly", "no anomaly parameters on a threshold rule", b.anomalyParameters.keySet());
                }
            } else {
                if (cmp == null) {
                    cmp = Comparison.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD;
                } else if (!cmp.isBand()) {
                    throw b.fail("comparison", "LessThanLowerOrGreaterThanUpperThreshold, GreaterThanUpperThreshold "
                            + "or LessThanLowerThreshold for an anomaly rule", cmp.cloudWatchName());
                }
                if (!Double.isNaN(b.threshold) || !Double.isNaN(recovery)) {
                    throw b.fail("threshold", "no threshold/recoveryThreshold on an anomaly rule (the model sets the band)",
                            b.threshold);
                }
                for (Map.Entry<String, Double> e : b.anomalyParameters.entrySet()) {
                    if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null
                            || !Double.isFinite(e.getValue())) {
                        throw b.fail("anomaly." + e.getKey(), "a finite number", e.getValue());
                    }
                }
            }
            c.comparison = cmp;
            c.recoveryThreshold = recovery;
        }
    }
}

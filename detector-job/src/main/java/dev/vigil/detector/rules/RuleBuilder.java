package dev.vigil.detector.rules;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Collects fields; {@link #build()} validates them all and names the offending key. */
public final class RuleBuilder {
    private static final long ONE_DAY_S = 86_400L;
    private static final long SEVEN_DAYS_S = 7 * ONE_DAY_S;

    String id;
    String namespace;
    String metricName;
    List<String> dimensions = Collections.emptyList();
    String denominatorMetricName;
    String statistic;
    int periodSeconds;
    DetectorType detector = DetectorType.THRESHOLD;
    Comparison comparison;
    double threshold = Double.NaN;
    double recoveryThreshold = Double.NaN;
    Map<String, Double> anomalyParameters = Collections.emptyMap();
    int datapointsToAlarm;
    int evaluationPeriods;
    TreatMissingData treatMissingData = TreatMissingData.MISSING;
    int healthyThreshold = 5;
    int keepFiringSeconds;
    ImpairmentKind impairmentType;
    Severity severity;
    String resourceDimension;
    ResourceType resourceType;
    List<RecommendedAction> recommendedActions = Collections.emptyList();

    RuleBuilder() {
    }

    public RuleBuilder id(String v) { id = v; return this; }
    public RuleBuilder namespace(String v) { namespace = v; return this; }
    public RuleBuilder metricName(String v) { metricName = v; return this; }
    public RuleBuilder dimensions(List<String> v) { dimensions = v; return this; }
    public RuleBuilder denominatorMetricName(String v) { denominatorMetricName = v; return this; }
    public RuleBuilder statistic(String v) { statistic = v; return this; }
    public RuleBuilder periodSeconds(int v) { periodSeconds = v; return this; }
    public RuleBuilder detector(DetectorType v) { detector = v; return this; }
    public RuleBuilder comparison(Comparison v) { comparison = v; return this; }
    public RuleBuilder threshold(double v) { threshold = v; return this; }
    public RuleBuilder recoveryThreshold(double v) { recoveryThreshold = v; return this; }
    public RuleBuilder anomalyParameters(Map<String, Double> v) { anomalyParameters = v; return this; }
    public RuleBuilder datapointsToAlarm(int v) { datapointsToAlarm = v; return this; }
    public RuleBuilder evaluationPeriods(int v) { evaluationPeriods = v; return this; }
    public RuleBuilder treatMissingData(TreatMissingData v) { treatMissingData = v; return this; }
    public RuleBuilder healthyThreshold(int v) { healthyThreshold = v; return this; }
    public RuleBuilder keepFiringSeconds(int v) { keepFiringSeconds = v; return this; }
    public RuleBuilder impairmentType(ImpairmentKind v) { impairmentType = v; return this; }
    public RuleBuilder severity(Severity v) { severity = v; return this; }
    public RuleBuilder resourceDimension(String v) { resourceDimension = v; return this; }
    public RuleBuilder resourceType(ResourceType v) { resourceType = v; return this; }
    public RuleBuilder recommendedActions(List<RecommendedAction> v) { recommendedActions = v; return this; }

    public Rule build() {
        if (id == null || id.trim().isEmpty() || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            // The id becomes part of impairment ids, so it must be stable and URL/key-safe.
            throw RuleValidationException.of(String.valueOf(id), "id", "a non-empty [A-Za-z0-9_.-] identifier", id);
        }
        require(namespace, "namespace");
        require(metricName, "metricName");
        require(statistic, "statistic");
        String stat = statistic(id, "rule", statistic);
        if (dimensions == null || dimensions.isEmpty()) {
            throw fail("dimensions", "a non-empty list of dimension names", dimensions);
        }
        String[] keys = dimensions.toArray(new String[0]);
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || keys[i].isEmpty() || (i > 0 && keys[i].equals(keys[i - 1]))) {
                throw fail("dimensions", "distinct non-empty dimension names", dimensions);
            }
        }
        if (denominatorMetricName != null) {
            if (denominatorMetricName.isEmpty() || denominatorMetricName.equals(metricName)) {
                throw fail("denominatorMetricName", "a metric name other than metricName", denominatorMetricName);
            }
            if (!"Sum".equals(stat)) {
                // A ratio is Sum(numerator)/Sum(denominator); any other statistic would be silently ignored.
                throw fail("statistic", "'Sum' for a ratio rule (value = Sum(numerator)/Sum(denominator))", statistic);
            }
        }
        if (!(periodSeconds == 10 || periodSeconds == 30 || (periodSeconds > 0 && periodSeconds % 60 == 0))) {
            throw fail("periodSeconds", "10, 30 or a positive multiple of 60", periodSeconds);
        }
        if (evaluationPeriods < 1 || evaluationPeriods > 64) {
            throw fail("evaluationPeriods", "1..64", evaluationPeriods);
        }
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw fail("datapointsToAlarm", "1..evaluationPeriods (" + evaluationPeriods + ")", datapointsToAlarm);
        }
        // CloudWatch's limit on the evaluation interval; beyond it state would cover days of history.
        long range = (long) evaluationPeriods * periodSeconds;
        long maxRange = periodSeconds < 3600 ? ONE_DAY_S : SEVEN_DAYS_S;
        if (range > maxRange) {
            throw fail("evaluationPeriods", "evaluationPeriods * periodSeconds <= " + maxRange, range);
        }
        requireNonNull(treatMissingData, "treatMissingData", "missing, notBreaching, breaching or ignore");
        if (healthyThreshold < 1 || healthyThreshold > 10_000) {
            throw fail("healthyThreshold", "1..10000", healthyThreshold);
        }
        if (keepFiringSeconds < 0) {
            throw fail("keepFiringSeconds", "a non-negative number of seconds", keepFiringSeconds);
        }
        requireNonNull(detector, "detector", "threshold or anomaly");
        Comparison cmp = comparison;
        double recovery = recoveryThreshold;
        if (detector == DetectorType.THRESHOLD) {
            if (cmp == null || cmp.isBand()) {
                throw fail("comparison", "GreaterThanThreshold, GreaterThanOrEqualToThreshold, "
                        + "LessThanThreshold or LessThanOrEqualToThreshold", cmp == null ? null : cmp.cloudWatchName());
            }
            if (!Double.isFinite(threshold)) {
                throw fail("threshold", "a finite number", threshold);
            }
            if (Double.isNaN(recovery)) {
                recovery = threshold;
            } else if (!Double.isFinite(recovery)
                    || (cmp.isUpward() ? recovery > threshold : recovery < threshold)) {
                throw fail("recoveryThreshold", "a finite number " + (cmp.isUpward() ? "<= " : ">= ")
                        + threshold + " (stricter than the threshold)", recovery);
            }
            if (!anomalyParameters.isEmpty()) {
                throw fail("anomaly", "no anomaly parameters on a threshold rule", anomalyParameters.keySet());
            }
        } else {
            if (cmp == null) {
                cmp = Comparison.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD;
            } else if (!cmp.isBand()) {
                throw fail("comparison", "LessThanLowerOrGreaterThanUpperThreshold, GreaterThanUpperThreshold "
                        + "or LessThanLowerThreshold for an anomaly rule", cmp.cloudWatchName());
            }
            if (!Double.isNaN(threshold) || !Double.isNaN(recovery)) {
                throw fail("threshold", "no threshold/recoveryThreshold on an anomaly rule (the model sets the band)",
                        threshold);
            }
            for (Map.Entry<String, Double> e : anomalyParameters.entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null
                        || !Double.isFinite(e.getValue())) {
                    throw fail("anomaly." + e.getKey(), "a finite number", e.getValue());
                }
            }
        }
        requireNonNull(impairmentType, "impairmentType", "one of " + Arrays.toString(ImpairmentKind.values()));
        requireNonNull(severity, "severity", "one of " + Arrays.toString(Severity.values()));
        requireNonNull(resourceType, "resourceType", "one of " + Arrays.toString(ResourceType.values()));
        // An AWS resource must be named by a dimension that identifies one; a plain SERIES (a
        // replayed recording) may be named by any of its dimensions, checked just below.
        if (resourceDimension == null
                || (resourceType != ResourceType.SERIES && !Rule.RESOURCE_DIMENSIONS.contains(resourceDimension))) {
            throw fail("resourceDimension", "one of " + Rule.RESOURCE_DIMENSIONS, resourceDimension);
        }
        if (Arrays.binarySearch(keys, resourceDimension) < 0) {
            throw fail("resourceDimension", "one of the rule's dimensions " + Arrays.toString(keys), resourceDimension);
        }
        if (recommendedActions == null || recommendedActions.contains(null)) {
            throw fail("recommendedActions", "a list of " + Arrays.toString(RecommendedAction.values()),
                    recommendedActions);
        }
        return new Rule(this, keys, stat, cmp, recovery);
    }

    /** The statistic as the metric stream keys it ({@link Statistics}), or the error naming the rule. */
    public static String statistic(String id, String kind, String statistic) {
        try {
            return Statistics.normalise(statistic);
        } catch (IllegalArgumentException e) {
            throw new RuleValidationException(kind + " '" + id + "': key 'statistic': '" + statistic
                    + "' is not a statistic a metric stream can carry (" + e.getMessage() + "); accepted: "
                    + Statistics.ACCEPTED);
        }
    }

    private void require(String value, String key) {
        if (value == null || value.trim().isEmpty()) {
            throw fail(key, "a non-empty string", value);
        }
    }

    private void requireNonNull(Object value, String key, String expected) {
        if (value == null) {
            throw fail(key, expected, null);
        }
    }

    private RuleValidationException fail(String key, String expected, Object actual) {
        return RuleValidationException.of(id, key, expected, actual);
    }
}

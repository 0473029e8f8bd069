package dev.vigil.detector.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One watch: which series (namespace, metric, exact dimension-key set), how each period is reduced
 * to one value, how that value is judged (threshold or anomaly), and how judgements become an
 * alarm (M of N, missing data, recovery). Immutable; built and validated by {@link RuleBuilder#build()}.
 */
public final class Rule implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Dimension names that can identify a resource; anything else would produce a meaningless id. */
    public static final Set<String> RESOURCE_DIMENSIONS = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            Arrays.asList("InstanceId", "TargetGroup", "DBInstanceIdentifier", "AutoScalingGroupName",
                    "LoadBalancer", "DBClusterIdentifier")));

    private final String id;
    private final String namespace;
    private final String metricName;
    private final List<String> dimensions;
    private final String[] dimensionKeys;
    private final String denominatorMetricName;
    private final String statistic;
    private final int periodSeconds;
    private final DetectorType detector;
    private final Comparison comparison;
    private final double threshold;
    private final double recoveryThreshold;
    private final Map<String, Double> anomalyParameters;
    private final int datapointsToAlarm;
    private final int evaluationPeriods;
    private final TreatMissingData treatMissingData;
    private final int healthyThreshold;
    private final int keepFiringSeconds;
    private final ImpairmentKind impairmentType;
    private final Severity severity;
    private final String resourceDimension;
    private final ResourceType resourceType;
    private final List<RecommendedAction> recommendedActions;

    Rule(RuleBuilder b, String[] sortedKeys, String statistic, Comparison comparison, double recovery) {
        this.id = b.id;
        this.namespace = b.namespace;
        this.metricName = b.metricName;
        this.dimensionKeys = sortedKeys;
        this.dimensions = Collections.unmodifiableList(Arrays.asList(sortedKeys.clone()));
        this.denominatorMetricName = b.denominatorMetricName;
        this.statistic = statistic;
        this.periodSeconds = b.periodSeconds;
        this.detector = b.detector;
        this.comparison = comparison;
        this.threshold = b.threshold;
        this.recoveryThreshold = recovery;
        this.anomalyParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.anomalyParameters));
        this.datapointsToAlarm = b.datapointsToAlarm;
        this.evaluationPeriods = b.evaluationPeriods;
        this.treatMissingData = b.treatMissingData;
        this.healthyThreshold = b.healthyThreshold;
        this.keepFiringSeconds = b.keepFiringSeconds;
        this.impairmentType = b.impairmentType;
        this.severity = b.severity;
        this.resourceDimension = b.resourceDimension;
        this.resourceType = b.resourceType;
        this.recommendedActions = Collections.unmodifiableList(new ArrayList<>(b.recommendedActions));
    }

    public static RuleBuilder builder() {
        return new RuleBuilder();
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    /** The exact dimension-key set, sorted by name. */
    public List<String> dimensions() {
        return dimensions;
    }

    /** Sorted keys, shared (not copied) for the matcher's allocation-free comparison. */
    String[] dimensionKeys() {
        return dimensionKeys;
    }

    /** The denominator metric of a ratio rule, or null for a plain rule. */
    public String denominatorMetricName() {
        return denominatorMetricName;
    }

    public boolean isRatio() {
        return denominatorMetricName != null;
    }

    /** The key the metric stream carries the statistic under (normalised, see {@link Statistics}). */
    public String statistic() {
        return statistic;
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    public long periodMs() {
        return periodSeconds * 1000L;
    }

    public DetectorType detector() {
        return detector;
    }

    /** Never null: anomaly rules default to {@link Comparison#LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD}. */
    public Comparison comparison() {
        return comparison;
    }

    /** The static threshold; NaN for anomaly rules. */
    public double threshold() {
        return threshold;
    }

    /** The value the series must be back past to count as healthy; equals threshold when not set, NaN for anomaly rules. */
    public double recoveryThreshold() {
        return recoveryThreshold;
    }

    /** Overrides of the anomaly model's named parameters; empty for threshold rules. */
    public Map<String, Double> anomalyParameters() {
        return anomalyParameters;
    }

    public int datapointsToAlarm() {
        return datapointsToAlarm;
    }

    public int evaluationPeriods() {
        return evaluationPeriods;
    }

    public TreatMissingData treatMissingData() {
        return treatMissingData;
    }

    public int healthyThreshold() {
        return healthyThreshold;
    }

    public int keepFiringSeconds() {
        return keepFiringSeconds;
    }

    public ImpairmentKind impairmentType() {
        return impairmentType;
    }

    public Severity severity() {
        return severity;
    }

    public String resourceDimension() {
        return resourceDimension;
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    public List<RecommendedAction> recommendedActions() {
        return recommendedActions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Rule)) {
            return false;
        }
        Rule r = (Rule) o;
        return periodSeconds == r.periodSeconds && Double.compare(threshold, r.threshold) == 0
                && Double.compare(recoveryThreshold, r.recoveryThreshold) == 0
                && datapointsToAlarm == r.datapointsToAlarm && evaluationPeriods == r.evaluationPeriods
                && healthyThreshold == r.healthyThreshold && keepFiringSeconds == r.keepFiringSeconds
                && id.equals(r.id) && namespace.equals(r.namespace) && metricName.equals(r.metricName)
                && dimensions.equals(r.dimensions) && Objects.equals(denominatorMetricName, r.denominatorMetricName)
                && statistic.equals(r.statistic) && detector == r.detector && comparison == r.comparison
                && anomalyParameters.equals(r.anomalyParameters) && treatMissingData == r.treatMissingData
                && impairmentType == r.impairmentType && severity == r.severity
                && resourceDimension.equals(r.resourceDimension) && resourceType == r.resourceType
                && recommendedActions.equals(r.recommendedActions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, namespace, metricName, dimensions, statistic, periodSeconds);
    }

    @Override
    public String toString() {
        return "Rule{" + id + ": " + namespace + "/" + metricName
                + (denominatorMetricName != null ? "/" + denominatorMetricName : "") + dimensions + " "
                + statistic + "@" + periodSeconds + "s " + comparison.cloudWatchName()
                + (detector == DetectorType.THRESHOLD ? " " + threshold : " anomaly" + anomalyParameters)
                + " " + datapointsToAlarm + "/" + evaluationPeriods + " " + treatMissingData.cloudWatchName() + "}";
    }
}

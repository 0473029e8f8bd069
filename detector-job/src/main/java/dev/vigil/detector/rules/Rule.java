package dev.vigil.detector.rules;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One watch: which metric, how its values are judged ({@link DetectorType}: against a threshold,
 * the anomaly model's band, or the member's peers) and how judgements become an impairment (M of
 * N, missing data, recovery), with what the impairment says (type, severity, resource, actions).
 * Threshold and anomaly rules watch one series per resource ({@code dimensions},
 * {@code periodSeconds}, ...); peer rules compare a group's members minute by minute
 * ({@link #peer()}). Immutable; built and validated by {@link RuleBuilder#build()}.
 */
public final class Rule implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Dimension names that can identify a resource; anything else would produce a meaningless id. */
    public static final Set<String> RESOURCE_DIMENSIONS = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            Arrays.asList("InstanceId", "TargetGroup", "DBInstanceIdentifier", "AutoScalingGroupName",
                    "LoadBalancer", "DBClusterIdentifier")));
    /** The impairment types a rule may open: ZONE and FLEET are the correlation's own. */
    public static final Set<ImpairmentType> IMPAIRMENT_TYPES = Collections.unmodifiableSet(
            EnumSet.range(ImpairmentType.INSTANCE_FAILURE, ImpairmentType.DATABASE));
    /** The actions a rule may recommend: failing back is the operator's step once recovered, not a response. */
    public static final Set<ActionType> ACTIONS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(ActionType.FAILBACK_DNS)));

    private final String id;
    private final String description;
    private final DetectorType detector;
    private final String namespace;
    private final String metricName;
    private final String statistic;
    private final List<String> dimensions;
    private final String[] dimensionKeys;
    private final String denominatorMetricName;
    private final int periodSeconds;
    private final Comparison comparison;
    private final double threshold;
    private final double recoveryThreshold;
    private final Map<String, Double> anomalyParameters;
    private final PeerComparison peer;
    private final int datapointsToAlarm;
    private final int evaluationPeriods;
    private final TreatMissingData treatMissingData;
    private final int healthyThreshold;
    private final int keepFiringSeconds;
    private final ImpairmentType impairmentType;
    private final Severity severity;
    private final String resourceDimension;
    private final ResourceType resourceType;
    private final List<ActionType> recommendedActions;

    Rule(RuleBuilder b, RuleBuilder.Checked c) {
        this.id = b.id;
        this.description = b.description;
        this.detector = b.detector;
        this.namespace = b.namespace;
        this.metricName = b.metricName;
        this.statistic = c.statistic;
        this.dimensionKeys = c.sortedKeys;
        this.dimensions = Collections.unmodifiableList(Arrays.asList(c.sortedKeys.clone()));
        this.denominatorMetricName = b.denominatorMetricName;
        this.periodSeconds = c.periodSeconds;
        this.comparison = c.comparison;
        this.threshold = b.threshold;
        this.recoveryThreshold = c.recoveryThreshold;
        this.anomalyParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.anomalyParameters));
        this.peer = c.peer;
        this.datapointsToAlarm = c.datapointsToAlarm;
        this.evaluationPeriods = c.evaluationPeriods;
        this.treatMissingData = b.treatMissingData;
        this.healthyThreshold = c.healthyThreshold;
        this.keepFiringSeconds = b.keepFiringSeconds;
        this.impairmentType = c.impairmentType;
        this.severity = c.severity;
        this.resourceDimension = c.resourceDimension;
        this.resourceType = c.resourceType;
        this.recommendedActions = Collections.unmodifiableList(new ArrayList<>(c.recommendedActions));
    }

    public static RuleBuilder builder() {
        return new RuleBuilder();
    }

    public String id() {
        return id;
    }

    /** What the rule is for, as the file says; null when it says nothing. */
    public String description() {
        return description;
    }

    public DetectorType detector() {
        return detector;
    }

    /** A peer rule (compares group members) rather than a threshold or anomaly rule (judges one series). */
    public boolean isPeer() {
        return detector == DetectorType.PEER;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    /** The exact dimension-key set, sorted by name; empty for peer rules (their members are named by {@link #peer()}). */
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

    /** The period judged; a peer rule judges its members minute by minute (60). */
    public int periodSeconds() {
        return periodSeconds;
    }

    public long periodMs() {
        return periodSeconds * 1000L;
    }

    /** Never null for threshold and anomaly rules (anomaly rules default to both sides of the band); null for peer rules. */
    public Comparison comparison() {
        return comparison;
    }

    /** The static threshold; NaN for anomaly and peer rules. */
    public double threshold() {
        return threshold;
    }

    /** The value the series must be back past to count as healthy; equals threshold when not set, NaN for anomaly and peer rules. */
    public double recoveryThreshold() {
        return recoveryThreshold;
    }

    /** Overrides of the anomaly model's named parameters; empty for threshold and peer rules. */
    public Map<String, Double> anomalyParameters() {
        return anomalyParameters;
    }

    /** How a member is compared with its group; null unless {@link #isPeer()}. */
    public PeerComparison peer() {
        return peer;
    }

    public int datapointsToAlarm() {
        return datapointsToAlarm;
    }

    public int evaluationPeriods() {
        return evaluationPeriods;
    }

    /** MISSING for peer rules: a minute in which a member was not judged counts neither way. */
    public TreatMissingData treatMissingData() {
        return treatMissingData;
    }

    public int healthyThreshold() {
        return healthyThreshold;
    }

    /** 0 for peer rules. */
    public int keepFiringSeconds() {
        return keepFiringSeconds;
    }

    public ImpairmentType impairmentType() {
        return impairmentType;
    }

    public Severity severity() {
        return severity;
    }

    /** The dimension naming the resource; a peer rule's member dimension. */
    public String resourceDimension() {
        return resourceDimension;
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    public List<ActionType> recommendedActions() {
        return recommendedActions;
    }

    /** "rule" or "peer rule": what error messages call it. */
    String kind() {
        return RuleBuilder.kindOf(detector);
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
                && id.equals(r.id) && Objects.equals(description, r.description) && detector == r.detector
                && namespace.equals(r.namespace) && metricName.equals(r.metricName)
                && dimensions.equals(r.dimensions) && Objects.equals(denominatorMetricName, r.denominatorMetricName)
                && statistic.equals(r.statistic) && comparison == r.comparison
                && anomalyParameters.equals(r.anomalyParameters) && Objects.equals(peer, r.peer)
                && treatMissingData == r.treatMissingData && impairmentType == r.impairmentType
                && severity == r.severity && resourceDimension.equals(r.resourceDimension)
                && resourceType == r.resourceType && recommendedActions.equals(r.recommendedActions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, namespace, metricName, dimensions, statistic, periodSeconds);
    }

    @Override
    public String toString() {
        String judged;
        switch (detector) {
            case THRESHOLD:
                judged = comparison.cloudWatchName() + " " + threshold;
                break;
            case ANOMALY:
                judged = comparison.cloudWatchName() + " anomaly" + anomalyParameters;
                break;
            default:
                judged = String.valueOf(peer);
        }
        return "Rule{" + id + ": " + namespace + "/" + metricName
                + (denominatorMetricName != null ? "/" + denominatorMetricName : "") + dimensions + " "
                + statistic + "@" + periodSeconds + "s " + judged
                + " " + datapointsToAlarm + "/" + evaluationPeriods + " " + treatMissingData.cloudWatchName() + "}";
    }
}

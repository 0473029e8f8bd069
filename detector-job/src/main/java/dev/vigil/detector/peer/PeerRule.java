package dev.vigil.detector.peer;

import dev.vigil.detector.rules.ImpairmentKind;
import dev.vigil.detector.rules.RecommendedAction;
import dev.vigil.detector.rules.RuleBuilder;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.RuleValidationException;
import dev.vigil.detector.rules.Severity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One peer comparison: which metric, what a member and its group are, how far from the group's
 * median a member must be (ratio and MAD band, both), and how outlier minutes become an
 * impairment (M of N, healthy run). Immutable; {@link Builder#build()} validates every field.
 */
public final class PeerRule implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bounds the per-member window kept in state: an hour of minutes is more than any sane N. */
    public static final int MAX_EVALUATION_PERIODS = 60;

    private final String id;
    private final String description;
    private final String namespace;
    private final String metricName;
    private final String statistic;
    private final String memberDimension;
    private final String groupDimension;
    private final PeerDirection direction;
    private final int minPeers;
    private final double ratio;
    private final double madK;
    private final double minValue;
    private final int datapointsToAlarm;
    private final int evaluationPeriods;
    private final int healthyThreshold;
    private final ImpairmentKind impairmentType;
    private final Severity severity;
    private final ResourceType resourceType;
    private final List<RecommendedAction> recommendedActions;

    private PeerRule(Builder b) {
        this.id = b.id;
        this.description = b.description;
        this.namespace = b.namespace;
        this.metricName = b.metricName;
        this.statistic = b.statistic;
        this.memberDimension = b.memberDimension;
        this.groupDimension = b.groupDimension;
        this.direction = b.direction;
        this.minPeers = b.minPeers;
        this.ratio = b.ratio;
        this.madK = b.madK;
        this.minValue = b.minValue;
        this.datapointsToAlarm = b.datapointsToAlarm;
        this.evaluationPeriods = b.evaluationPeriods;
        this.healthyThreshold = b.healthyThreshold;
        this.impairmentType = b.impairmentType;
        this.severity = b.severity;
        this.resourceType = b.resourceType;
        this.recommendedActions = Collections.unmodifiableList(new ArrayList<>(b.recommendedActions));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String id() {
        return id;
    }

    /** Null when the file gives none. */
    public String description() {
        return description;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public String statistic() {
        return statistic;
    }

    /** The dimension naming a member, e.g. InstanceId. */
    public String memberDimension() {
        return memberDimension;
    }

    /** The dimension naming the group, e.g. AutoScalingGroupName; null = the member's fleet in the topology snapshot. */
    public String groupDimension() {
        return groupDimension;
    }

    public PeerDirection direction() {
        return direction;
    }

    /** Other members that must report in the same minute for it to be judged. */
    public int minPeers() {
        return minPeers;
    }

    /** HIGH: value ≥ ratio × median; LOW: value ≤ median / ratio. 1 = only the MAD band counts. */
    public double ratio() {
        return ratio;
    }

    /** Width of the band around the median in robust standard deviations (1.4826 × MAD). */
    public double madK() {
        return madK;
    }

    /** A HIGH outlier must also be at least this (an idle fleet's noise is no impairment); NaN = no floor. */
    public double minValue() {
        return minValue;
    }

    public int datapointsToAlarm() {
        return datapointsToAlarm;
    }

    public int evaluationPeriods() {
        return evaluationPeriods;
    }

    public int healthyThreshold() {
        return healthyThreshold;
    }

    public ImpairmentKind impairmentType() {
        return impairmentType;
    }

    public Severity severity() {
        return severity;
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
        if (!(o instanceof PeerRule)) {
            return false;
        }
        PeerRule r = (PeerRule) o;
        return minPeers == r.minPeers && Double.compare(ratio, r.ratio) == 0 && Double.compare(madK, r.madK) == 0
                && Double.compare(minValue, r.minValue) == 0 && datapointsToAlarm == r.datapointsToAlarm
                && evaluationPeriods == r.evaluationPeriods && healthyThreshold == r.healthyThreshold
                && id.equals(r.id) && Objects.equals(description, r.description) && namespace.equals(r.namespace)
                && metricName.equals(r.metricName) && statistic.equals(r.statistic)
                && memberDimension.equals(r.memberDimension) && Objects.equals(groupDimension, r.groupDimension)
                && direction == r.direction && impairmentType == r.impairmentType && severity == r.severity
                && resourceType == r.resourceType && recommendedActions.equals(r.recommendedActions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, namespace, metricName, statistic, memberDimension);
    }

    @Override
    public String toString() {
        return "PeerRule{" + id + ": " + namespace + "/" + metricName + " " + statistic + " of " + memberDimension
                + " vs " + (groupDimension == null ? "topology fleet" : groupDimension) + " " + direction
                + " ratio " + ratio + " madK " + madK + " " + datapointsToAlarm + "/" + evaluationPeriods + "}";
    }

    /** Collects fields with the documented defaults; {@link #build()} checks them all. */
    public static final class Builder {
        private String id;
        private String description;
        private String namespace;
        private String metricName;
        private String statistic;
        private String memberDimension;
        private String groupDimension;
        private PeerDirection direction = PeerDirection.HIGH;
        private int minPeers = 3;
        private double ratio = 2.0;
        private double madK = 5.0;
        private double minValue = Double.NaN;
        private int datapointsToAlarm = 3;
        private int evaluationPeriods = 5;
        private int healthyThreshold = 5;
        private ImpairmentKind impairmentType = ImpairmentKind.SERVICE_DEGRADATION;
        private Severity severity = Severity.MEDIUM;
        private ResourceType resourceType = ResourceType.EC2_INSTANCE;
        private List<RecommendedAction> recommendedActions =
                Arrays.asList(RecommendedAction.REPLACE_INSTANCE, RecommendedAction.NOTIFY);

        private Builder() {}

        public Builder id(String v) { id = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder metricName(String v) { metricName = v; return this; }
        public Builder statistic(String v) { statistic = v; return this; }
        public Builder memberDimension(String v) { memberDimension = v; return this; }
        public Builder groupDimension(String v) { groupDimension = v; return this; }
        public Builder direction(PeerDirection v) { direction = v; return this; }
        public Builder minPeers(int v) { minPeers = v; return this; }
        public Builder ratio(double v) { ratio = v; return this; }
        public Builder madK(double v) { madK = v; return this; }
        public Builder minValue(double v) { minValue = v; return this; }
        public Builder datapointsToAlarm(int v) { datapointsToAlarm = v; return this; }
        public Builder evaluationPeriods(int v) { evaluationPeriods = v; return this; }
        public Builder healthyThreshold(int v) { healthyThreshold = v; return this; }
        public Builder impairmentType(ImpairmentKind v) { impairmentType = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder resourceType(ResourceType v) { resourceType = v; return this; }
        public Builder recommendedActions(List<RecommendedAction> v) { recommendedActions = v; return this; }

        public PeerRule build() {
            String name = id == null || id.isEmpty() ? "?" : id;
            if (id == null || id.isEmpty()) {
                throw fail(name, "id", "a non-empty string", id);
            }
            if (id.indexOf('/') >= 0) {
                // Ids are part of the peer group key account/region/rule/group, split on '/'.
                throw fail(name, "id", "no '/' (ids are part of keys)", id);
            }
            requireText(name, "namespace", namespace);
            requireText(name, "metricName", metricName);
            requireText(name, "statistic", statistic);
            statistic = RuleBuilder.statistic(name, "peer rule", statistic);
            requireText(name, "memberDimension", memberDimension);
            if (groupDimension != null && (groupDimension.isEmpty() || groupDimension.equals(memberDimension))) {
                throw fail(name, "groupDimension", "a dimension other than memberDimension, or no key (the topology fleet)",
                        groupDimension);
            }
            if (direction == null) {
                throw fail(name, "direction", "HIGH, LOW or BOTH", null);
            }
            if (minPeers < 2) {
                // With one peer the "median" is the mean of two values: no majority says what normal is.
                throw fail(name, "minPeers", "an integer >= 2", minPeers);
            }
            if (!(ratio >= 1.0) || Double.isInfinite(ratio)) {
                throw fail(name, "ratio", "a finite number >= 1 (1 = only the MAD band counts)", ratio);
            }
            if (!(madK > 0) || Double.isInfinite(madK)) {
                throw fail(name, "madK", "a finite number > 0", madK);
            }
            if (Double.isInfinite(minValue)) {
                throw fail(name, "minValue", "a finite number", minValue);
            }
            if (evaluationPeriods < 1 || evaluationPeriods > MAX_EVALUATION_PERIODS) {
                throw fail(name, "evaluationPeriods", "an integer in 1.." + MAX_EVALUATION_PERIODS, evaluationPeriods);
            }
            if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
                throw fail(name, "datapointsToAlarm", "an integer in 1..evaluationPeriods (" + evaluationPeriods + ")",
                        datapointsToAlarm);
            }
            if (healthyThreshold < 1) {
                throw fail(name, "healthyThreshold", "an integer >= 1", healthyThreshold);
            }
            if (impairmentType == null || severity == null || resourceType == null) {
                throw fail(name, impairmentType == null ? "impairmentType" : severity == null ? "severity" : "resourceType",
                        "a value", null);
            }
            if (recommendedActions == null || recommendedActions.contains(null)) {
                throw fail(name, "recommendedActions", "a list of actions", recommendedActions);
            }
            return new PeerRule(this);
        }

        private static void requireText(String id, String key, String v) {
            if (v == null || v.isEmpty()) {
                throw fail(id, key, "a non-empty string", v == null ? "nothing (the key is required)" : v);
            }
        }
    }

    static RuleValidationException fail(String ruleId, String key, String expected, Object actual) {
        return RuleValidationException.of("peer rule", ruleId, key, expected, actual);
    }
}

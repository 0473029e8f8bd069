package dev.vigil.detector.rules;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.Arrays;
import java.util.List;

/**
 * A peer rule's validation and documented defaults: each member of a group judged minute by
 * minute against the others, so the period is a minute, a minute not judged is missing, and there
 * is no keep-firing time.
 */
final class PeerChecks {
    /** Members are judged once a minute: metric streams send one-minute aggregates. */
    private static final int PERIOD_SECONDS = 60;
    private static final List<ActionType> DEFAULT_ACTIONS = Arrays.asList(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);

    private PeerChecks() {}

    static void check(RuleBuilder b, RuleBuilder.Checked c) {
        if (b.id == null || b.id.isEmpty()) {
            throw b.fail("id", "a non-empty string", b.id);
        }
        if (b.id.indexOf('/') >= 0) {
            // Ids are part of the peer group key account/region/rule/group, split on '/'.
            throw b.fail("id", "no '/' (ids are part of keys)", b.id);
        }
        b.require(b.namespace, "namespace");
        b.require(b.metricName, "metricName");
        b.require(b.statistic, "statistic");
        c.statistic = RuleBuilder.statistic(b.id, "peer rule", b.statistic);
        b.require(b.memberDimension, "memberDimension");
        if (b.groupDimension != null && (b.groupDimension.isEmpty() || b.groupDimension.equals(b.memberDimension))) {
            throw b.fail("groupDimension", "a dimension other than memberDimension, or no key (the topology fleet)",
                    b.groupDimension);
        }
        if (b.direction == null) {
            throw b.fail("direction", "HIGH, LOW or BOTH", null);
        }
        if (b.minPeers < 2) {
            // With one peer the "median" is the mean of two values: no majority says what normal is.
            throw b.fail("minPeers", "an integer >= 2", b.minPeers);
        }
        if (!(b.ratio >= 1.0) || Double.isInfinite(b.ratio)) {
            throw b.fail("ratio", "a finite number >= 1 (1 = only the MAD band counts)", b.ratio);
        }
        if (!(b.madK > 0) || Double.isInfinite(b.madK)) {
            throw b.fail("madK", "a finite number > 0", b.madK);
        }
        if (Double.isInfinite(b.minValue)) {
            throw b.fail("minValue", "a finite number", b.minValue);
        }
        int n = b.evaluationPeriods == null ? 5 : b.evaluationPeriods;
        int m = b.datapointsToAlarm == null ? 3 : b.datapointsToAlarm;
        if (n < 1 || n > RuleBuilder.MAX_PEER_EVALUATION_PERIODS) {
            throw b.fail("evaluationPeriods", "an integer in 1.." + RuleBuilder.MAX_PEER_EVALUATION_PERIODS, n);
        }
        if (m < 1 || m > n) {
            throw b.fail("datapointsToAlarm", "an integer in 1..evaluationPeriods (" + n + ")", m);
        }
        if (b.healthyThreshold < 1) {
            throw b.fail("healthyThreshold", "an integer >= 1", b.healthyThreshold);
        }
        if (b.treatMissingData != TreatMissingData.MISSING || b.keepFiringSeconds != 0) {
            throw b.fail(b.keepFiringSeconds != 0 ? "keepFiringSeconds" : "treatMissingData",
                    "none on a peer rule (a minute not judged counts neither way)", null);
        }
        c.evaluationPeriods = n;
        c.datapointsToAlarm = m;
        c.healthyThreshold = b.healthyThreshold;
        c.periodSeconds = PERIOD_SECONDS;
        c.peer = new PeerComparison(b.memberDimension, b.groupDimension, b.direction, b.minPeers, b.ratio, b.madK,
                b.minValue);
        c.resourceDimension = b.memberDimension;
        c.impairmentType = b.impairmentType == null ? ImpairmentType.SERVICE_DEGRADATION : b.impairmentType;
        c.severity = b.severity == null ? Severity.MEDIUM : b.severity;
        c.resourceType = b.resourceType == null ? ResourceType.EC2_INSTANCE : b.resourceType;
        List<ActionType> actions = b.recommendedActions == null ? DEFAULT_ACTIONS : b.recommendedActions;
        if (actions.contains(null)) {
            throw b.fail("recommendedActions", "a list of actions", actions);
        }
        c.recommendedActions = actions;
    }
}

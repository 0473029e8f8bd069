package dev.vigil.detector.peer;

import dev.vigil.detector.resource.ImpairmentRecords;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a peer outlier's impairment records say: the member against its group's median. */
final class PeerRecords {
    private static final int PERIOD_SECONDS = (int) (PeerGroup.MINUTE_MS / 1000);

    private PeerRecords() {}

    /** The OPEN record of {@code member}, an outlier in the minute starting at {@code minuteStart}. */
    static Impairment open(Rule rule, String account, String region, String group, String member, long firstBreach,
                           long minuteStart, double value, PeerStats stats, long emitTime) {
        String resourceKey = ResourceKey.key(account, region, member) + "|peer:" + rule.id();
        Map<String, String> dims = new TreeMap<>();
        dims.put(rule.peer().memberDimension(), member);
        if (rule.peer().groupDimension() != null) {
            dims.put(rule.peer().groupDimension(), group);
        }
        double threshold = value >= stats.median() ? stats.upper() : stats.lower();
        Evidence evidence = new Evidence(EvidenceKind.METRIC, rule.id(), rule.namespace(), rule.metricName(), dims,
                rule.statistic(), minuteStart, PERIOD_SECONDS, value, "PeerOutlier", threshold, stats.median(),
                stats.lower(), stats.upper(), stats.score(value), null, null, null,
                stats.members() + " members of " + group + " reporting; median " + fmt(stats.median()));
        // Only a group named by the datapoint's Auto Scaling group dimension is known to be one;
        // the enrichment downstream fills in the rest of the topology.
        Topology topology = "AutoScalingGroupName".equals(rule.peer().groupDimension())
                ? new Topology(null, group, null, null, null, null, true, null) : null;
        return ImpairmentRecords.opened(ImpairmentRecords.idFor(resourceKey, firstBreach), firstBreach,
                        minuteStart + PeerGroup.MINUTE_MS)
                .resource(member, rule.resourceType().name())
                .location(account, region)
                .type(rule.impairmentType())
                .severity(rule.severity())
                .summary("Peer outlier on " + member + ": " + rule.namespace() + "/" + rule.metricName() + " "
                        + rule.statistic() + " " + fmt(value) + " vs median " + fmt(stats.median()) + " of "
                        + stats.members() + " members of " + group + " (" + rule.id() + ")")
                .emitTime(emitTime)
                .evidence(evidence)
                .recommendedActions(rule.recommendedActions().toArray(new ActionType[0]))
                .topology(topology)
                .build();
    }

    /** The member's open impairment resolved at {@code resolvedTime}; the member has none open after. */
    static Impairment resolve(MemberTrack track, long resolvedTime, long emitTime) {
        Impairment open = track.open();
        track.open(null);
        return resolved(open, resolvedTime, emitTime);
    }

    /** {@code open} resolved at {@code resolvedTime}, or at its detection if that is later. */
    static Impairment resolved(Impairment open, long resolvedTime, long emitTime) {
        return ImpairmentRecords.resolved(open, Math.max(resolvedTime, open.getDetectionTime())).emitTime(emitTime).build();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}

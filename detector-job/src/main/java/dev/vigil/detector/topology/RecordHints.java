package dev.vigil.detector.topology;

import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;

import javax.annotation.Nullable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the records themselves say a resource sits: the CloudWatch dimensions of the impairment's
 * evidence (AvailabilityZone, AutoScalingGroupName, TargetGroup, LoadBalancer), and the resource's
 * own id when it is a group, target group or load balancer. The first and cheapest source: no
 * file, no call.
 *
 * <p>Event evidence carries no dimensions (an Auto Scaling event's group name stays in the event),
 * so an impairment raised by events alone gets its group from the later sources.
 */
public final class RecordHints {
    private RecordHints() {
    }

    /** A topology from the evidence's dimensions; null when they name none of them. */
    @Nullable
    public static Topology of(Impairment impairment) {
        Set<String> zones = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        Set<String> targetGroups = new LinkedHashSet<>();
        Set<String> balancers = new LinkedHashSet<>();
        String type = impairment.getResourceType() == null ? "" : impairment.getResourceType();
        switch (type) {
            case "AUTO_SCALING_GROUP":
                groups.add(impairment.getResourceId());
                break;
            case "TARGET_GROUP":
                targetGroups.add(TopologySnapshot.targetGroupId(impairment.getResourceId()));
                break;
            case "LOAD_BALANCER":
                balancers.add(TopologySnapshot.loadBalancerId(impairment.getResourceId()));
                break;
            default:
                break;
        }
        for (Evidence e : impairment.getEvidence()) {
            Map<String, String> dims = e.getDimensions();
            if (dims == null) {
                continue;
            }
            addIfPresent(zones, dims.get("AvailabilityZone"));
            addIfPresent(groups, dims.get("AutoScalingGroupName"));
            addIfPresent(targetGroups, dims.get("TargetGroup"));
            addIfPresent(balancers, dims.get("LoadBalancer"));
        }
        if (zones.isEmpty() && groups.isEmpty() && targetGroups.isEmpty() && balancers.isEmpty()) {
            return null;
        }
        // A target group's per-zone ALB metrics name several zones: the group has none of its own,
        // and guessing one would misplace it. The same holds for any field the records disagree on.
        return new Topology(only(zones), only(groups), targetGroups.toArray(new String[0]), only(balancers),
                null, null, true, null);
    }

    private static void addIfPresent(Set<String> values, @Nullable String v) {
        if (v != null && !v.isEmpty()) {
            values.add(v);
        }
    }

    @Nullable
    private static String only(Set<String> values) {
        return values.size() == 1 ? values.iterator().next() : null;
    }
}

package dev.vigil.detector.correlate;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What FLEET and ZONE impairment records say, given the builder holding their lifecycle fields. */
final class GroupRecords {
    private GroupRecords() {}

    static Impairment fleet(Impairment.Builder b, String account, String region, String fleet, String[] related,
                            Topology lead, int impairedCount, Map<String, Integer> sizes, long emitTime) {
        int size = 0;
        if (sizes != null) {
            for (int v : sizes.values()) {
                size += v;
            }
        }
        boolean isGroup = !fleet.startsWith("targetgroup/");
        String summary = String.format(Locale.ROOT, "FLEET on %s: %d of %d members impaired (%.0f %%)", fleet, impairedCount,
                size, size == 0 ? 0.0 : 100.0 * impairedCount / size);
        Topology t = new Topology(null, isGroup ? fleet : null,
                isGroup ? (lead == null ? null : lead.getTargetGroups()) : new String[] {fleet},
                lead == null ? null : lead.getLoadBalancer(), null, sizes, true, null);
        return b.resource(fleet, isGroup ? "AUTO_SCALING_GROUP" : "TARGET_GROUP").location(account, region)
                .type(ImpairmentType.FLEET).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.NOTIFY).topology(t).relatedImpairments(related)
                .memberActionsWithheld(true).humanRequired(true).emitTime(emitTime).build();
    }

    /**
     * @param agg        the zone's {members, impaired, members of the same fleets elsewhere, impaired there}
     * @param topologies the linked members' topologies when opening (for the load balancer and tags); null to keep the open record's
     */
    static Impairment zone(Impairment.Builder b, String account, String region, String zone, List<String> related, int[] agg,
                           List<Topology> topologies, long emitTime) {
        String summary = String.format(Locale.ROOT,
                "ZONE %s: %d of %d members impaired (%.0f %%) against %d of %d in the other zones of the same fleets",
                zone, agg[1], agg[0], agg[0] == 0 ? 0.0 : 100.0 * agg[1] / agg[0], agg[3], agg[2]);
        if (topologies != null) {
            // What a zonal shift needs: the load balancers (and their tags) of the impaired members.
            Set<String> targetGroups = new LinkedHashSet<>();
            String loadBalancer = null;
            Map<String, String> tags = new TreeMap<>();
            for (Topology t : topologies) {
                targetGroups.addAll(Arrays.asList(t.getTargetGroups()));
                if (loadBalancer == null && t.getLoadBalancer() != null) {
                    loadBalancer = t.getLoadBalancer();
                    tags.putAll(t.getTags());
                }
            }
            b.topology(new Topology(zone, null, targetGroups.toArray(new String[0]), loadBalancer, tags, null, true, null));
        }
        return b.resource(zone, Correlator.AVAILABILITY_ZONE).location(account, region)
                .type(ImpairmentType.ZONE).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.ZONAL_SHIFT, ActionType.NOTIFY)
                .relatedImpairments(related.toArray(new String[0])).memberActionsWithheld(true).humanRequired(false)
                .emitTime(emitTime).build();
    }
}

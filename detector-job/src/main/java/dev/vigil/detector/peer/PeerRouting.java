package dev.vigil.detector.peer;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which peer groups a datapoint belongs to: for each peer rule comparing its metric, the group of
 * its member (the group dimension, or the member's fleet in the topology snapshot). It sees every
 * datapoint of the job, so the common case (no peer rule for the metric) is two hash lookups and
 * nothing else.
 */
public final class PeerRouting {
    private static final Rule[] NONE = new Rule[0];

    /** namespace → metric name → rules; nested so no composite key is built per datapoint. */
    private final Map<String, Map<String, Rule[]>> index = new HashMap<>();
    private final TopologySnapshot snapshot;

    /** @param snapshot where members of rules without a group dimension find their fleet */
    public PeerRouting(RuleSet rules, TopologySnapshot snapshot) {
        Map<String, Map<String, List<Rule>>> build = new HashMap<>();
        for (Rule r : rules.rules()) {
            build.computeIfAbsent(r.namespace(), k -> new HashMap<>())
                    .computeIfAbsent(r.metricName(), k -> new ArrayList<>()).add(r);
        }
        build.forEach((ns, metrics) -> {
            Map<String, Rule[]> m = new HashMap<>();
            metrics.forEach((name, list) -> m.put(name, list.toArray(NONE)));
            index.put(ns, m);
        });
        this.snapshot = snapshot;
    }

    /** Whether some rule names no group dimension, so members need the snapshot's fleets. */
    public static boolean needsFleets(RuleSet rules) {
        return rules.rules().stream().anyMatch(r -> r.peer().groupDimension() == null);
    }

    /**
     * Hands {@code group} the key of every peer group the datapoint's member belongs to; returns how
     * many rules would have compared it but found no group for it.
     */
    public int route(MetricDatapoint dp, Consumer<String> group) {
        Map<String, Rule[]> metrics = index.get(dp.getNamespace());
        if (metrics == null) {
            return 0;
        }
        Rule[] rules = metrics.get(dp.getMetricName());
        if (rules == null) {
            return 0;
        }
        int withoutGroup = 0;
        for (Rule r : rules) {
            String member = dp.dimension(r.peer().memberDimension());
            if (member == null) {
                // The same metric at another level (e.g. CPUUtilization per Auto Scaling group): not a member.
                continue;
            }
            String g = groupOf(r, dp, member);
            if (g == null) {
                withoutGroup++;
                continue;
            }
            group.accept(PeerGroupKey.of(dp.getAccount(), dp.getRegion(), r.id(), g).key());
        }
        return withoutGroup;
    }

    private String groupOf(Rule r, MetricDatapoint dp, String member) {
        if (r.peer().groupDimension() != null) {
            return dp.dimension(r.peer().groupDimension());
        }
        Topology t = snapshot.lookup(member);
        return t == null ? null : t.fleet();
    }
}

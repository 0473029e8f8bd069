package dev.vigil.detector.peer;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stateless, chained before the keyBy: keeps only datapoints some peer rule compares and tags
 * each with its peer group, account/region/rule/group, so only those cross the network. It sees
 * every datapoint of the job, so the common case (no peer rule for the metric) is two hash
 * lookups and nothing else.
 */
public final class RoutePeers extends RichFlatMapFunction<MetricDatapoint, Tuple2<String, MetricDatapoint>> {
    private static final long serialVersionUID = 1L;
    private static final Rule[] NONE = new Rule[0];

    /** Parsed and validated on the client, at start; shipped with the function. */
    private final RuleSet rules;
    private final TopologySettings topology;

    /** namespace → metric name → rules; nested so no composite key is built per datapoint. */
    private transient Map<String, Map<String, Rule[]>> index;
    private transient TopologySnapshot snapshot;
    private transient Counter withoutGroup;

    public RoutePeers(RuleSet rules, TopologySettings topology) {
        this.rules = rules;
        this.topology = topology;
    }

    @Override
    public void open(OpenContext ctx) {
        open(rules);
        withoutGroup = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("peerDatapointsWithoutGroup");
    }

    /** Builds the index and reads the snapshot; split from {@link #open(OpenContext)} for tests without a runtime. */
    void open(RuleSet rules) {
        Map<String, Map<String, List<Rule>>> build = new HashMap<>();
        for (Rule r : rules.rules()) {
            build.computeIfAbsent(r.namespace(), k -> new HashMap<>())
                    .computeIfAbsent(r.metricName(), k -> new ArrayList<>()).add(r);
        }
        index = new HashMap<>();
        build.forEach((ns, metrics) -> {
            Map<String, Rule[]> m = new HashMap<>();
            metrics.forEach((name, list) -> m.put(name, list.toArray(NONE)));
            index.put(ns, m);
        });
        // Only rules without a group dimension need the fleet from the snapshot; the AWS APIs are
        // not asked here (this runs per datapoint, synchronously).
        boolean needsFleet = rules.rules().stream().anyMatch(r -> r.peer().groupDimension() == null);
        snapshot = needsFleet && topology != null && topology.snapshotPath() != null
                ? TopologySnapshot.load(topology.snapshotPath()) : TopologySnapshot.empty();
    }

    @Override
    public void flatMap(MetricDatapoint dp, Collector<Tuple2<String, MetricDatapoint>> out) {
        Map<String, Rule[]> metrics = index.get(dp.getNamespace());
        if (metrics == null) {
            return;
        }
        Rule[] rules = metrics.get(dp.getMetricName());
        if (rules == null) {
            return;
        }
        for (Rule r : rules) {
            String member = dp.dimension(r.peer().memberDimension());
            if (member == null) {
                // The same metric at another level (e.g. CPUUtilization per Auto Scaling group): not a member.
                continue;
            }
            String group = groupOf(r, dp, member);
            if (group == null) {
                if (withoutGroup != null) {
                    withoutGroup.inc();
                }
                continue;
            }
            out.collect(Tuple2.of(PeerGroupKey.of(dp.getAccount(), dp.getRegion(), r.id(), group).key(), dp));
        }
    }

    private String groupOf(Rule r, MetricDatapoint dp, String member) {
        if (r.peer().groupDimension() != null) {
            return dp.dimension(r.peer().groupDimension());
        }
        Topology t = snapshot.lookup(member);
        return t == null ? null : t.fleet();
    }

}

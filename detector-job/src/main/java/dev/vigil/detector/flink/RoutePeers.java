package dev.vigil.detector.flink;

import dev.vigil.detector.peer.PeerRouting;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Stateless, chained before the keyBy: keeps only datapoints some peer rule compares and tags
 * each with its peer group ({@link PeerRouting}), so only those cross the network.
 */
public final class RoutePeers extends RichFlatMapFunction<MetricDatapoint, Tuple2<String, MetricDatapoint>> {
    private static final long serialVersionUID = 1L;

    /** Parsed and validated on the client, at start; shipped with the function. */
    private final RuleSet rules;
    private final TopologySettings topology;

    private transient PeerRouting routing;
    private transient Counter withoutGroup;

    public RoutePeers(RuleSet rules, TopologySettings topology) {
        this.rules = rules;
        this.topology = topology;
    }

    @Override
    public void open(OpenContext ctx) {
        // Only rules without a group dimension need the fleet from the snapshot; the AWS APIs are
        // not asked here (this runs per datapoint, synchronously).
        TopologySnapshot snapshot = PeerRouting.needsFleets(rules) && topology != null && topology.snapshotPath() != null
                ? TopologySnapshot.load(topology.snapshotPath()) : TopologySnapshot.empty();
        routing = new PeerRouting(rules, snapshot);
        withoutGroup = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("peerDatapointsWithoutGroup");
    }

    @Override
    public void flatMap(MetricDatapoint dp, Collector<Tuple2<String, MetricDatapoint>> out) {
        int unknown = routing.route(dp, key -> out.collect(Tuple2.of(key, dp)));
        if (unknown > 0) {
            withoutGroup.inc(unknown);
        }
    }
}

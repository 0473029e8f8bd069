package dev.vigil.detector.peer;

import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Peer outlier detection, as one piece of the pipeline: a member (instance, target) whose metric
 * departs from its group's median is impaired even when no fixed threshold fires.
 *
 * <pre>
 *  datapoints ─► route to peer groups (filter, chained) ─► keyBy(account/region/rule/group) ─► judge each minute ─► impairments
 * </pre>
 */
public final class PeerOutliers {
    private PeerOutliers() {}

    /**
     * @param datapointsWithWatermarks parsed datapoints with event time assigned
     * @param rules                    the rules file's {@code peerOutliers:} list
     * @param topology                 its snapshot gives the fleet of members of rules without a group dimension
     */
    public static DataStream<Impairment> apply(DataStream<MetricDatapoint> datapointsWithWatermarks, RuleSet rules,
                                               TopologySettings topology) {
        return datapointsWithWatermarks
                .flatMap(new RoutePeers(rules, topology),
                        Types.TUPLE(Types.STRING, MetricDatapointTypeInfoFactory.TYPE_INFO))
                .uid("route-peers").name("Route datapoints to peer groups")
                .keyBy(t -> t.f0, Types.STRING)
                .process(new PeerOutlierFunction(rules), ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid("detect-peer-outliers").name("Detect peer outliers");
    }
}

package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.peer.PeerRouting;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import javax.annotation.Nullable;

/**
 * Stateless but for the rules in force: tags each datapoint with the resource it speaks for (one
 * copy per distinct resource among the rules it feeds) and drops datapoints no rule watches
 * before they cost a network hop; events are tagged once per affected resource.
 */
public final class RouteByResource {
    private RouteByResource() {}

    /** Where datapoints some peer rule compares go, tagged with their peer group ({@link PeerRouting}). */
    public static final OutputTag<Tuple2<String, MetricDatapoint>> PEERS = new OutputTag<>("peer-datapoints",
            Types.TUPLE(Types.STRING, dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory.TYPE_INFO));

    /**
     * Datapoint routing under the live rules (the other input): to resources for the resource
     * detector, and to peer groups ({@link #PEERS}) for the peer detector. Both in one operator:
     * an operator with a broadcast input is a task of its own, so each datapoint crosses to it once,
     * not once per routing. A datapoint no rule watched before an update is routed after it.
     */
    public static final class Datapoints extends BroadcastProcessFunction<MetricDatapoint, RulesUpdate,
            Tuple2<String, Either<MetricDatapoint, HealthEvent>>> implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private final LiveRules live;
        @Nullable private final TopologySettings topology;
        private transient RuleMatcher matcher;
        private transient PeerRouting peers;
        private transient TopologySnapshot fleets;
        private transient Counter unwatched;
        private transient Counter withoutGroup;
        private transient String[] seen;
        private transient int seenCount;

        public Datapoints(LiveRules live, @Nullable TopologySettings topology) {
            this.live = live;
            this.topology = topology;
        }

        @Override
        public void initializeState(FunctionInitializationContext ctx) throws Exception {
            live.restore(ctx.getOperatorStateStore(), operatorName());
        }

        @Override
        public void snapshotState(FunctionSnapshotContext ctx) {}

        @Override
        public void open(OpenContext ctx) {
            live.open(getRuntimeContext().getMetricGroup().addGroup("vigil"), operatorName());
            unwatched = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("datapointsUnwatched");
            withoutGroup = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("peerDatapointsWithoutGroup");
            seen = new String[4];
            useRules();
        }

        private String operatorName() {
            return "route-datapoints/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        private void useRules() {
            RulesFile rules = live.current();
            matcher = new RuleMatcher(rules.rules());
            // Only rules without a group dimension need the fleet from the snapshot (read once, when
            // first needed); the AWS APIs are not asked here (this runs per datapoint, synchronously).
            if (fleets == null && PeerRouting.needsFleets(rules.peers()) && topology != null
                    && topology.snapshotPath() != null) {
                fleets = TopologySnapshot.load(topology.snapshotPath());
            }
            peers = new PeerRouting(rules.peers(), fleets == null ? TopologySnapshot.empty() : fleets);
        }

        @Override
        public void processBroadcastElement(RulesUpdate u, Context ctx,
                                            Collector<Tuple2<String, Either<MetricDatapoint, HealthEvent>>> out)
                throws Exception {
            if (live.apply(u, ctx.getBroadcastState(LiveRules.STATE))) {
                useRules();
            }
        }

        @Override
        public void processElement(MetricDatapoint dp, ReadOnlyContext ctx,
                                   Collector<Tuple2<String, Either<MetricDatapoint, HealthEvent>>> out) {
            seenCount = 0;
            matcher.forEachMatch(dp, (rule, role, resourceId) -> {
                for (int i = 0; i < seenCount; i++) {
                    if (seen[i].equals(resourceId)) {
                        return;
                    }
                }
                if (seenCount == seen.length) {
                    seen = java.util.Arrays.copyOf(seen, seenCount * 2);
                }
                seen[seenCount++] = resourceId;
                out.collect(DetectorInput.of(ResourceKey.key(dp.getAccount(), dp.getRegion(), resourceId), dp));
            });
            int unknown = peers.route(dp, key -> ctx.output(PEERS, Tuple2.of(key, dp)));
            if (unknown > 0) {
                withoutGroup.inc(unknown);
            }
            if (seenCount == 0) {
                unwatched.inc();
            }
        }
    }

    /** Event routing. */
    public static final class Events extends RichFlatMapFunction<HealthEvent, Tuple2<String, Either<MetricDatapoint, HealthEvent>>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(HealthEvent e, Collector<Tuple2<String, Either<MetricDatapoint, HealthEvent>>> out) {
            for (String id : e.getAffectedResources()) {
                out.collect(DetectorInput.of(ResourceKey.key(e.getAccount(), e.getRegion(), id), e));
            }
        }
    }
}

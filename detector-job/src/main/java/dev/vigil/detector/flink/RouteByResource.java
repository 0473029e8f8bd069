package dev.vigil.detector.flink;

import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Stateless, chained after parsing: tags each datapoint with the resource it speaks for (one
 * copy per distinct resource among the rules it feeds) and drops datapoints no rule watches
 * before they cost a network hop. Events are tagged once per affected resource.
 */
public final class RouteByResource {
    private RouteByResource() {}

    /** Datapoint routing. */
    public static final class Datapoints extends RichFlatMapFunction<MetricDatapoint, Tuple2<String, MetricDatapoint>> {
        private static final long serialVersionUID = 1L;
        /** Parsed and validated on the client, at start; shipped with the function. */
        private final RuleSet rules;
        private transient RuleMatcher matcher;
        private transient Counter unwatched;
        private transient String[] seen;
        private transient int seenCount;

        public Datapoints(RuleSet rules) {
            this.rules = rules;
        }

        @Override
        public void open(OpenContext ctx) {
            matcher = new RuleMatcher(rules);
            unwatched = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("datapointsUnwatched");
            seen = new String[4];
        }

        @Override
        public void flatMap(MetricDatapoint dp, Collector<Tuple2<String, MetricDatapoint>> out) {
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
                out.collect(Tuple2.of(ResourceKey.key(dp.getAccount(), dp.getRegion(), resourceId), dp));
            });
            if (seenCount == 0) {
                unwatched.inc();
            }
        }
    }

    /** Event routing. */
    public static final class Events extends RichFlatMapFunction<HealthEvent, Tuple2<String, HealthEvent>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(HealthEvent e, Collector<Tuple2<String, HealthEvent>> out) {
            for (String id : e.getAffectedResources()) {
                out.collect(Tuple2.of(ResourceKey.key(e.getAccount(), e.getRegion(), id), e));
            }
        }
    }
}

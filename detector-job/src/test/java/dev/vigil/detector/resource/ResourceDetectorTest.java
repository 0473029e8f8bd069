package dev.vigil.detector.resource;

import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDetectorTest {
    private static final long T0 = 1763800200000L;
    private static final long MIN = 60_000;
    private static final String TG = "targetgroup/web-tg/1";
    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final RuleMatcher MATCHER = new RuleMatcher(RULES);

    private static MetricDatapoint alb(String metric, long ts, double sum) {
        return MetricDatapoint.builder().account("1").region("eu-west-1").namespace("AWS/ApplicationELB")
                .metricName(metric).dimension("LoadBalancer", "app/web/1").dimension("TargetGroup", TG)
                .timestamp(ts).statistic("max", sum).statistic("min", 0).statistic("sum", sum).statistic("count", 1).build();
    }

    private static void feed(ResourceDetector d, MetricDatapoint dp) {
        MATCHER.forEachMatch(dp, (rule, role, id) -> d.accept(rule, role, dp));
    }

    /** Round-trips through bytes each step, as the Flink function does. */
    private static ResourceDetector roundTrip(ResourceDetector d) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        d.writeTo(out);
        return ResourceDetector.readFrom(ResourceKey.of("1", "eu-west-1", TG), RULES,
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void aTargetGroupFlappingAroundItsThresholdYieldsOneImpairment() throws Exception {
        // Given a 5xx ratio alternating between 20% and 0% every minute for an hour (rule: > 5%, 3 of 5, H = 5)
        ResourceDetector d = new ResourceDetector(ResourceKey.of("1", "eu-west-1", TG), null);
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            long ts = T0 + m * MIN;
            feed(d, alb("RequestCount", ts, 100));
            if (m % 2 == 0) {
                feed(d, alb("HTTPCode_Target_5XX_Count", ts, 20));
            }
            out.addAll(d.advance(ts + MIN, 0, null));
            d = roundTrip(d);
        }
        // When it then stays clean for ten minutes
        for (int m = 60; m < 70; m++) {
            feed(d, alb("RequestCount", T0 + m * MIN, 100));
            out.addAll(d.advance(T0 + (m + 1) * MIN, 0, null));
        }

        // Then one impairment opened once and resolved once, not dozens
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(out.get(0).getFirstBreachTime()).isEqualTo(T0);
        // Last breach at minute 58; 3-of-5 no longer holds from minute 59; five good evaluations
        // (59..63) resolve it at the end of minute 63.
        assertThat(out.get(1).getResolvedTime()).isEqualTo(T0 + 64 * MIN);
    }
}

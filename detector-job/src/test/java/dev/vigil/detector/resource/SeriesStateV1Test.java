package dev.vigil.detector.resource;

import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource states written before duplicate detection (series layout 1, commit 545e0e3; see
 * {@code src/test/resources/state/series-v1/README.md}) are read and continue as they would have.
 */
class SeriesStateV1Test {
    private static final long T0 = 1763800200000L;
    private static final long MIN = 60_000;
    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final RuleMatcher MATCHER = new RuleMatcher(RULES);

    private static MetricDatapoint alb(String metric, long ts, double sum) {
        return MetricDatapoint.builder().account("1").region("eu-west-1").namespace("AWS/ApplicationELB")
                .metricName(metric).dimension("LoadBalancer", "app/web/1").dimension("TargetGroup", "targetgroup/web-tg/1")
                .timestamp(ts).statistic("max", sum).statistic("min", 0).statistic("sum", sum).statistic("count", 1).build();
    }

    private static MetricDatapoint ec2(String metric, long ts, double v) {
        return MetricDatapoint.builder().account("1").region("eu-west-1").namespace("AWS/EC2")
                .metricName(metric).dimension("InstanceId", "i-0abc")
                .timestamp(ts).statistic("max", v).statistic("min", v).statistic("sum", v).statistic("count", 1).build();
    }

    /** The continuation GenV1State fed: a target group's 5xx ratio at 20 % from minute 32. */
    private static List<MetricDatapoint> targetGroup() {
        List<MetricDatapoint> l = new ArrayList<>();
        for (int m = 32; m < 50; m++) {
            long ts = T0 + m * MIN;
            l.add(alb("RequestCount", ts, 100));
            l.add(alb("HTTPCode_Target_5XX_Count", ts, 20));
            l.add(alb("TargetResponseTime", ts, 0.2 + (m % 3) * 0.01));
        }
        return l;
    }

    /** An instance failing its system status check from minute 33. */
    private static List<MetricDatapoint> instance() {
        List<MetricDatapoint> l = new ArrayList<>();
        for (int m = 33; m < 45; m++) {
            long ts = T0 + m * MIN;
            l.add(ec2("CPUUtilization", ts, 40 + m % 5));
            l.add(ec2("StatusCheckFailed_System", ts, 1));
        }
        return l;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = SeriesStateV1Test.class.getResourceAsStream("/state/series-v1/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> continueFrom(String name, String resourceId, List<MetricDatapoint> after, int end)
            throws Exception {
        ResourceDetector d = ResourceDetector.readFrom(ResourceKey.of("1", "eu-west-1", resourceId), RULES, new DataInputDeserializer(resource(name + ".bin")));
        // written again in today's layout and read back: the continuation runs on version 2 bytes
        DataOutputSerializer out = new DataOutputSerializer(256);
        d.writeTo(out);
        d = ResourceDetector.readFrom(ResourceKey.of("1", "eu-west-1", resourceId), RULES,
                new DataInputDeserializer(out.getCopyOfBuffer()));
        for (MetricDatapoint dp : after) {
            ResourceDetector r = d;
            MATCHER.forEachMatch(dp, (rule, role, id) -> r.accept(rule, role, dp));
        }
        List<String> lines = new ArrayList<>();
        for (Impairment i : d.advance(T0 + end * MIN, 0, null)) {
            lines.add(i.getState() + " " + i.getId() + " " + i.getFirstBreachTime() + " " + i.getDetectionTime() + " "
                    + i.getResolvedTime() + " " + i.getSummary());
        }
        return lines;
    }

    private static List<String> expected(String name) throws Exception {
        return Arrays.asList(new String(resource(name + ".expected"), StandardCharsets.UTF_8).trim().split("\n"));
    }

    @Test
    void aTargetGroupStateOfVersion1ContinuesAsItWould() throws Exception {
        assertThat(continueFrom("target-group", "targetgroup/web-tg/1", targetGroup(), 52))
                .isEqualTo(expected("target-group")).isNotEmpty();
    }

    @Test
    void anInstanceStateOfVersion1ContinuesAsItWould() throws Exception {
        assertThat(continueFrom("instance", "i-0abc", instance(), 47)).isEqualTo(expected("instance")).isNotEmpty();
    }
}

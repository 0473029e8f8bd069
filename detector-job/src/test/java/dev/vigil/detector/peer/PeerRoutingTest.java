package dev.vigil.detector.peer;

import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerRoutingTest {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";

    private static MetricDatapoint dp(String namespace, String metric, String... dims) {
        MetricDatapoint.Builder b = MetricDatapoint.builder().account(ACCOUNT).region(REGION).namespace(namespace)
                .metricName(metric).timestamp(PeerGroupTest.T0).value(1);
        for (int i = 0; i < dims.length; i += 2) {
            b.dimension(dims[i], dims[i + 1]);
        }
        return b.build();
    }

    /** (group key, datapoint) for each datapoint routed. */
    private static List<Tuple2<String, MetricDatapoint>> route(PeerRouting r, MetricDatapoint... dps) {
        List<Tuple2<String, MetricDatapoint>> out = new ArrayList<>();
        for (MetricDatapoint d : dps) {
            r.route(d, key -> out.add(Tuple2.of(key, d)));
        }
        return out;
    }

    @Test
    void onlyDatapointsOfAPeerRuleWithAMemberPassKeyedByTheirGroupDimension() {
        // Given the test rule: App/Latency of InstanceId, grouped by AutoScalingGroupName
        RuleSet rules = RulesFile.load("classpath:rules/peer-test-rules.yaml").peers();
        PeerRouting r = new PeerRouting(rules, TopologySnapshot.empty());

        // When datapoints of other metrics, the group-level series and members arrive
        List<Tuple2<String, MetricDatapoint>> out = route(r,
                dp("AWS/EC2", "CPUUtilization", "InstanceId", "i-1"),
                dp("App", "Errors", "InstanceId", "i-1", "AutoScalingGroupName", "web-asg"),
                dp("App", "Latency", "AutoScalingGroupName", "web-asg"),
                dp("App", "Latency", "InstanceId", "i-2"),
                dp("App", "Latency", "InstanceId", "i-1", "AutoScalingGroupName", "web-asg"));

        // Then only the member datapoint with its group passes, keyed account/region/rule/group
        assertThat(out).extracting(t -> t.f0).containsExactly(ACCOUNT + "/" + REGION + "/app-latency-peer/web-asg");
        assertThat(out.get(0).f1.dimension("InstanceId")).isEqualTo("i-1");
    }

    @Test
    void withoutAGroupDimensionTheFleetComesFromTheTopologySnapshot(@TempDir Path dir) throws IOException {
        // Given the default CPU peer rule and a snapshot placing i-1 in web-asg (i-9 is unknown)
        Path snapshot = dir.resolve("topology.json");
        Files.write(snapshot, ("{\"resources\": {\"i-1\": {\"availabilityZone\": \"eu-west-1a\","
                + " \"autoScalingGroup\": \"web-asg\"}}}").getBytes(StandardCharsets.UTF_8));
        RuleSet rules = RulesFile.load("classpath:rules/default-rules.yaml").peers();
        PeerRouting r = new PeerRouting(rules, TopologySnapshot.load(snapshot.toString()));

        // When CPU datapoints of both arrive
        List<Tuple2<String, MetricDatapoint>> out = route(r,
                dp("AWS/EC2", "CPUUtilization", "InstanceId", "i-1"),
                dp("AWS/EC2", "CPUUtilization", "InstanceId", "i-9"));

        // Then the known member is routed to its fleet and the unknown one is dropped
        assertThat(out).extracting(t -> t.f0).containsExactly(ACCOUNT + "/" + REGION + "/ec2-cpu-peer-outlier/web-asg");
    }

    @Test
    void keysSplitBackIntoRuleAndAGroupThatMayContainSlashes() {
        String key = PeerGroupKey.of(ACCOUNT, REGION, "tg-latency", "targetgroup/web/6d0ecf831eec9f09").key();

        assertThat(PeerGroupKey.parse(key).ruleId()).isEqualTo("tg-latency");
        assertThat(PeerGroupKey.parse(key).group()).isEqualTo("targetgroup/web/6d0ecf831eec9f09");
    }
}

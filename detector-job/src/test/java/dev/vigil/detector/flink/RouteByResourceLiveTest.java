package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datapoint routing under live rules: what it drops and where it sends a datapoint follow the
 * rules in force, so a metric no rule watched reaches the detector once a rule for it is added,
 * one whose rule is removed stops, and peer rules route to their groups likewise.
 */
class RouteByResourceLiveTest {
    private static final long T0 = 1_795_305_600_000L;
    private static final String LOCATION = "s3://vigil-rules/live/rules.yaml";
    private static final String ERRORS_KEY = ResourceKey.key("111122223333", "eu-west-1", "i-a");

    @Test
    void theRoutingFollowsTheRulesInForce() throws Exception {
        // Given the routing started under R0: a rule for App/Errors only
        RulesFile r0 = rules("start", 1, series("errors", "Errors"));
        try (BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, Tuple2<String, Either<MetricDatapoint, HealthEvent>>> h =
                     harness(r0)) {
            // When an Errors, a Queue and a Cpu datapoint come
            send(h);

            // Then only Errors reaches its resource; nothing goes to a peer group
            assertThat(keys(h)).containsExactly(ERRORS_KEY);
            assertThat(h.getSideOutput(RouteByResource.PEERS)).isNullOrEmpty();

            // When R1 removes the Errors rule, adds one for Queue and a peer rule for Cpu (grouped by Fleet)
            h.getOutput().clear();
            h.processBroadcastElement(update("\"etag-1\"", text(2, series("queue", "Queue"))
                    + "peerOutliers:\n" + peer("cpu-peers", "Cpu")), 0);
            send(h);

            // Then Queue, dropped before, reaches the same resource; Errors no longer does; Cpu goes to its group
            assertThat(keys(h)).containsExactly(ERRORS_KEY);
            assertThat(values(h)).extracting(MetricDatapoint::getMetricName).containsExactly("Queue");
            assertThat(h.getSideOutput(RouteByResource.PEERS)).extracting(r -> r.getValue().f0)
                    .singleElement().asString().contains("cpu-peers").contains("web");

            // and after a restart from a checkpoint, the routing is R1's still
            OperatorSubtaskState snapshot = h.snapshot(1, 1);
            try (BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, Tuple2<String, Either<MetricDatapoint, HealthEvent>>>
                         restored = harness(r0, snapshot)) {
                send(restored);
                assertThat(values(restored)).extracting(MetricDatapoint::getMetricName).containsExactly("Queue");
            }
        }
    }

    private static BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, Tuple2<String, Either<MetricDatapoint, HealthEvent>>>
            harness(RulesFile start) throws Exception {
        return harness(start, null);
    }

    /** The operator as the job runs it, restored from {@code snapshot} unless null; its output typed as the job's. */
    private static BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, Tuple2<String, Either<MetricDatapoint, HealthEvent>>>
            harness(RulesFile start, OperatorSubtaskState snapshot) throws Exception {
        BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, Tuple2<String, Either<MetricDatapoint, HealthEvent>>> h =
                new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(
                        new RouteByResource.Datapoints(new LiveRules(start, LOCATION), null), List.of(LiveRules.STATE)), 1, 1, 0);
        h.setup(DetectorInput.TYPE.createSerializer(new SerializerConfigImpl()));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    private static void send(BroadcastOperatorTestHarness<MetricDatapoint, RulesUpdate, ?> h) throws Exception {
        // (a series rule matches its exact dimension set, as CloudWatch does: the peer metric carries its group too)
        for (String metric : List.of("Errors", "Queue", "Cpu")) {
            MetricDatapoint.Builder b = MetricDatapoint.builder().account("111122223333").region("eu-west-1")
                    .namespace("App").metricName(metric).dimension("InstanceId", "i-a").timestamp(T0).unit("Count").value(1);
            MetricDatapoint dp = (metric.equals("Cpu") ? b.dimension("Fleet", "web") : b).build();
            h.processElement(new StreamRecord<>(dp, T0));
        }
    }

    private static List<String> keys(BroadcastOperatorTestHarness<?, ?, Tuple2<String, Either<MetricDatapoint, HealthEvent>>> h) {
        return h.extractOutputValues().stream().map(t -> t.f0).collect(Collectors.toList());
    }

    private static List<MetricDatapoint> values(
            BroadcastOperatorTestHarness<?, ?, Tuple2<String, Either<MetricDatapoint, HealthEvent>>> h) {
        return h.extractOutputValues().stream().map(t -> t.f1.left()).collect(Collectors.toList());
    }

    private static RulesUpdate update(String tag, String yaml) {
        return new RulesUpdate(LOCATION, tag, 0, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static RulesFile rules(String name, long version, String seriesRules) throws Exception {
        return RulesFile.parse(new ByteArrayInputStream(text(version, seriesRules).getBytes(StandardCharsets.UTF_8)), name);
    }

    private static String text(long version, String seriesRules) {
        return "version: " + version + "\nrules:\n" + seriesRules;
    }

    private static String series(String id, String metric) {
        return "  - id: " + id + "\n    namespace: App\n    metricName: " + metric + "\n    dimensions: [InstanceId]\n"
                + "    statistic: Maximum\n    periodSeconds: 60\n    detector: threshold\n"
                + "    comparison: GreaterThanThreshold\n    threshold: 100\n    datapointsToAlarm: 2\n"
                + "    evaluationPeriods: 2\n    impairmentType: RESOURCE_EXHAUSTION\n    severity: HIGH\n"
                + "    resourceDimension: InstanceId\n    resourceType: EC2_INSTANCE\n";
    }

    private static String peer(String id, String metric) {
        return "  - id: " + id + "\n    namespace: App\n    metricName: " + metric + "\n    statistic: Maximum\n"
                + "    memberDimension: InstanceId\n    groupDimension: Fleet\n    direction: HIGH\n    minPeers: 3\n"
                + "    ratio: 2.0\n    madK: 5\n    datapointsToAlarm: 3\n    evaluationPeriods: 5\n"
                + "    impairmentType: SERVICE_DEGRADATION\n    severity: LOW\n    resourceType: EC2_INSTANCE\n";
    }
}

package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource detector's live rules: an update applies at once, is kept in broadcast state, and
 * a restart restores it (unless live rules now come from elsewhere or are off: then the start
 * rules apply, as the application is configured).
 */
class LiveRulesRestoreTest {
    private static final long T0 = 1_795_305_600_000L;
    private static final long MIN = 60_000;
    private static final String LOCATION = "s3://vigil-rules/live/rules.yaml";
    private static final String KEY = ResourceKey.key("111122223333", "eu-west-1", "i-q");
    private static final OutputTag<DeadLetter> LATE = new OutputTag<>("late", DeadLetterTypeInfoFactory.TYPE_INFO);
    private static final RulesUpdate QUEUE_RULE = new RulesUpdate(LOCATION, "\"etag-1\"", 1L, ("version: 7\nrules:\n"
            + "  - id: queue-depth\n    namespace: App\n    metricName: Queue\n    dimensions: [InstanceId]\n"
            + "    statistic: Maximum\n    periodSeconds: 60\n    detector: threshold\n"
            + "    comparison: GreaterThanThreshold\n    threshold: 100\n    datapointsToAlarm: 2\n"
            + "    evaluationPeriods: 2\n    impairmentType: RESOURCE_EXHAUSTION\n    severity: HIGH\n"
            + "    resourceDimension: InstanceId\n    resourceType: EC2_INSTANCE\n").getBytes(StandardCharsets.UTF_8));

    @Test
    void anAppliedUpdateIsRestoredAfterARestartFromTheSameObject() throws Exception {
        // Given a detector started under the bundled rules that received the update (a rule for App/Queue)
        OperatorSubtaskState snapshot;
        try (KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>,
                RulesUpdate, Impairment> h = BroadcastHarness.detector(detector(LOCATION))) {
            h.open();
            h.processElement2(new StreamRecord<>(QUEUE_RULE));
            // (the same version again changes nothing)
            h.processElement2(new StreamRecord<>(QUEUE_RULE));
            snapshot = h.snapshot(1, 1);
        }

        // When it restarts from that checkpoint and the queue breaches
        assertThat(breachesAfterRestore(snapshot, LOCATION)).extracting(Impairment::getState)
                // Then the restored rule judges it
                .containsExactly(LifecycleState.OPEN);
        // and after a restart with live rules off (or another object), only the start rules apply
        assertThat(breachesAfterRestore(snapshot, null)).isEmpty();
        assertThat(breachesAfterRestore(snapshot, "s3://other/rules.yaml")).isEmpty();
    }

    private static List<Impairment> breachesAfterRestore(OperatorSubtaskState snapshot, String liveLocation) throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>,
                RulesUpdate, Impairment> h = BroadcastHarness.detector(detector(liveLocation))) {
            h.initializeState(snapshot);
            h.open();
            for (int m = 0; m < 3; m++) {
                MetricDatapoint dp = MetricDatapoint.builder().account("111122223333").region("eu-west-1").namespace("App")
                        .metricName("Queue").dimension("InstanceId", "i-q").timestamp(T0 + m * MIN).unit("Count")
                        .value(500).build();
                h.processElement1(new StreamRecord<>(DetectorInput.of(KEY, dp), dp.getTimestamp()));
                h.processBothWatermarks(new Watermark(T0 + (m + 1) * MIN));
            }
            return h.extractOutputValues();
        }
    }

    private static ResourceDetectorFunction detector(String liveLocation) {
        return new ResourceDetectorFunction(new LiveRules(RulesFile.load(RuleSet.DEFAULT_LOCATION), liveLocation),
                30 * MIN, LATE, null, true);
    }
}

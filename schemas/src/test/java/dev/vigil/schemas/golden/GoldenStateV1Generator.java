package dev.vigil.schemas.golden;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import dev.vigil.schemas.flink.ActionOutcomeTypeInfoFactory;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import dev.vigil.schemas.flink.RecoveryActionTypeInfoFactory;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one record of each codec ({@code schemas/.../flink/*TypeInfoFactory}) through its
 * {@code CodecSerializer}, as Flink writes records on the network and in state (the async
 * operators keep their in-flight impairments in state), beside the serializer snapshot a savepoint
 * stores for it and the record's JSON.
 *
 * <p><b>Run once per released layout; never regenerate v1.</b> The files under
 * {@code src/test/resources/golden/v1/records/} were written by the code of commit 545e0e3 and are
 * what {@link GoldenStateV1Test} reads; a later layout gets its own folder from its own generator.
 * To write a new version's files to a scratch folder:
 * <pre>
 * mvn -o -pl schemas test -Dtest=GoldenStateV1Generator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvigil.golden.generate=v1 -Dvigil.golden.out=/tmp/golden-v1
 * </pre>
 * Existing files are never overwritten.
 */
class GoldenStateV1Generator {
    /** 2025-11-22T08:30:00Z. */
    static final long T0 = 1763800200000L;

    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.GENERATE, matches = "v1")
    void writeRecords() throws Exception {
        Path dir = GoldenFiles.outputDir("v1").resolve("records");
        write(dir, "metric-datapoint", MetricDatapointTypeInfoFactory.TYPE_INFO, datapoint());
        write(dir, "health-event", HealthEventTypeInfoFactory.TYPE_INFO, healthEvent());
        write(dir, "impairment-open", ImpairmentTypeInfoFactory.TYPE_INFO, openImpairment());
        write(dir, "impairment-resolved", ImpairmentTypeInfoFactory.TYPE_INFO, resolvedImpairment());
        write(dir, "recovery-action", RecoveryActionTypeInfoFactory.TYPE_INFO, recoveryAction());
        write(dir, "action-outcome", ActionOutcomeTypeInfoFactory.TYPE_INFO, actionOutcome());
        write(dir, "dead-letter", DeadLetterTypeInfoFactory.TYPE_INFO, deadLetter());
    }

    @SuppressWarnings("deprecation")
    private static <T> void write(Path dir, String name, TypeInformation<T> info, T record) throws Exception {
        TypeSerializer<T> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(512);
        serializer.serialize(record, out);
        GoldenFiles.write(dir, name + ".bin", out.getCopyOfBuffer());
        DataOutputSerializer snapshot = new DataOutputSerializer(128);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
        GoldenFiles.write(dir, name + ".snapshot", snapshot.getCopyOfBuffer());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("bytes", out.length());
        expected.put("record", GoldenFiles.tree(record));
        GoldenFiles.writeJson(dir, name + ".json", expected);
    }

    /** An ALB datapoint with extra statistics (percentile and trimmed mean) and two dimensions. */
    static MetricDatapoint datapoint() {
        return MetricDatapoint.builder().account("123456789012").region("us-east-1")
                .namespace("AWS/ApplicationELB").metricName("TargetResponseTime")
                .dimension("TargetGroup", "targetgroup/golden-web/5e1f0a2b3c4d5e6f")
                .dimension("LoadBalancer", "app/golden-alb/0a1b2c3d4e5f6a7b")
                .timestamp(T0).unit("Seconds")
                .statistic("max", 2.75).statistic("min", 0.0125).statistic("sum", 187.5).statistic("count", 1500)
                .statistic("p99", 1.9).statistic("p50", 0.11).statistic("TM(10%:90%)", 0.0975)
                .build();
    }

    /** An alarm state change: a kind whose ordinal is not 0, two affected resources, a nested detail. */
    static HealthEvent healthEvent() {
        return new HealthEvent("6a7e7d1c-93c4-4b26-9d6f-golden000001", "aws.cloudwatch",
                "CloudWatch Alarm State Change", HealthEventKind.ALARM_STATE_CHANGE, "golden-web-5xx", "ALARM",
                "123456789012", "us-east-1", T0 + 95_000,
                new String[] {"arn:aws:cloudwatch:us-east-1:123456789012:alarm:golden-web-5xx"},
                new String[] {"app/golden-alb/0a1b2c3d4e5f6a7b", "targetgroup/golden-web/5e1f0a2b3c4d5e6f"},
                "{\"alarmName\":\"golden-web-5xx\",\"state\":{\"value\":\"ALARM\",\"reason\":\"Threshold Crossed: "
                        + "3 datapoints > 0.05 \\u2192 ALARM\"},\"previousState\":{\"value\":\"OK\"}}");
    }

    /** An impairment as the resource detector first emits it: no topology yet, no resolved time. */
    static Impairment openImpairment() {
        Evidence threshold = Evidence.builder(EvidenceKind.METRIC).ruleId("alb-target-5xx-ratio")
                .metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count/RequestCount",
                        Map.of("LoadBalancer", "app/golden-alb/0a1b2c3d4e5f6a7b",
                                "TargetGroup", "targetgroup/golden-web/5e1f0a2b3c4d5e6f"))
                .statistic("Sum").period(T0, 60).value(0.21).threshold("GreaterThanThreshold", 0.05)
                .message("3 of 5 periods breaching").build();
        return Impairment.builder().id("imp-0f1e2d3c4b5a69788796a5b4").revision(0).state(LifecycleState.OPEN)
                .resource("targetgroup/golden-web/5e1f0a2b3c4d5e6f", "TARGET_GROUP").location("123456789012", "us-east-1")
                .type(ImpairmentType.APPLICATION_ERROR).severity(Severity.HIGH)
                .summary("APPLICATION_ERROR on targetgroup/golden-web/5e1f0a2b3c4d5e6f (rule:alb-target-5xx-ratio)")
                .firstBreachTime(T0).detectionTime(T0 + 180_000).emitTime(T0 + 180_412)
                .evidence(threshold)
                .recommendedActions(ActionType.RESTART_SERVICE, ActionType.DEREGISTER_TARGET, ActionType.NOTIFY)
                .build();
    }

    /**
     * Everything set: threshold, anomaly-band, peer and event evidence, an incomplete topology with
     * tags and fleet sizes per zone, related ids, fail open, a resolved time.
     */
    static Impairment resolvedImpairment() {
        Map<String, String> instance = Map.of("InstanceId", "i-0c1d0000000000001");
        Evidence status = Evidence.builder(EvidenceKind.METRIC).ruleId("ec2-status-check-system")
                .metric("AWS/EC2", "StatusCheckFailed_System", instance).statistic("Maximum").period(T0, 60)
                .value(1.0).threshold("GreaterThanOrEqualToThreshold", 1.0).message("2 of 2 periods breaching").build();
        Evidence band = Evidence.builder(EvidenceKind.METRIC).ruleId("alb-target-response-time-anomaly")
                .metric("AWS/ApplicationELB", "TargetResponseTime", Map.of("TargetGroup", "targetgroup/golden-web/5e1f0a2b3c4d5e6f"))
                .statistic("Average").period(T0 + 60_000, 60).value(0.61).band(0.118, 0.071, 0.203, 0.993)
                .message("3 of 5 periods breaching").build();
        Evidence peer = new Evidence(EvidenceKind.METRIC, "ec2-cpu-peer-outlier", "AWS/EC2", "CPUUtilization", instance,
                "Average", T0 + 120_000, 60, 86.0, "PeerOutlier", 45.5, 30.0, 14.5, 45.5, 0.98, null, null, null,
                "6 members of golden-asg reporting; median 30.00");
        Evidence event = Evidence.builder(EvidenceKind.EVENT).event("golden-asg-terminate-1", "aws.autoscaling",
                "terminate-successful").message("EC2 Instance Terminate Successful").build();
        Evidence correlation = Evidence.builder(EvidenceKind.CORRELATION).message("3 of 3 members of us-east-1a impaired")
                .build();
        Topology topology = new Topology("us-east-1a", "golden-asg", new String[] {"targetgroup/golden-web/5e1f0a2b3c4d5e6f"},
                "app/golden-alb/0a1b2c3d4e5f6a7b", Map.of("vigil:managed", "true", "team", "web \u00e9quipe"),
                Map.of("us-east-1a", 3, "us-east-1b", 3), false, new String[] {"ec2: timeout after 2000 ms"});
        return Impairment.builder().id("imp-a1b2c3d4e5f60718293a4b5c").revision(4).state(LifecycleState.RESOLVED)
                .resource("i-0c1d0000000000001", "EC2_INSTANCE").location("123456789012", "us-east-1")
                .type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.CRITICAL)
                .summary("INSTANCE_FAILURE on i-0c1d0000000000001 (rule:ec2-status-check-system)")
                .firstBreachTime(T0).detectionTime(T0 + 120_000).emitTime(T0 + 2_160_350).resolvedTime(T0 + 2_145_000)
                .evidence(status, band, peer, event, correlation)
                .recommendedActions(ActionType.NOTIFY, ActionType.ZONAL_SHIFT, ActionType.FAILBACK_DNS)
                .topology(topology)
                .relatedImpairments("imp-zone00000000000000000001", "imp-fleet0000000000000000001")
                .memberActionsWithheld(true).humanRequired(true).build();
    }

    static RecoveryAction recoveryAction() {
        return new RecoveryAction("imp-a1b2c3d4e5f60718293a4b5c/instance-critical/0", "imp-a1b2c3d4e5f60718293a4b5c", 0,
                ActionType.REPLACE_INSTANCE, "i-0c1d0000000000001", "EC2_INSTANCE", "123456789012", "us-east-1",
                Map.of("asg", "golden-asg", "undo.desired", "6"), true, "instance failed its system status check");
    }

    static ActionOutcome actionOutcome() {
        return new ActionOutcome("imp-a1b2c3d4e5f60718293a4b5c/instance-critical/0", "imp-a1b2c3d4e5f60718293a4b5c", 0,
                ActionType.REPLACE_INSTANCE, "i-0c1d0000000000001", OutcomeStatus.SKIPPED,
                "needs a person: velocity: 1 destructive actions on golden-asg in the last PT10M (limit 1)", null, 3,
                T0 + 121_000, T0 + 121_250);
    }

    /** Original bytes that are not valid UTF-8: the dead letter must keep them exactly. */
    static DeadLetter deadLetter() {
        byte[] original = "{\"metric_name\":\"CPUUtilization\",\"value\":{\"max\":NaN}}\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[original.length + 2];
        System.arraycopy(original, 0, withBadByte, 0, original.length);
        withBadByte[original.length] = (byte) 0xC3;
        withBadByte[original.length + 1] = (byte) 0x28;
        return new DeadLetter(DeadLetterReason.NON_FINITE, "value.max is NaN", "metrics", T0 + 5_000, withBadByte);
    }
}

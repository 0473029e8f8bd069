package dev.vigil.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Fully populated records with fixed instants, for tests in every module. */
public final class Samples {
    /** 2025-11-22T08:30:00Z. */
    public static final long T0 = 1763800200000L;

    private Samples() {}

    public static MetricDatapoint datapoint() {
        return MetricDatapoint.builder().account("111122223333").region("eu-west-1")
                .namespace("AWS/ApplicationELB").metricName("TargetResponseTime")
                .dimension("TargetGroup", "targetgroup/web-tg/73e2d6bc24d8a067")
                .dimension("LoadBalancer", "app/web-alb/50dc6c495c0c9188")
                .timestamp(T0).unit("Seconds")
                .statistic("max", 2.91).statistic("min", 0.012).statistic("sum", 118.7).statistic("count", 1530)
                .statistic("p99", 2.4).statistic("TM(10%:90%)", 0.07)
                .build();
    }

    public static HealthEvent healthEvent() {
        return new HealthEvent("ee376907-2647-4179-9203-343cfb3017a4", "aws.ec2",
                "EC2 Instance State-change Notification", HealthEventKind.EC2_STATE_CHANGE, "stopped", "stopped",
                "111122223333", "eu-west-1", T0 + 67_000,
                new String[] {"arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60718"},
                new String[] {"i-0a1b2c3d4e5f60718"},
                "{\"instance-id\":\"i-0a1b2c3d4e5f60718\",\"state\":\"stopped\"}");
    }

    public static Impairment impairment() {
        Evidence metric = Evidence.builder(EvidenceKind.METRIC).ruleId("ec2-status-check")
                .metric("AWS/EC2", "StatusCheckFailed_System", Map.of("InstanceId", "i-0a1b2c3d4e5f60718"))
                .statistic("Maximum").period(T0, 60).value(1.0).threshold("GreaterThanOrEqualToThreshold", 1.0)
                .message("2 of 2 periods breaching").build();
        Evidence anomaly = Evidence.builder(EvidenceKind.METRIC).ruleId("alb-target-response-time")
                .metric("AWS/ApplicationELB", "TargetResponseTime", Map.of("TargetGroup", "targetgroup/web-tg/1"))
                .statistic("Average").period(T0, 60).value(0.9).band(0.08, 0.02, 0.2, 0.97).build();
        Evidence event = Evidence.builder(EvidenceKind.EVENT).event("ee376907", "aws.ec2", "stopped").build();
        Topology topology = new Topology("eu-west-1a", "web-asg", new String[] {"targetgroup/web-tg/1"},
                "app/web-alb/1", Map.of("team", "web"), Map.of("eu-west-1a", 3, "eu-west-1b", 2), false, new String[] {"elbv2: timeout"});
        return Impairment.builder().id("imp-0123456789abcdef").revision(1).state(LifecycleState.RESOLVED)
                .resource("i-0a1b2c3d4e5f60718", "EC2_INSTANCE").location("111122223333", "eu-west-1")
                .type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH).summary("status check failed")
                .firstBreachTime(T0).detectionTime(T0 + 120_000).emitTime(T0 + 125_000)
                .resolvedTime(T0 + 600_000).evidence(metric, anomaly, event)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY)
                .awsRecovering(new AwsRecovery(AwsRecoveryKind.INSTANCE_STOPPING, "ee376907", "aws.ec2", "stopping",
                        T0 + 60_000))
                .topology(topology)
                .relatedImpairments("imp-fleet-1").memberActionsWithheld(true).humanRequired(true).build();
    }

    public static RecoveryAction recoveryAction() {
        return new RecoveryAction("imp-0123456789abcdef/0", "imp-0123456789abcdef", 0, ActionType.SCALE_OUT,
                "web-asg", "AUTO_SCALING_GROUP", "111122223333", "eu-west-1", Map.of("scaleBy", "2"), false,
                "fleet degraded");
    }

    /** A planned action with every field of layout 3: beyond the recommendation, an unbound parameter, a 0.1 key. */
    public static RecoveryAction recoveryActionBeyondRecommendation() {
        return new RecoveryAction("imp-0123456789abcdef/REBOOT_INSTANCE/i-0a1b2c3d4e5f60718", "imp-0123456789abcdef",
                0, ActionType.REBOOT_INSTANCE, "i-0a1b2c3d4e5f60718", "EC2_INSTANCE", "111122223333", "eu-west-1",
                Map.of("topicArn", "arn:aws:sns:eu-west-1:111122223333:vigil"), true, "plan eager: OPEN",
                "our Health issues precede hardware faults", Map.of("ecsCluster", "${tag:vigil:ecs-cluster}"),
                "imp-0123456789abcdef/eager/0");
    }

    public static ActionOutcome actionOutcome() {
        return new ActionOutcome("imp-0123456789abcdef/0", "imp-0123456789abcdef", 0, ActionType.SCALE_OUT,
                "web-asg", OutcomeStatus.FAILED, "User is not authorized", "AccessDenied", 1, T0, T0 + 250);
    }

    public static DeadLetter deadLetter() {
        return new DeadLetter(DeadLetterReason.NON_FINITE, "value.max is NaN", "metrics", T0,
                "{\"value\":{\"max\":NaN}}".getBytes(StandardCharsets.UTF_8));
    }
}

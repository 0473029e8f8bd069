package dev.vigil.detector.topology;

import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordHintsTest {
    static Impairment impairment(String resourceId, String type, Evidence... evidence) {
        return Impairment.builder().id("imp-" + resourceId).revision(0).state(LifecycleState.OPEN)
                .resource(resourceId, type).location("111122223333", "eu-west-1")
                .type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH).firstBreachTime(0).detectionTime(0)
                .emitTime(0).evidence(evidence).build();
    }

    static Evidence metric(Map<String, String> dims) {
        return Evidence.builder(EvidenceKind.METRIC).ruleId("r").metric("AWS/EC2", "M", dims).build();
    }

    @Test
    void dimensionsOfTheEvidenceSayWhereTheResourceSits() {
        // Given evidence naming a zone, a group, a target group and a load balancer
        Impairment imp = impairment("i-1", "EC2_INSTANCE",
                metric(Map.of("InstanceId", "i-1", "AutoScalingGroupName", "web-asg", "AvailabilityZone", "eu-west-1a")),
                metric(Map.of("TargetGroup", "targetgroup/web-tg/1", "LoadBalancer", "app/web-alb/1")),
                Evidence.builder(EvidenceKind.EVENT).event("e", "aws.ec2", "stopped").build());

        // When hints are read
        Topology t = RecordHints.of(imp);

        // Then each is taken as CloudWatch wrote it
        assertThat(t.getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getTargetGroups()).containsExactly("targetgroup/web-tg/1");
        assertThat(t.getLoadBalancer()).isEqualTo("app/web-alb/1");
        assertThat(t.isComplete()).isTrue();
    }

    @Test
    void zonesTheRecordsDisagreeOnAreLeftUnknown() {
        // Given a target group's per-zone metrics from two zones
        Impairment imp = impairment("targetgroup/web-tg/1", "TARGET_GROUP",
                metric(Map.of("TargetGroup", "targetgroup/web-tg/1", "AvailabilityZone", "eu-west-1a")),
                metric(Map.of("TargetGroup", "targetgroup/web-tg/1", "AvailabilityZone", "eu-west-1b")));

        // When hints are read
        Topology t = RecordHints.of(imp);

        // Then the target group is known, its zone is not
        assertThat(t.getTargetGroups()).containsExactly("targetgroup/web-tg/1");
        assertThat(t.getAvailabilityZone()).isNull();
    }

    @Test
    void recordsWithoutTopologyDimensionsGiveNothing() {
        // Given evidence naming only the instance, and an event
        Impairment imp = impairment("i-1", "EC2_INSTANCE", metric(Map.of("InstanceId", "i-1")),
                Evidence.builder(EvidenceKind.EVENT).event("e", "aws.ec2", "stopped").build());

        // When hints are read / Then there are none
        assertThat(RecordHints.of(imp)).isNull();
    }

    @Test
    void aFleetResourceNamesItself() {
        // Given impairments of a group, a target group (as an ARN) and a load balancer, with no dimensions
        Impairment group = impairment("web-asg", "AUTO_SCALING_GROUP");
        Impairment tg = impairment("arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-tg/1",
                "TARGET_GROUP");
        Impairment lb = impairment("app/web-alb/1", "LOAD_BALANCER");

        // When hints are read / Then each is its own fleet, in CloudWatch's form
        assertThat(RecordHints.of(group).fleet()).isEqualTo("web-asg");
        assertThat(RecordHints.of(tg).fleet()).isEqualTo("targetgroup/web-tg/1");
        assertThat(RecordHints.of(lb).getLoadBalancer()).isEqualTo("app/web-alb/1");
    }
}

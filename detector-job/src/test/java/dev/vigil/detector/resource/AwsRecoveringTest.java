package dev.vigil.detector.resource;

import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an event says AWS is already recovering the resource, its impairment says so in
 * {@code awsRecovering}: an UPDATE when the recovery starts, another when the event that ends it
 * arrives (README, "Events").
 */
class AwsRecoveringTest {
    private static final long T0 = 1_795_341_600_000L; // 2026-11-22T10:00Z
    private static final long MIN = 60_000;

    private static AwsRecoveryKind[] kinds(Impairment i) {
        AwsRecovery[] r = i.getAwsRecovering();
        AwsRecoveryKind[] k = new AwsRecoveryKind[r.length];
        for (int n = 0; n < r.length; n++) {
            k[n] = r[n].getKind();
        }
        return k;
    }

    private static void assertValid(List<Impairment> records) {
        assertThat(records).allSatisfy(i -> assertThat(SchemaValidator.problems("impairment", i)).isEmpty());
        assertThat(records).extracting(Impairment::getId).containsOnly(records.get(0).getId());
    }

    @Test
    void aMultiAzFailoverIsAwsRecoveringUntilRdsSaysItCompleted() {
        // Given orders-db at 95 % CPU for ten minutes (rds-cpu-high: > 90, 5 of 5): impaired from 10:05
        DetectorDriver db = new DetectorDriver("orders-db");
        for (int m = 0; m < 12; m++) {
            db.datapoint("AWS/RDS", "CPUUtilization", T0 + m * MIN, 95, "DBInstanceIdentifier", "orders-db");
            if (m == 7) {
                db.event(TestEvents.rdsInstance("rds-1", "orders-db", "RDS-EVENT-0013",
                        "A Multi-AZ failover that resulted in the promotion of a standby instance has started.", T0 + m * MIN + 10_000));
            }
            if (m == 9) {
                db.event(TestEvents.rdsInstance("rds-2", "orders-db", "RDS-EVENT-0049", "A Multi-AZ failover has completed.",
                        T0 + m * MIN + 20_000));
            }
            db.advance(T0 + (m + 1) * MIN);
        }

        // Then: OPEN with nothing under way, an UPDATE when RDS starts failing over, one when it is done
        List<Impairment> out = db.emitted;
        assertThat(out).extracting(Impairment::getState)
                .containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.UPDATE);
        assertThat(kinds(out.get(0))).isEmpty();
        assertThat(kinds(out.get(1))).containsExactly(AwsRecoveryKind.DATABASE_FAILOVER);
        AwsRecovery failover = out.get(1).getAwsRecovering()[0];
        assertThat(failover.getCode()).isEqualTo("RDS-EVENT-0013");
        assertThat(failover.getEventId()).isEqualTo("rds-1");
        assertThat(failover.getSource()).isEqualTo("aws.rds");
        assertThat(failover.getSince()).isEqualTo(T0 + 7 * MIN + 10_000);
        assertThat(kinds(out.get(2))).isEmpty();
        assertThat(out).extracting(Impairment::getType).containsOnly(ImpairmentType.DATABASE);
        assertValid(out);
    }

    @Test
    void anAuroraClusterFailoverRaisedByEventsAloneEndsWithTheClusterEvent() {
        DetectorDriver cluster = new DetectorDriver("orders-cluster");
        cluster.event(TestEvents.rdsCluster("c-1", "orders-cluster", "RDS-EVENT-0073",
                "A failover for the DB cluster has begun across Availability Zones.", T0 + 10_000));
        cluster.advance(T0 + MIN);
        cluster.event(TestEvents.rdsCluster("c-2", "orders-cluster", "RDS-EVENT-0071",
                "A failover for the DB cluster has finished.", T0 + 2 * MIN));
        cluster.advance(T0 + 3 * MIN);

        List<Impairment> out = cluster.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(out.get(0).getResourceType()).isEqualTo("RDS_CLUSTER");
        assertThat(kinds(out.get(0))).containsExactly(AwsRecoveryKind.DATABASE_FAILOVER);
        assertThat(kinds(out.get(1))).isEmpty();
        assertValid(out);
    }

    @Test
    void aClusterFailoverThatFailsEndsAwsRecoveryAndAsksForAPerson() {
        DetectorDriver cluster = new DetectorDriver("orders-cluster");
        cluster.event(TestEvents.rdsCluster("c-1", "orders-cluster", "RDS-EVENT-0072",
                "A failover for the DB cluster has begun within the same Availability Zone.", T0));
        cluster.event(TestEvents.rdsCluster("c-2", "orders-cluster", "RDS-EVENT-0069",
                "A failover for the DB cluster has failed.", T0 + MIN));
        cluster.advance(T0 + 2 * MIN);

        List<Impairment> out = cluster.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE);
        assertThat(kinds(out.get(1))).isEmpty();
        assertThat(out.get(1).getSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anAutoScalingReplacementIsAwsRecoveringUntilTheInstanceIsGoneOrTheTerminationFails() {
        // Given an instance failing its system status check from 10:00 (impaired at 10:02)
        DetectorDriver i = new DetectorDriver("i-0a1b2c3d4e5f60718");
        for (int m = 0; m < 4; m++) {
            i.statusCheck(T0 + m * MIN, 1);
            i.advance(T0 + (m + 1) * MIN);
        }
        // When Auto Scaling moves it to Terminating:Wait, then fails to terminate it, then tries again and succeeds
        i.event(TestEvents.autoScaling("asg-1", "EC2 Instance-terminate Lifecycle Action", "web-asg", i.resourceId,
                T0 + 4 * MIN + 5_000));
        i.advance(T0 + 5 * MIN);
        i.event(TestEvents.autoScaling("asg-2", "EC2 Instance Terminate Unsuccessful", "web-asg", i.resourceId,
                T0 + 5 * MIN + 5_000));
        i.advance(T0 + 6 * MIN);
        i.event(TestEvents.autoScaling("asg-3", "EC2 Instance-terminate Lifecycle Action", "web-asg", i.resourceId,
                T0 + 6 * MIN + 5_000));
        i.event(TestEvents.autoScaling("asg-4", "EC2 Instance Terminate Successful", "web-asg", i.resourceId,
                T0 + 7 * MIN));
        i.advance(T0 + 8 * MIN);

        List<Impairment> out = i.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE,
                LifecycleState.UPDATE, LifecycleState.UPDATE, LifecycleState.RESOLVED);
        assertThat(kinds(out.get(1))).containsExactly(AwsRecoveryKind.INSTANCE_REPLACEMENT);
        assertThat(out.get(1).getAwsRecovering()[0].getCode()).isEqualTo("EC2 Instance-terminate Lifecycle Action");
        assertThat(kinds(out.get(2))).isEmpty();
        assertThat(kinds(out.get(3))).containsExactly(AwsRecoveryKind.INSTANCE_REPLACEMENT);
        assertThat(kinds(out.get(4))).isEmpty();
        assertValid(out);
    }

    @Test
    void anInstanceStoppingIsAwsRecoveringUntilItRunsAgain() {
        DetectorDriver i = new DetectorDriver("i-1");
        i.event(TestEvents.ec2State("e-1", "i-1", "stopping", T0));
        i.event(TestEvents.ec2State("e-2", "i-1", "stopped", T0 + MIN));
        i.advance(T0 + 2 * MIN);
        i.event(TestEvents.ec2State("e-3", "i-1", "running", T0 + 5 * MIN));
        i.advance(T0 + 6 * MIN);

        List<Impairment> out = i.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(kinds(out.get(0))).containsExactly(AwsRecoveryKind.INSTANCE_STOPPING);
        assertThat(out.get(0).getAwsRecovering()[0].getSince()).isEqualTo(T0);
        assertThat(kinds(out.get(1))).isEmpty();
        assertValid(out);
    }

    @Test
    void aScheduledRetirementIsAwsRecoveringFromTheNoticeUntilHealthClosesIt() {
        // Given AWS Health schedules the instance's retirement while it is healthy: no impairment yet
        DetectorDriver i = new DetectorDriver("i-2");
        i.event(TestEvents.health("h-1", "i-2", "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", "scheduledChange", "upcoming", T0));
        for (int m = 0; m < 3; m++) {
            i.statusCheck(T0 + m * MIN, 0);
            i.advance(T0 + (m + 1) * MIN);
        }
        assertThat(i.emitted).isEmpty();
        // When its status check then fails (2 of 2), and later Health closes the scheduled change
        for (int m = 3; m < 6; m++) {
            i.statusCheck(T0 + m * MIN, 1);
            i.advance(T0 + (m + 1) * MIN);
        }
        i.event(TestEvents.health("h-2", "i-2", "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED", "scheduledChange", "closed",
                T0 + 6 * MIN + 1_000));
        i.statusCheck(T0 + 6 * MIN, 1);
        i.advance(T0 + 7 * MIN);

        // Then the OPEN already says AWS is retiring it, and an UPDATE says when that is over
        List<Impairment> out = i.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE);
        assertThat(kinds(out.get(0))).containsExactly(AwsRecoveryKind.INSTANCE_RETIREMENT);
        assertThat(out.get(0).getAwsRecovering()[0].getCode()).isEqualTo("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
        assertThat(kinds(out.get(1))).isEmpty();
        assertValid(out);
    }

    @Test
    void aRecoveryNoEventEndsIsForgottenWithTheIdleResource() {
        // Given a maintenance notice for an instance that then goes silent
        DetectorDriver i = new DetectorDriver("i-3");
        i.event(TestEvents.health("h-1", "i-3", "AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED", "scheduledChange",
                "upcoming", T0));
        i.advance(T0 + MIN);
        assertThat(i.detector.expire(T0 + MIN, 3_600_000)).as("kept while recent").isFalse();
        // Then after the retention it no longer keeps the state alive
        assertThat(i.detector.expire(T0 + 2 * 3_600_000, 3_600_000)).isTrue();
    }

    @Test
    void aTerminatedInstancesLastDatapointsArrivingAfterItsTerminationOpenNothing() {
        // Given an instance impaired by failing status checks, then terminated by Auto Scaling at 10:04
        DetectorDriver i = new DetectorDriver("i-0a1b2c3d4e5f60718");
        for (int m = 0; m < 4; m++) {
            i.statusCheck(T0 + m * MIN, 1);
            i.advance(T0 + (m + 1) * MIN);
        }
        i.event(TestEvents.autoScaling("asg-9", "EC2 Instance Terminate Successful", "web-asg", i.resourceId, T0 + 4 * MIN));
        i.advance(T0 + 4 * MIN + 1);
        assertThat(i.emitted).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);

        // When its last datapoints come after that (the metric stream runs minutes behind the events;
        // with evaluate.on.complete the termination applies as soon as a minute is complete), still failing
        for (int m = 3; m < 7; m++) {
            i.statusCheck(T0 + m * MIN + 30_000, 1);
            i.advance(T0 + (m + 2) * MIN);
        }

        // Then nothing opens for an instance that is gone (its id never comes back)
        assertThat(i.emitted).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        // and its state still goes soon, not after the 24 h an impaired silent resource is kept
        assertThat(i.detector.expire(T0 + 10 * MIN, 24 * 3_600_000L)).as("kept while its last datapoints may come").isFalse();
        assertThat(i.detector.nextEvaluationTime()).isLessThanOrEqualTo(T0 + 4 * MIN + ResourceDetector.GONE_GRACE_MS + 1);
        assertThat(i.detector.expire(T0 + 4 * MIN + ResourceDetector.GONE_GRACE_MS + 1, 24 * 3_600_000L)).isTrue();
    }
}

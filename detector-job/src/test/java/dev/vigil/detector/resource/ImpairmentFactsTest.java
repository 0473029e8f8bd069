package dev.vigil.detector.resource;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an impairment's records state holds across its life: first breach, type, resource type. */
class ImpairmentFactsTest {
    private static final long T0 = 1_795_341_600_000L; // 2026-11-22T10:00Z
    private static final long MIN = 60_000;

    @Test
    void firstBreachIsTheEarliestBreachOfTheCausesEvenWhenAnEventOpenedIt() {
        // Given StatusCheckFailed_System breaching from 10:15 (2 of 2: it fires at 10:17)
        DetectorDriver i = new DetectorDriver("i-0a1b2c3d4e5f60718");
        for (int m = 0; m < 15; m++) {
            i.statusCheck(T0 + m * MIN, 0);
            i.advance(T0 + (m + 1) * MIN);
        }
        // When an AWS Health issue about the instance arrives at 10:16, before the rule has reached 2 of 2
        i.statusCheck(T0 + 15 * MIN, 1);
        i.event(TestEvents.health("h-1", i.resourceId, "AWS_EC2_OPERATIONAL_ISSUE", "issue", "open", T0 + 16 * MIN));
        i.advance(T0 + 16 * MIN);
        i.statusCheck(T0 + 16 * MIN, 1);
        i.advance(T0 + 17 * MIN);

        // Then the OPEN (detected 10:16 by the event) says the breach began at 10:15, and so does the UPDATE
        List<Impairment> out = i.emitted;
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE);
        assertThat(out.get(0).getDetectionTime()).isEqualTo(T0 + 16 * MIN);
        assertThat(out).extracting(Impairment::getFirstBreachTime).containsOnly(T0 + 15 * MIN);
        assertThat(out).extracting(Impairment::getId).containsOnly(out.get(0).getId());
    }

    @Test
    void aTargetGroupKeepsTheTypeItOpenedWithAsCausesComeAndGo() {
        // Given a 5xx ratio of 20 % (APPLICATION_ERROR, HIGH) from 10:00 and unhealthy hosts
        // (INSTANCE_FAILURE, MEDIUM) from 10:02; the 5xx stop at 10:06 and later the hosts recover
        String tg = "targetgroup/web-tg/0123456789abcdef";
        DetectorDriver d = new DetectorDriver(tg);
        for (int m = 0; m < 30; m++) {
            long ts = T0 + m * MIN;
            String[] dims = {"LoadBalancer", "app/web/1", "TargetGroup", tg};
            d.datapoint("AWS/ApplicationELB", "RequestCount", ts, 100, dims);
            d.datapoint("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ts, m < 6 ? 20 : 0, dims);
            d.datapoint("AWS/ApplicationELB", "UnHealthyHostCount", ts, m >= 2 && m < 20 ? 1 : 0, dims);
            d.advance(ts + MIN);
        }

        // Then the causes changed (severity fell HIGH -> MEDIUM) but every record says APPLICATION_ERROR
        List<Impairment> out = d.emitted;
        assertThat(out).extracting(Impairment::getState).startsWith(LifecycleState.OPEN).endsWith(LifecycleState.RESOLVED);
        assertThat(out).extracting(Impairment::getSeverity).contains(Severity.HIGH, Severity.MEDIUM);
        assertThat(out).extracting(Impairment::getType).containsOnly(ImpairmentType.APPLICATION_ERROR);
        assertThat(out).extracting(Impairment::getId).containsOnly(out.get(0).getId());
    }

    @Test
    void aDatabaseOpenedByAnAlarmKeepsThatTypeThroughFailovers() {
        // Given an application latency alarm on orders-db (SERVICE_DEGRADATION, MEDIUM), then two RDS
        // failovers (DATABASE, HIGH) while it stays in ALARM
        DetectorDriver db = new DetectorDriver("orders-db");
        db.event(TestEvents.alarm("a-1", "orders-latency", "ALARM", "App", "Latency", "DBInstanceIdentifier", "orders-db", T0));
        for (int k = 0; k < 2; k++) {
            long t = T0 + (1 + 4 * k) * MIN;
            db.event(TestEvents.rdsInstance("f-" + k, "orders-db", "RDS-EVENT-0013", "failover started", t));
            db.event(TestEvents.rdsInstance("c-" + k, "orders-db", "RDS-EVENT-0015", "failover complete", t + 2 * MIN));
        }
        db.event(TestEvents.alarm("a-2", "orders-latency", "OK", "App", "Latency", "DBInstanceIdentifier", "orders-db",
                T0 + 12 * MIN));
        db.advance(T0 + 13 * MIN);

        List<Impairment> out = db.emitted;
        assertThat(out).hasSize(6);
        assertThat(out).extracting(Impairment::getSeverity).contains(Severity.MEDIUM, Severity.HIGH);
        assertThat(out).extracting(Impairment::getType).containsOnly(ImpairmentType.SERVICE_DEGRADATION);
        assertThat(out).extracting(Impairment::getResourceType).containsOnly("RDS_INSTANCE");
    }

    @Test
    void everyRecordNamesItsResourceType() {
        // A fresh detector opening on its first datapoints, before its state was ever written
        DetectorDriver fresh = new DetectorDriver("i-1");
        fresh.statusCheck(T0, 1);
        fresh.statusCheck(T0 + MIN, 1);
        assertThat(fresh.advanceInPlace(T0 + 2 * MIN)).extracting(Impairment::getResourceType).containsExactly("EC2_INSTANCE");

        // Resources only events speak of
        assertThat(typeFrom(new DetectorDriver("i-2"), TestEvents.ec2State("e", "i-2", "stopped", T0))).isEqualTo("EC2_INSTANCE");
        assertThat(typeFrom(new DetectorDriver("orders-db"), TestEvents.rdsInstance("r", "orders-db", "RDS-EVENT-0013",
                "failover started", T0))).isEqualTo("RDS_INSTANCE");
        assertThat(typeFrom(new DetectorDriver("orders-cluster"), TestEvents.rdsCluster("r", "orders-cluster", "RDS-EVENT-0072",
                "failover begun", T0))).isEqualTo("RDS_CLUSTER");
        assertThat(typeFrom(new DetectorDriver("web-asg"), TestEvents.alarm("a", "capacity", "ALARM", "AWS/AutoScaling",
                "GroupInServiceInstances", "AutoScalingGroupName", "web-asg", T0))).isEqualTo("AUTO_SCALING_GROUP");
        assertThat(typeFrom(new DetectorDriver("targetgroup/api/1"), TestEvents.alarm("a", "tg", "ALARM", "AWS/ApplicationELB",
                "HTTPCode_Target_5XX_Count", "TargetGroup", "targetgroup/api/1", T0))).isEqualTo("TARGET_GROUP");
        assertThat(typeFrom(new DetectorDriver("vol-0123"), TestEvents.health("h", "vol-0123", "AWS_EBS_VOLUME_LOST", "issue",
                "open", T0))).isEqualTo("OTHER");
    }

    private static String typeFrom(DetectorDriver d, dev.vigil.schemas.HealthEvent e) {
        d.event(e);
        List<Impairment> out = d.advance(e.getTime() + MIN);
        assertThat(out).hasSize(1);
        return out.get(0).getResourceType();
    }
}

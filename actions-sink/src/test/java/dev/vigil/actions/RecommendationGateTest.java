package dev.vigil.actions;

import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The impairment decides whether, the plan decides how: a state-changing step runs only when the
 * record it is planned for recommends its action, and never on top of a recovery AWS is already
 * running. The cases are the ones seen in replays of real incidents.
 */
class RecommendationGateTest {
    private final Rig rig = new Rig();

    private static Impairment.Builder database(ActionType... recommended) {
        Topology t = new Topology("us-east-1a", null, null, null, Map.of("vigil:notify-topic", Fixtures.TOPIC), true,
                null);
        return Impairment.builder().id("imp-db").revision(1).state(LifecycleState.UPDATE)
                .resource("orders-db", "RDS_INSTANCE").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.DATABASE).severity(Severity.HIGH).summary("failover started")
                .firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 60_000).emitTime(Samples.T0 + 61_000)
                .recommendedActions(recommended).topology(t);
    }

    private static AwsRecovery rdsFailover() {
        return new AwsRecovery(AwsRecoveryKind.DATABASE_FAILOVER, "ev-0013", "aws.rds", "RDS-EVENT-0013",
                Samples.T0 + 30_000);
    }

    @Test
    void aDatabaseWhoseFailoverStartedIsNotFailedOverAgain() {
        // Given RDS-EVENT-0013 ("failover started") updated the impairment, recommending only NOTIFY
        Impairment imp = database(ActionType.NOTIFY).build();

        // When the default plans run for it (database-failover matches DATABASE at HIGH)
        List<ActionOutcome> out = rig.runner().run(imp);

        // Then no second failover: the step is SKIPPED saying what was recommended, and people hear of it
        ActionOutcome failover = Rig.of(out, ActionType.FAILOVER_DATABASE);
        assertThat(failover.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(failover.getDetail()).contains("not recommended").contains("[NOTIFY]").contains("revision 1");
        assertThat(rig.db.calls).isEmpty();
        assertThat(Rig.of(out, ActionType.NOTIFY).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void anInstanceOpenedByAHealthEventThatRecommendsNotifyIsNotRebooted() {
        // Given an AWS Health issue opened a HIGH instance failure recommending only NOTIFY
        Impairment imp = Fixtures.instance("imp-h", "i-1", Severity.HIGH).recommendedActions(ActionType.NOTIFY)
                .build();

        // When the reboot-first plan runs
        List<ActionOutcome> out = rig.runner().run(imp);

        // Then nothing is rebooted
        assertThat(Rig.of(out, ActionType.REBOOT_INSTANCE).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(rig.fleet.calls).isEmpty();
    }

    @Test
    void aGroupWhoseRuleRecommendsOnlyNotifyIsNotScaledOut() {
        // Given the demo's Auto Scaling group: in service below desired, the rule recommends [NOTIFY]
        Impairment imp = Impairment.builder().id("imp-g").revision(0).state(LifecycleState.OPEN)
                .resource("web-asg", "AUTO_SCALING_GROUP").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.SERVICE_DEGRADATION).severity(Severity.MEDIUM).firstBreachTime(Samples.T0)
                .detectionTime(Samples.T0 + 600_000).emitTime(Samples.T0 + 601_000)
                .recommendedActions(ActionType.NOTIFY)
                .topology(new Topology(null, "web-asg", null, null, Map.of("vigil:notify-topic", Fixtures.TOPIC),
                        true, null))
                .build();

        // When the capacity plan runs
        List<ActionOutcome> out = rig.runner().run(imp);

        // Then desired capacity stays at 4
        assertThat(Rig.of(out, ActionType.SCALE_OUT).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(rig.fleet.calls).isEmpty();
        assertThat(rig.fleet.group("web-asg").desired).isEqualTo(4);
    }

    @Test
    void whatTheImpairmentRecommendsRuns() {
        Impairment imp = Fixtures.instance("imp-c", "i-1", Severity.CRITICAL)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        List<ActionOutcome> out = rig.runner().run(imp);

        assertThat(Rig.of(out, ActionType.REPLACE_INSTANCE).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(rig.fleet.calls).containsExactly("terminate i-1");
    }

    @Test
    void aStepGoesBeyondTheRecommendationOnlyWhenThePlanSaysWhyAndTheOutcomeSaysSo() {
        // Given a plan whose reboot step deliberately goes beyond what the detector recommends
        RecoveryPlans plans = RecoveryPlans.parseYaml("plans: [{id: eager, steps: ["
                + "{action: REBOOT_INSTANCE, beyondRecommendation: 'our Health issues precede hardware faults'},"
                + "{action: REPLACE_INSTANCE}]}]");
        Impairment imp = Fixtures.instance("imp-b", "i-1", Severity.HIGH).recommendedActions(ActionType.NOTIFY)
                .build();

        // When it runs for an impairment that recommends only NOTIFY
        List<ActionOutcome> out = rig.runner(plans, false).run(imp);

        // Then the reboot runs and its outcome names the reason; the unmarked replace does not run
        ActionOutcome reboot = Rig.of(out, ActionType.REBOOT_INSTANCE);
        assertThat(reboot.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(reboot.getDetail()).contains("beyond the recommendation [NOTIFY]")
                .contains("our Health issues precede hardware faults");
        assertThat(Rig.of(out, ActionType.REPLACE_INSTANCE).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(rig.fleet.calls).containsExactly("reboot i-1");
    }

    @Test
    void aRecoveryAwsIsRunningPreemptsTheActionUntilALaterRevisionNoLongerListsIt() {
        // Given an RDS failure that recommends FAILOVER_DATABASE while RDS reports its own failover under way
        Impairment during = database(ActionType.FAILOVER_DATABASE, ActionType.NOTIFY).severity(Severity.CRITICAL)
                .awsRecovering(rdsFailover()).build();
        Impairment after = during.toBuilder().revision(2).awsRecovering().build();
        ActionRunner runner = rig.runner();

        // When the plan runs during AWS's failover
        List<ActionOutcome> first = runner.run(during);

        // Then the failover is SKIPPED naming the recovery (kind, event code, event id), and nothing is called
        ActionOutcome skipped = Rig.of(first, ActionType.FAILOVER_DATABASE);
        assertThat(skipped.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(skipped.getDetail()).contains("AWS is already recovering").contains("DATABASE_FAILOVER")
                .contains("RDS-EVENT-0013").contains("ev-0013");
        assertThat(rig.db.calls).isEmpty();

        // And when a later revision no longer lists it, the failover runs, once
        List<ActionOutcome> second = runner.run(after);
        assertThat(Rig.of(second, ActionType.FAILOVER_DATABASE).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        runner.run(after);
        assertThat(rig.db.calls).containsExactly("failover orders-db");
    }

    @Test
    void goingBeyondTheRecommendationNeverOverridesARecoveryAwsIsRunning() {
        RecoveryPlans plans = RecoveryPlans.parseYaml("plans: [{id: eager, steps: ["
                + "{action: REPLACE_INSTANCE, beyondRecommendation: 'replace on any doubt'}]}]");
        Impairment imp = Fixtures.instance("imp-r", "i-1", Severity.CRITICAL).recommendedActions(ActionType.NOTIFY)
                .awsRecovering(new AwsRecovery(AwsRecoveryKind.INSTANCE_REPLACEMENT, "ev-asg", "aws.autoscaling",
                        "EC2 Instance-terminate Lifecycle Action", Samples.T0))
                .build();

        List<ActionOutcome> out = rig.runner(plans, false).run(imp);

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(out.get(0).getDetail()).contains("INSTANCE_REPLACEMENT").contains("ev-asg");
        assertThat(rig.fleet.calls).isEmpty();
    }
}

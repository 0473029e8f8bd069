package dev.vigil.actions.plan;

import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    private final Planner planner = new Planner(RecoveryPlans.loadDefault());

    @Test
    void aCriticalInstanceFailureIsReplacedWithARollbackAndANotification() {
        // Given a CRITICAL instance failure
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build();

        // When it is planned
        List<RecoveryAction> actions = planner.plan(imp);

        // Then: replace, its rollback notify, then notify; ids say what is done to what
        assertThat(actions).extracting(RecoveryAction::getActionId).containsExactly("imp-1/REPLACE_INSTANCE/i-1",
                "imp-1/REPLACE_INSTANCE/i-1/rollback/NOTIFY/i-1", "imp-1/NOTIFY/i-1");
        assertThat(actions).extracting(RecoveryAction::getLegacyActionId).containsExactly(
                "imp-1/instance-critical/0", "imp-1/instance-critical/0/rollback/0", "imp-1/instance-critical/1");
        assertThat(actions).extracting(RecoveryAction::getStep).containsExactly(0, 100, 1);
        RecoveryAction replace = actions.get(0);
        assertThat(replace.getType()).isEqualTo(ActionType.REPLACE_INSTANCE);
        assertThat(replace.isDestructive()).isTrue();
        assertThat(replace.getResourceId()).isEqualTo("i-1");
        assertThat(replace.getParameters()).containsEntry("topicArn", Fixtures.TOPIC);
        assertThat(actions.get(1).getParameters()).containsEntry(Planner.ROLLBACK_OF, "imp-1/REPLACE_INSTANCE/i-1")
                .containsEntry("subject", "Vigil could not replace i-1");
        for (RecoveryAction a : actions) {
            assertThat(SchemaValidator.problems("recovery-action", a)).isEmpty();
        }
    }

    @Test
    void planningIsDeterministic() {
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build();

        assertThat(planner.plan(imp)).isEqualTo(planner.plan(imp));
        assertThat(new Planner(RecoveryPlans.loadDefault()).plan(imp)).isEqualTo(planner.plan(imp));
    }

    @Test
    void rebootFirstReplacesOnlyFromTheNextRevision() {
        Impairment open = Fixtures.instance("imp-2", "i-2", Severity.HIGH).build();
        Impairment update = open.toBuilder().state(LifecycleState.UPDATE).revision(1).build();

        assertThat(planner.plan(open)).extracting(RecoveryAction::getType)
                .containsExactly(ActionType.REBOOT_INSTANCE, ActionType.NOTIFY);
        // The same ids on the update: the ledger lets the reboot and notify run once.
        assertThat(planner.plan(update)).extracting(RecoveryAction::getActionId).containsExactly(
                "imp-2/REBOOT_INSTANCE/i-2", "imp-2/REPLACE_INSTANCE/i-2", "imp-2/NOTIFY/i-2");
    }

    @Test
    void failOpenTurnsDestructiveStepsIntoNotificationsWithTheirOwnKeys() {
        Impairment imp = Fixtures.instance("imp-3", "i-3", Severity.CRITICAL).memberActionsWithheld(true).build();

        List<RecoveryAction> actions = planner.plan(imp);

        assertThat(actions).extracting(RecoveryAction::getType).containsOnly(ActionType.NOTIFY);
        assertThat(actions).extracting(RecoveryAction::getActionId)
                .containsExactly("imp-3/REPLACE_INSTANCE/i-3/notify", "imp-3/NOTIFY/i-3");
        assertThat(actions.get(0).getParameters()).containsEntry("withheldAction", "REPLACE_INSTANCE");
        assertThat(actions.get(0).getReason()).contains("fail open");
        assertThat(actions).noneMatch(RecoveryAction::isDestructive);
    }

    @Test
    void humanRequiredLeavesOnlyOneNotification() {
        Impairment imp = Fixtures.instance("imp-4", "i-4", Severity.CRITICAL).humanRequired(true).build();

        List<RecoveryAction> actions = planner.plan(imp);

        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).getActionId()).isEqualTo("imp-4/human");
        assertThat(actions.get(0).getLegacyActionId()).isEqualTo("imp-4/instance-critical/human");
        assertThat(actions.get(0).getType()).isEqualTo(ActionType.NOTIFY);
        assertThat(actions.get(0).getReason()).contains("REPLACE_INSTANCE, NOTIFY");
    }

    @Test
    void aPlanThatSaysAHumanMustDecideOnlyNotifies() {
        Impairment imp = Fixtures.instance("imp-5", "web-asg", Severity.HIGH).type(ImpairmentType.FLEET).build();

        assertThat(planner.plan(imp)).extracting(RecoveryAction::getActionId).containsExactly("imp-5/human");
    }

    @Test
    void resolvedPlansFailbackThatUndoesTheFailover() {
        Impairment open = Fixtures.zone("imp-z", LifecycleState.OPEN);
        Impairment resolved = Fixtures.zone("imp-z", LifecycleState.RESOLVED);

        List<RecoveryAction> recovery = planner.plan(open);
        List<RecoveryAction> failback = planner.plan(resolved);

        assertThat(recovery).extracting(RecoveryAction::getType)
                .containsExactly(ActionType.ZONAL_SHIFT, ActionType.FAILOVER_DNS, ActionType.NOTIFY);
        assertThat(recovery.get(0).getParameters()).containsEntry("awayFrom", "us-east-1a").containsEntry("expiresIn",
                "1h");
        assertThat(failback).extracting(RecoveryAction::getActionId)
                .containsExactly("imp-z/failback/FAILBACK_DNS/us-east-1a", "imp-z/failback/NOTIFY/us-east-1a");
        assertThat(failback.get(0).getStep()).isEqualTo(1000);
        assertThat(failback.get(0).getParameters()).containsEntry(Planner.UNDOES, "imp-z/FAILOVER_DNS/us-east-1a")
                .containsEntry(Planner.UNDOES_LEGACY, "imp-z/zone/1")
                .containsEntry("hostedZoneId", "Z1");
    }

    @Test
    void placeholdersWithoutValueLeaveTheParameterOut() {
        // Given a capacity impairment on an instance with no Auto Scaling group and no tags
        Impairment imp = Fixtures.instance("imp-6", "i-6", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                .topology(null).build();

        List<RecoveryAction> actions = planner.plan(imp);

        // Then the scale-out has no resource, and nothing has a half-filled topic
        assertThat(actions.get(0).getType()).isEqualTo(ActionType.SCALE_OUT);
        assertThat(actions.get(0).getResourceId()).isNull();
        assertThat(actions.get(0).getParameters()).doesNotContainKey("topicArn").containsEntry("scaleBy", "2");
    }

    @Test
    void theScaleOutTargetsTheGroup() {
        Impairment imp = Fixtures.instance("imp-7", "i-7", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                .build();

        RecoveryAction a = planner.plan(imp).get(0);

        assertThat(a.getResourceId()).isEqualTo("web-asg");
        assertThat(a.getResourceType()).isEqualTo("AUTO_SCALING_GROUP");
        assertThat(a.isDestructive()).isFalse();
    }

    @Test
    void anEscalatedSeverityNamesTheSameReplacementWhateverThePlan() {
        Impairment high = Fixtures.instance("imp-8", "i-8", Severity.HIGH).revision(1).build();
        Impairment critical = high.toBuilder().state(LifecycleState.UPDATE).revision(2).severity(Severity.CRITICAL)
                .build();

        assertThat(planner.plan(critical).get(0).getActionId()).isEqualTo("imp-8/REPLACE_INSTANCE/i-8");
        assertThat(planner.plan(high)).extracting(RecoveryAction::getActionId).contains("imp-8/REPLACE_INSTANCE/i-8");
        assertThat(planner.plan(critical).get(0).getLegacyActionId()).isEqualTo("imp-8/instance-critical/0");
        assertThat(planner.plan(high).get(1).getLegacyActionId()).isEqualTo("imp-8/instance-reboot-first/1");
    }

    @Test
    void aParameterWhosePlaceholderHasNoValueIsNamedWithItsTemplate() {
        // Given 5xx on a target group whose tags name no ECS cluster or service
        Impairment imp = Fixtures.instance("imp-t", "targetgroup/web/1", Severity.HIGH)
                .resource("targetgroup/web/1", "TARGET_GROUP").type(ImpairmentType.APPLICATION_ERROR).build();

        RecoveryAction restart = planner.plan(imp).get(0);

        // Then both are left out of the parameters and kept, with their templates, as unbound
        assertThat(restart.getType()).isEqualTo(ActionType.RESTART_SERVICE);
        assertThat(restart.getParameters()).doesNotContainKeys("ecsCluster", "ecsService");
        assertThat(restart.getUnboundParameters()).containsEntry("ecsCluster", "${tag:vigil:ecs-cluster}")
                .containsEntry("ecsService", "${tag:vigil:ecs-service}").doesNotContainKey("topicArn");
    }

    @Test
    void whatNoPlanMatchesIsNotPlanned() {
        Planner strict = new Planner(RecoveryPlans.parseYaml(
                "plans: [{id: db, match: {impairmentTypes: [DATABASE]}, steps: [{action: FAILOVER_DATABASE}]}]"));

        assertThat(strict.plan(Fixtures.instance("imp-9", "i-9", Severity.LOW).build())).isEmpty();
        assertThat(strict.plan(Fixtures.zone("imp-z", LifecycleState.RESOLVED))).isEmpty();
    }

    @Test
    void aDegradedGroupWithoutTopologyIsItsOwnAsg() {
        // Given the detector's record for an Auto Scaling group, with no topology attached
        Impairment imp = Impairment.builder().id("imp-g").revision(0).state(LifecycleState.OPEN)
                .resource("web-asg", "AUTO_SCALING_GROUP").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.SERVICE_DEGRADATION).severity(Severity.MEDIUM).firstBreachTime(0)
                .detectionTime(1).emitTime(2).build();

        // Then the capacity plan scales that group
        RecoveryAction scale = new Planner(RecoveryPlans.loadDefault()).plan(imp).get(0);
        assertThat(scale.getType()).isEqualTo(ActionType.SCALE_OUT);
        assertThat(scale.getResourceId()).isEqualTo("web-asg");
    }
}

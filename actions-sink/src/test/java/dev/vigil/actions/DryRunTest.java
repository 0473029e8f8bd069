package dev.vigil.actions;

import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
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

/** A dry run reports what the real run would fail on, through the same validation. */
class DryRunTest {
    private final Rig rig = new Rig();

    /** 5xx on a target group whose tags name no ECS cluster: the default plan restarts the ECS service. */
    private static Impairment untaggedTargetGroup() {
        Topology t = new Topology("us-east-1a", null, null, "app/web/1",
                Map.of("vigil:notify-topic", Fixtures.TOPIC, "vigil:ecs-service", "web"), true, null);
        return Impairment.builder().id("imp-tg").revision(0).state(LifecycleState.OPEN)
                .resource("targetgroup/web-tg/1", "TARGET_GROUP").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.APPLICATION_ERROR).severity(Severity.HIGH).summary("5xx")
                .firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 180_000).emitTime(Samples.T0 + 181_000)
                .recommendedActions(ActionType.RESTART_SERVICE, ActionType.NOTIFY).topology(t).build();
    }

    @Test
    void aDryRunFailsAStepWhoseRequiredTagIsMissingNamingIt() {
        List<ActionOutcome> out = rig.runner(RecoveryPlans.loadDefault(), true).run(untaggedTargetGroup());

        ActionOutcome restart = Rig.of(out, ActionType.RESTART_SERVICE);
        assertThat(restart.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(restart.getErrorCode()).isEqualTo("MissingParameter");
        assertThat(restart.getDetail()).contains("ecsCluster").contains("vigil:ecs-cluster");
        assertThat(rig.services.calls).isEmpty();
    }

    @Test
    void theRealRunFailsTheSameStepTheSameWay() {
        List<ActionOutcome> out = rig.runner().run(untaggedTargetGroup());

        ActionOutcome restart = Rig.of(out, ActionType.RESTART_SERVICE);
        assertThat(restart.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(restart.getErrorCode()).isEqualTo("MissingParameter");
        assertThat(restart.getDetail()).contains("ecsCluster").contains("vigil:ecs-cluster");
        assertThat(rig.services.calls).isEmpty();
        assertThat(rig.ledger.get(restart.getActionId())).as("nothing was claimed").isNull();
    }

    @Test
    void aDryRunFailsWhatReadingTheStateWouldFailOn() {
        // Given a capacity impairment whose Auto Scaling group does not exist
        Impairment imp = Fixtures.instance("imp-s", "i-1", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                .recommendedActions(ActionType.SCALE_OUT, ActionType.NOTIFY)
                .topology(new Topology("us-east-1a", "gone-asg", null, null,
                        Map.of("vigil:notify-topic", Fixtures.TOPIC), true, null))
                .build();

        List<ActionOutcome> out = rig.runner(RecoveryPlans.loadDefault(), true).run(imp);

        ActionOutcome scale = Rig.of(out, ActionType.SCALE_OUT);
        assertThat(scale.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(scale.getErrorCode()).isEqualTo("AutoScalingGroupNotFound");
        assertThat(rig.fleet.calls).isEmpty();
    }

    @Test
    void aCompleteStepIsReportedAsWhatItWouldDo() {
        List<ActionOutcome> out = rig.runner(RecoveryPlans.loadDefault(), true).run(
                Fixtures.instance("imp-s", "i-1", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                        .recommendedActions(ActionType.SCALE_OUT, ActionType.NOTIFY).build());

        assertThat(Rig.statuses(out)).containsOnly(OutcomeStatus.DRY_RUN);
        assertThat(out.get(0).getDetail()).contains("would SCALE_OUT web-asg").contains("targetDesiredCapacity=5");
        assertThat(rig.ledger.size()).isZero();
    }
}

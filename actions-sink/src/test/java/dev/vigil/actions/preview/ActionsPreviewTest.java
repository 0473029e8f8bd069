package dev.vigil.actions.preview;

import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The actions a replayed incident would get, from the real planner and gate, with no AWS at all. */
class ActionsPreviewTest {
    private static final long MINUTE = 60_000;

    private static Impairment instance(String id, String instance, long at) {
        return Fixtures.instance(id, instance, Severity.CRITICAL).detectionTime(at).build();
    }

    private static List<PlannedAction> of(List<PlannedAction> lines, ActionType type) {
        return lines.stream().filter(l -> l.getAction().getType() == type).collect(Collectors.toList());
    }

    @Test
    void eachPlannedActionSaysWhatALiveRunWouldDoAndWhatItCouldNotCheck() {
        // Given an instance failure, its next revision, a group whose rule recommends only NOTIFY,
        // a target group without the ECS tags its plan needs, and a database RDS is failing over
        Impairment open = instance("imp-i", "i-1", Samples.T0);
        Impairment update = open.toBuilder().revision(1).state(LifecycleState.UPDATE).build();
        Impairment group = Impairment.builder().id("imp-g").revision(0).state(LifecycleState.OPEN)
                .resource("web-asg", "AUTO_SCALING_GROUP").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.SERVICE_DEGRADATION).severity(Severity.MEDIUM).firstBreachTime(Samples.T0)
                .detectionTime(Samples.T0 + 10 * MINUTE).recommendedActions(ActionType.NOTIFY).build();
        Impairment tg = Fixtures.instance("imp-t", "targetgroup/web/1", Severity.HIGH)
                .resource("targetgroup/web/1", "TARGET_GROUP").type(ImpairmentType.APPLICATION_ERROR)
                .recommendedActions(ActionType.RESTART_SERVICE, ActionType.NOTIFY).build();
        Impairment db = Impairment.builder().id("imp-d").revision(0).state(LifecycleState.OPEN)
                .resource("orders-db", "RDS_INSTANCE").location(Fixtures.ACCOUNT, Fixtures.REGION)
                .type(ImpairmentType.DATABASE).severity(Severity.CRITICAL).firstBreachTime(Samples.T0)
                .detectionTime(Samples.T0 + MINUTE)
                .recommendedActions(ActionType.FAILOVER_DATABASE, ActionType.NOTIFY)
                .awsRecovering(new AwsRecovery(AwsRecoveryKind.DATABASE_FAILOVER, "ev-13", "aws.rds",
                        "RDS-EVENT-0013", Samples.T0 + 30_000))
                .build();

        // When they are previewed with the default plans and no Actions config
        List<PlannedAction> lines = ActionsPreview.of(Map.of(), null).run(List.of(update, group, tg, db, open));

        // Then the replacement would run once, the notices say what needs live state or is missing
        List<PlannedAction> replace = of(lines, ActionType.REPLACE_INSTANCE);
        assertThat(replace).extracting(PlannedAction::getStatus)
                .containsExactly(OutcomeStatus.DRY_RUN, OutcomeStatus.SKIPPED);
        assertThat(replace.get(0).getRevision()).isZero();
        assertThat(replace.get(0).getReason()).contains("needs live state").contains("Auto Scaling group")
                .contains("velocity limit of web-asg");
        assertThat(replace.get(1).getReason()).contains("already previewed for revision 0");
        PlannedAction scale = of(lines, ActionType.SCALE_OUT).get(0);
        assertThat(scale.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(scale.getReason()).startsWith("not recommended");
        PlannedAction restart = of(lines, ActionType.RESTART_SERVICE).get(0);
        assertThat(restart.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(restart.getReason()).contains("ecsCluster").contains("vigil:ecs-cluster");
        PlannedAction failover = of(lines, ActionType.FAILOVER_DATABASE).get(0);
        assertThat(failover.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(failover.getReason()).contains("AWS is already recovering").contains("RDS-EVENT-0013");
        // And every line is what the schema publishes
        for (PlannedAction l : lines) {
            assertThat(SchemaValidator.problems("planned-action", l)).as(l.toString()).isEmpty();
            assertThat(Json.fromString(Json.toString(l), PlannedAction.class)).isEqualTo(l);
        }
    }

    @Test
    void velocityLimitsRunOnEventTimeAsTheyWouldLive() {
        // Given five instances of web-asg failing a minute apart (default: 3 destructive actions per 10 minutes)
        List<Impairment> incident = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            incident.add(instance("imp-" + i, "i-" + i, Samples.T0 + i * MINUTE));
        }

        List<PlannedAction> lines = ActionsPreview.of(Map.of(), null).run(incident);

        // Then three would be replaced and the next two go to a person
        assertThat(of(lines, ActionType.REPLACE_INSTANCE)).extracting(PlannedAction::getStatus).containsExactly(
                OutcomeStatus.DRY_RUN, OutcomeStatus.DRY_RUN, OutcomeStatus.DRY_RUN, OutcomeStatus.SKIPPED,
                OutcomeStatus.SKIPPED);
        assertThat(of(lines, ActionType.REPLACE_INSTANCE).get(3).getReason()).contains("needs a person")
                .contains("velocity");
        assertThat(lines).filteredOn(l -> l.getAction().getActionId().equals("imp-3/REPLACE_INSTANCE/i-3/notify"))
                .singleElement().satisfies(l -> assertThat(l.getStatus()).isEqualTo(OutcomeStatus.DRY_RUN));

        // And ten minutes later the window has room again
        List<Impairment> later = new ArrayList<>(incident);
        later.add(instance("imp-late", "i-9", Samples.T0 + 20 * MINUTE));
        List<PlannedAction> again = ActionsPreview.of(Map.of(), null).run(later);
        assertThat(of(again, ActionType.REPLACE_INSTANCE).get(5).getStatus()).isEqualTo(OutcomeStatus.DRY_RUN);
    }

    @Test
    void theScopeAndTopicOfTheJobConfigApply() {
        // Given the job config allows only i-1 and names a topic
        Properties actions = new Properties();
        actions.setProperty("scope.accounts", "*");
        actions.setProperty("scope.regions", "*");
        actions.setProperty("scope.resources", "i-1");
        actions.setProperty("notify.topic.arn", "arn:aws:sns:us-east-1:111122223333:ops");
        ActionsPreview preview = ActionsPreview.of(Map.of("Actions", actions), null);
        Impairment untagged = instance("imp-2", "i-2", Samples.T0).toBuilder()
                .topology(new Topology("us-east-1a", "web-asg", null, null, Map.of(), true, null)).build();

        List<PlannedAction> lines = preview.run(List.of(instance("imp-1", "i-1", Samples.T0), untagged));

        // Then the other instance is out of scope, and its notice goes to the configured topic
        assertThat(lines).filteredOn(l -> l.getAction().getType() == ActionType.REPLACE_INSTANCE)
                .extracting(PlannedAction::getStatus).containsExactly(OutcomeStatus.DRY_RUN, OutcomeStatus.SKIPPED);
        assertThat(lines).filteredOn(l -> l.getImpairmentId().equals("imp-2")
                && l.getAction().getType() == ActionType.NOTIFY).singleElement()
                .satisfies(l -> assertThat(l.getStatus()).isEqualTo(OutcomeStatus.DRY_RUN));
        assertThat(preview.describe()).contains("resources=[i-1]");
    }
}

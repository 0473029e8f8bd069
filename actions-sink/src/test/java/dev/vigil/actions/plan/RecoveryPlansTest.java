package dev.vigil.actions.plan;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryPlansTest {

    @Test
    void bundledDefaultsLoadAndEndWithACatchAll() {
        RecoveryPlans plans = RecoveryPlans.loadDefault();

        assertThat(plans.getPlans()).extracting(RecoveryPlan::getId).contains("instance-critical", "zone", "notify");
        RecoveryPlan last = plans.getPlans().get(plans.getPlans().size() - 1);
        assertThat(last.getImpairmentTypes()).isEmpty();
        assertThat(last.getMinSeverity()).isEqualTo(Severity.LOW);
        RecoveryPlan zone = plans.getPlans().stream().filter(p -> p.getId().equals("zone")).findFirst().get();
        assertThat(zone.getImpairmentTypes()).containsExactly(ImpairmentType.ZONE);
        assertThat(zone.getFailback().get(0).getUndoes()).isEqualTo(1);
        assertThat(plans.getParameters()).containsEntry("topicArn", "${tag:vigil:notify-topic}");
    }

    @Test
    void destructiveDefaultsFollowTheActionType() {
        RecoveryPlans plans = RecoveryPlans.parseYaml("plans: [{id: p, steps: [{action: REPLACE_INSTANCE},"
                + " {action: SCALE_OUT}, {action: NOTIFY, destructive: true}]}]");

        assertThat(plans.getPlans().get(0).getSteps()).extracting(PlanStep::isDestructive)
                .containsExactly(true, false, true);
    }

    @Test
    void jsonIsReadToo() throws Exception {
        String json = "{\"plans\": [{\"id\": \"p\", \"steps\": [{\"action\": \"NOTIFY\"}]}]}";

        RecoveryPlans plans = RecoveryPlans.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "plans.json");

        assertThat(plans.getPlans().get(0).getSteps().get(0).getAction()).isEqualTo(ActionType.NOTIFY);
    }

    @Test
    void anUnknownActionFailsNamingPlanAndKey() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: web, steps: [{action: NOTIFY},"
                + " {action: TERMINATE}]}]"))
                .isInstanceOf(PlanValidationException.class)
                .hasMessageContaining("plan 'web'").hasMessageContaining("steps[1].action")
                .hasMessageContaining("'TERMINATE'");
    }

    @Test
    void aTypoInAKeyFailsInsteadOfBeingIgnored() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: web, steps: [{action: REPLACE_INSTANCE,"
                + " rolback: [{action: NOTIFY}]}]}]"))
                .hasMessageContaining("plan 'web'").hasMessageContaining("steps[0].rolback")
                .hasMessageContaining("unknown key");
    }

    @Test
    void anUnknownKeyNamesTheNearestKnownOneAtEveryLevel() {
        // Given typos in a step, in a plan's match and at the top level of the file
        // Then each fails naming the key as written and the one meant
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: web, steps: [{action: REPLACE_INSTANCE,"
                + " rolback: [{action: NOTIFY}]}]}]"))
                .hasMessageContaining("steps[0].rolback").hasMessageContaining("did you mean 'rollback'");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: web, match: {minSeverty: HIGH},"
                + " steps: [{action: NOTIFY}]}]"))
                .hasMessageContaining("match.minSeverty").hasMessageContaining("did you mean 'minSeverity'");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("parameter: {topic: x}\nplans: [{id: web, steps: [{action: NOTIFY}]}]"))
                .hasMessageContaining("'parameter'").hasMessageContaining("did you mean 'parameters'");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, match: {minSeverity: HUGE},"
                + " steps: [{action: NOTIFY}]}]")).hasMessageContaining("match.minSeverity");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, match: {impairmentTypes: [DISK]},"
                + " steps: [{action: NOTIFY}]}]")).hasMessageContaining("match.impairmentTypes");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: [{action: NOTIFY,"
                + " minRevision: -1}]}]")).hasMessageContaining("steps[0].minRevision");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: [{action: NOTIFY,"
                + " params: {x: [1]}}]}]")).hasMessageContaining("steps[0].params.x");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, humanRequired: yes please,"
                + " steps: [{action: NOTIFY}]}]")).hasMessageContaining("humanRequired");
    }

    @Test
    void undoesMustPointAtARecoveryStep() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: [{action: FAILOVER_DNS}],"
                + " failback: [{action: FAILBACK_DNS, undoes: 1}]}]"))
                .hasMessageContaining("failback[0].undoes").hasMessageContaining("[0, 0]");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: [{action: FAILOVER_DNS,"
                + " undoes: 0}]}]")).hasMessageContaining("steps[0].undoes");
    }

    @Test
    void idsMustBeUniqueAndFitInAnActionId() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: [{action: NOTIFY}]},"
                + " {id: a, steps: [{action: NOTIFY}]}]")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a/b, steps: [{action: NOTIFY}]}]"))
                .hasMessageContaining("key 'id'");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: a, steps: []}]"))
                .hasMessageContaining("key 'steps'");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plan: []")).hasMessageContaining("'plan'");
    }

    @Test
    void beyondRecommendationMustSayWhyAndIsNotForNotify() {
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: eager, steps: [{action: REBOOT_INSTANCE,"
                + " beyondRecommendation: ' '}]}]"))
                .isInstanceOf(PlanValidationException.class).hasMessageContaining("steps[0].beyondRecommendation")
                .hasMessageContaining("a non-empty reason");
        assertThatThrownBy(() -> RecoveryPlans.parseYaml("plans: [{id: eager, steps: [{action: NOTIFY,"
                + " beyondRecommendation: always}]}]"))
                .isInstanceOf(PlanValidationException.class).hasMessageContaining("it always runs");

        RecoveryPlans ok = RecoveryPlans.parseYaml("plans: [{id: eager, steps: [{action: REBOOT_INSTANCE,"
                + " beyondRecommendation: 'Health issues precede faults here'}]}]");
        assertThat(ok.getPlans().get(0).getSteps().get(0).getBeyondRecommendation())
                .isEqualTo("Health issues precede faults here");
    }

    @Test
    void theDefaultPlansNeverGoBeyondTheRecommendation() {
        for (RecoveryPlan p : RecoveryPlans.loadDefault().getPlans()) {
            for (PlanStep s : p.getSteps()) {
                assertThat(s.getBeyondRecommendation()).as(p.getId()).isNull();
                s.getRollback().forEach(r -> assertThat(r.getBeyondRecommendation()).as(p.getId()).isNull());
            }
            p.getFailback().forEach(f -> assertThat(f.getBeyondRecommendation()).as(p.getId()).isNull());
        }
    }
}

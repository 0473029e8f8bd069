package dev.vigil.actions;

import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action is what is done to what: its idempotency key comes from the impairment, the action and
 * its target, not from whichever plan happened to match the record.
 */
class ActionIdentityTest {
    private final Rig rig = new Rig();

    @Test
    void aSeverityFlipFromCriticalToHighDoesNotReplaceTheInstanceTwice() {
        // Given a CRITICAL instance failure (plan instance-critical replaces it) ...
        Impairment critical = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();
        // ... whose next revision is HIGH (plan instance-reboot-first replaces it from revision 1)
        Impairment high = critical.toBuilder().revision(1).state(LifecycleState.UPDATE).severity(Severity.HIGH)
                .recommendedActions(ActionType.REBOOT_INSTANCE, ActionType.REPLACE_INSTANCE).build();
        ActionRunner runner = rig.runner();

        // When both records are acted on, with the ledger between them
        runner.run(critical);
        List<ActionOutcome> second = runner.run(high);

        // Then the instance was terminated once: the second plan's replace is the same action
        assertThat(rig.fleet.calls.stream().filter(c -> c.equals("terminate i-1"))).hasSize(1);
        ActionOutcome replace = Rig.of(second, ActionType.REPLACE_INSTANCE);
        assertThat(replace.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(replace.getDetail()).startsWith("already ran: SUCCEEDED");
        assertThat(rig.notifier.messages).hasSize(1);
    }

    @Test
    void actionIdsNameTheImpairmentTheActionAndItsTarget() {
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        List<RecoveryAction> actions = new Planner(RecoveryPlans.loadDefault()).plan(imp);

        assertThat(actions).extracting(RecoveryAction::getActionId).containsExactly(
                "imp-1/REPLACE_INSTANCE/i-1", "imp-1/REPLACE_INSTANCE/i-1/rollback/NOTIFY/i-1", "imp-1/NOTIFY/i-1");
        assertThat(actions).extracting(RecoveryAction::getActionId).noneMatch(id -> id.contains("instance-critical"));
    }

    @Test
    void onlyAPlanThatRepeatsAnActionOnTheSameTargetGetsAnOrdinal() {
        RecoveryPlans plans = RecoveryPlans.parseYaml("plans: [{id: twice, steps: [{action: REBOOT_INSTANCE},"
                + " {action: REBOOT_INSTANCE, minRevision: 1}, {action: SCALE_OUT, resource: web-asg}]}]");
        Impairment update = Fixtures.instance("imp-2", "i-2", Severity.HIGH).revision(1).state(LifecycleState.UPDATE)
                .build();

        List<RecoveryAction> actions = new Planner(plans).plan(update);

        assertThat(actions).extracting(RecoveryAction::getActionId).containsExactly(
                "imp-2/REBOOT_INSTANCE/i-2", "imp-2/REBOOT_INSTANCE/i-2#2", "imp-2/SCALE_OUT/web-asg");
    }

    @Test
    void anActionFinishedUnderItsPreUpgradeKeyIsNotRepeated() {
        // Given the ledger of release 0.1, which keyed the replace as impairmentId/planId/step
        rig.ledger.put(new LedgerEntry("imp-1/instance-critical/0", 5L, Map.of(), OutcomeStatus.SUCCEEDED,
                "terminated i-1 in web-asg", null, 1, 6L));
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        // When the upgraded sink sees the impairment again (a replay after the upgrade)
        List<ActionOutcome> out = rig.runner().run(imp);

        // Then it is not replaced again
        ActionOutcome replace = Rig.of(out, ActionType.REPLACE_INSTANCE);
        assertThat(replace.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(replace.getDetail()).startsWith("already ran: SUCCEEDED");
        assertThat(rig.fleet.calls).isEmpty();
    }

    @Test
    void aPreUpgradeClaimWithoutOutcomeIsResolvedFromTheStateNotRepeated() {
        // Given release 0.1 died after terminating i-1 but before recording the outcome
        rig.ledger.put(LedgerEntry.claimed("imp-1/instance-critical/0", 5L, Map.of()));
        rig.fleet.states.put("i-1", "terminated");
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        List<ActionOutcome> out = rig.runner().run(imp);

        ActionOutcome replace = Rig.of(out, ActionType.REPLACE_INSTANCE);
        assertThat(replace.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(replace.getDetail()).contains("without an outcome").contains("took effect");
        assertThat(rig.fleet.calls).isEmpty();
    }

    @Test
    void aFailbackRestoresWhatAPreUpgradeFailoverStored() {
        // Given release 0.1 failed DNS over for the zone (step 1 of plan zone) and stored the original values
        rig.ledger.put(new LedgerEntry("imp-z/zone/1", 5L, Map.of("primaryValues", "10.0.0.1",
                "secondaryValues", "10.1.0.1\n10.1.0.2"), OutcomeStatus.SUCCEEDED, "failed over", null, 1, 6L));
        rig.dns.put("Z1", new dev.vigil.actions.exec.Dns.DnsRecord("api.example.com.", "A", "primary", "PRIMARY",
                null, 60, List.of("10.1.0.1", "10.1.0.2"), "hc-1"));

        // When the zone resolves after the upgrade
        List<ActionOutcome> out = rig.runner().run(Fixtures.zone("imp-z", LifecycleState.RESOLVED));

        // Then the failback finds the failover under its old key and restores the primary's values
        assertThat(Rig.of(out, ActionType.FAILBACK_DNS).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(rig.dns.records("Z1", "api.example.com.", "A").stream()
                .filter(r -> "PRIMARY".equals(r.failover)).findFirst().get().values).containsExactly("10.0.0.1");
    }
}

package dev.vigil.actions;

import dev.vigil.actions.exec.Faults;
import dev.vigil.actions.exec.InMemoryDns;
import dev.vigil.actions.exec.InMemoryFleet;
import dev.vigil.actions.exec.InMemoryNotifier;
import dev.vigil.actions.exec.InMemoryTraffic;
import dev.vigil.actions.ledger.InMemoryLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionRunnerTest {
    private final Rig rig = new Rig();
    private final InMemoryFleet fleet = rig.fleet;
    private final InMemoryDns dns = rig.dns;
    private final InMemoryNotifier notifier = rig.notifier;
    private final InMemoryTraffic traffic = rig.traffic;
    private final InMemoryLedger ledger = rig.ledger;

    private ActionRunner runner(Scope scope, VelocityLimiter velocity, boolean dryRun) {
        return rig.runner(RecoveryPlans.loadDefault(), scope, velocity, dryRun);
    }

    private ActionRunner runner() {
        return runner(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), false);
    }

    private static List<OutcomeStatus> statuses(List<ActionOutcome> outcomes) {
        return outcomes.stream().map(ActionOutcome::getStatus).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void aCriticalInstanceIsReplacedOnceAcrossReplays() {
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build();

        List<ActionOutcome> first = runner().run(imp);
        List<ActionOutcome> replay = runner().run(imp);

        assertThat(statuses(first)).containsExactly(OutcomeStatus.SUCCEEDED, OutcomeStatus.SUCCEEDED);
        assertThat(first.get(0).getDetail()).contains("terminated i-1 in web-asg");
        assertThat(fleet.states.get("i-1")).isEqualTo("shutting-down");
        assertThat(statuses(replay)).containsExactly(OutcomeStatus.SKIPPED, OutcomeStatus.SKIPPED);
        assertThat(replay.get(0).getDetail()).startsWith("already ran: SUCCEEDED");
        assertThat(fleet.calls).containsExactly("terminate i-1");
        assertThat(notifier.messages).hasSize(1);
        for (ActionOutcome o : first) {
            assertThat(SchemaValidator.problems("action-outcome", o)).isEmpty();
        }
    }

    @Test
    void throttlingIsRetriedAndCounted() {
        fleet.faults.failNext(2, Faults.aws(400, "Throttling"));

        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getAttempts()).isEqualTo(3);
    }

    @Test
    void aFinalFailureRunsTheRollbackSkipsLaterStepsButStillNotifies() {
        // Given the replace is denied; the plan has a rollback NOTIFY and a final NOTIFY
        fleet.faults.failNext(1, Faults.aws(403, "AccessDenied"));

        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        assertThat(out).extracting(ActionOutcome::getActionId).containsExactly("imp-1/REPLACE_INSTANCE/i-1",
                "imp-1/REPLACE_INSTANCE/i-1/rollback/NOTIFY/i-1", "imp-1/NOTIFY/i-1");
        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(out.get(0).getErrorCode()).isEqualTo("AccessDenied");
        assertThat(out.get(0).getAttempts()).isEqualTo(1);
        assertThat(statuses(out).subList(1, 3)).containsOnly(OutcomeStatus.SUCCEEDED);
        assertThat(notifier.messages.get(0)).contains("Vigil could not replace i-1");
        assertThat(ledger.get("imp-1/REPLACE_INSTANCE/i-1").getStatus()).isEqualTo(OutcomeStatus.FAILED);
    }

    @Test
    void anInstanceOutsideAnyGroupIsNotTerminated() {
        fleet.instance("i-lonely", null);

        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-lonely", Severity.CRITICAL).build());

        assertThat(out.get(0).getErrorCode()).isEqualTo("NotInAutoScalingGroup");
        assertThat(fleet.calls).isEmpty();
    }

    @Test
    void dryRunChangesNothingNotEvenTheLedger() {
        List<ActionOutcome> out = runner(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), true)
                .run(Fixtures.instance("imp-1", "i-1", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                        .build());

        assertThat(statuses(out)).containsOnly(OutcomeStatus.DRY_RUN);
        assertThat(out.get(0).getDetail()).contains("would SCALE_OUT web-asg").contains("targetDesiredCapacity=5");
        assertThat(fleet.calls).isEmpty();
        assertThat(notifier.messages).isEmpty();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void outOfScopeIsSkippedButTheNotificationGoesOut() {
        Scope scope = Scope.builder().account("*").region("*").resource("i-other").build();

        List<ActionOutcome> out = runner(scope, new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), false)
                .run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        assertThat(statuses(out)).containsExactly(OutcomeStatus.SKIPPED, OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getDetail()).startsWith("out of scope");
        assertThat(fleet.calls).isEmpty();
    }

    @Test
    void pastTheVelocityLimitAPersonIsAskedInstead() {
        // Given at most one destructive action per window on web-asg
        ActionRunner r = runner(Scope.allowAll(), new VelocityLimiter(1, Duration.ofMinutes(10), 1.0), false);
        r.run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        // When a second instance of the same group fails
        List<ActionOutcome> out = r.run(Fixtures.instance("imp-2", "i-2", Severity.CRITICAL).build());

        // Then it is not replaced: SKIPPED and recorded, a NOTIFY asks, the plan's own NOTIFY follows
        assertThat(out).extracting(ActionOutcome::getActionId).containsExactly("imp-2/REPLACE_INSTANCE/i-2",
                "imp-2/REPLACE_INSTANCE/i-2/notify", "imp-2/NOTIFY/i-2");
        assertThat(statuses(out)).containsExactly(OutcomeStatus.SKIPPED, OutcomeStatus.SUCCEEDED,
                OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getDetail()).contains("velocity");
        assertThat(fleet.calls).containsExactly("terminate i-1");
        assertThat(notifier.messages).anyMatch(m -> m.contains("Vigil withheld REPLACE_INSTANCE on i-2"));
        assertThat(ledger.get("imp-2/REPLACE_INSTANCE/i-2").getStatus()).isEqualTo(OutcomeStatus.SKIPPED);

        // And a replay neither replaces it nor asks again
        int messages = notifier.messages.size();
        r.run(Fixtures.instance("imp-2", "i-2", Severity.CRITICAL).build());
        assertThat(notifier.messages).hasSize(messages);
    }

    @Test
    void failOpenWithholdsTheReplacement() {
        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL)
                .memberActionsWithheld(true).build());

        assertThat(out).extracting(ActionOutcome::getActionId)
                .containsExactly("imp-1/REPLACE_INSTANCE/i-1/notify", "imp-1/NOTIFY/i-1");
        assertThat(fleet.calls).isEmpty();
        assertThat(notifier.messages.get(0)).contains("fail open");
    }

    @Test
    void aClaimLeftWithoutOutcomeIsResolvedFromTheInstanceState() {
        // Given a crash after the terminate call but before the outcome was recorded
        ledger.put(LedgerEntry.claimed("imp-1/REPLACE_INSTANCE/i-1", 5L, Map.of()));
        fleet.states.put("i-1", "terminated");

        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getDetail()).contains("without an outcome").contains("took effect");
        assertThat(fleet.calls).isEmpty();
        assertThat(ledger.get("imp-1/REPLACE_INSTANCE/i-1").getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void aClaimLeftBeforeTheCallRunsItOnce() {
        ledger.put(LedgerEntry.claimed("imp-1/REPLACE_INSTANCE/i-1", 5L, Map.of()));

        List<ActionOutcome> out = runner().run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(fleet.calls).containsExactly("terminate i-1");
    }

    @Test
    void scaleOutUsesTheTargetStoredWithTheClaim() {
        // Given a crash after desired capacity went 4 -> 5 (scaleBy 2, capped at max 5)
        Impairment imp = Fixtures.instance("imp-s", "i-1", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                .build();
        ledger.put(LedgerEntry.claimed("imp-s/SCALE_OUT/web-asg", 5L, Map.of("targetDesiredCapacity", "5")));
        fleet.group("web-asg", 5, 1, 5);

        List<ActionOutcome> out = runner().run(imp);

        // Then the restart does not add again: the state already shows the target
        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(fleet.calls).isEmpty();
        assertThat(fleet.group("web-asg").desired).isEqualTo(5);
    }

    @Test
    void scaleOutNeverPassesMaxSize() {
        Impairment imp = Fixtures.instance("imp-s", "i-1", Severity.MEDIUM).type(ImpairmentType.RESOURCE_EXHAUSTION)
                .build();

        List<ActionOutcome> out = runner().run(imp);

        assertThat(out.get(0).getDetail()).contains("4 -> 5 (max 5)");
        assertThat(fleet.calls).containsExactly("desired web-asg 5");
    }

    @Test
    void dnsFailsOverAndBackToTheOriginalValues() {
        traffic.shifts.clear();
        ActionRunner r = runner();

        List<ActionOutcome> open = r.run(Fixtures.zone("imp-z", LifecycleState.OPEN));
        assertThat(statuses(open)).containsExactly(OutcomeStatus.SUCCEEDED, OutcomeStatus.SUCCEEDED,
                OutcomeStatus.SUCCEEDED);
        assertThat(traffic.calls.get(0)).contains("away from us-east-1a for 1h");
        assertThat(primaryValues()).containsExactly("10.1.0.1", "10.1.0.2");

        List<ActionOutcome> resolved = r.run(Fixtures.zone("imp-z", LifecycleState.RESOLVED));
        assertThat(statuses(resolved)).containsExactly(OutcomeStatus.SUCCEEDED, OutcomeStatus.SUCCEEDED);
        assertThat(primaryValues()).containsExactly("10.0.0.1");
    }

    @Test
    void failbackIsSkippedWhenTheFailoverNeverHappened() {
        List<ActionOutcome> out = runner().run(Fixtures.zone("imp-z", LifecycleState.RESOLVED));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(out.get(0).getDetail()).contains("nothing to undo").contains("never ran");
        assertThat(dns.calls).isEmpty();
    }

    @Test
    void aMissingPlaceholderFailsNamingTheParameter() {
        Impairment imp = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).topology(null).build();

        List<ActionOutcome> out = runner().run(imp);

        assertThat(out.get(1).getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(out.get(1).getErrorCode()).isEqualTo("MissingParameter");
        assertThat(out.get(1).getDetail()).contains("topicArn");
    }

    private List<String> primaryValues() {
        return dns.records("Z1", "api.example.com.", "A").stream().filter(x -> "PRIMARY".equals(x.failover))
                .findFirst().get().values;
    }
}

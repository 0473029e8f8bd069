package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.Faults;
import dev.vigil.actions.exec.InMemoryDatabase;
import dev.vigil.actions.exec.InMemoryDns;
import dev.vigil.actions.exec.InMemoryFleet;
import dev.vigil.actions.exec.InMemoryNotifier;
import dev.vigil.actions.exec.InMemoryServices;
import dev.vigil.actions.exec.InMemoryTraffic;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.ledger.FlakyLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ledger call the runner makes is retried like an AWS call, and a ledger that stays down stops the action. */
class LedgerOutageTest {
    private final InMemoryFleet fleet = new InMemoryFleet().instance("i-1", "web-asg").group("web-asg", 2, 1, 4);
    private final InMemoryNotifier notifier = new InMemoryNotifier();
    private final FlakyLedger ledger = new FlakyLedger();

    private ActionRunner runner(VelocityLimiter velocity) {
        ActionExecutors executors = ActionExecutors.of(fleet, new InMemoryDns(), new InMemoryDatabase(),
                new InMemoryServices(), new InMemoryTraffic(), notifier);
        SafetyGate gate = new SafetyGate(Scope.allowAll(), velocity, f -> null);
        return new ActionRunner(new Planner(RecoveryPlans.loadDefault()), gate, ledger, executors,
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1),
                        ms -> { }), () -> 1_000L, false);
    }

    @Test
    void throttledLookupsOfEarlierRunsAreRetried() {
        // Given the ledger throttles its first three reads
        ledger.reads.failNext(3, Faults.aws(400, "ThrottlingException"));

        // When a critical instance failure is handled
        List<ActionOutcome> out = runner(new VelocityLimiter(10, Duration.ofMinutes(10), 1.0))
                .run(Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build());

        // Then the replacement and the notification ran once each
        assertThat(out).extracting(ActionOutcome::getStatus)
                .containsExactly(OutcomeStatus.SUCCEEDED, OutcomeStatus.SUCCEEDED);
        assertThat(fleet.calls).containsExactly("terminate i-1");
        assertThat(notifier.messages).hasSize(1);
    }

    @Test
    void aLedgerThatCannotBeReadStopsTheActionAndSaysWhy() {
        ledger.reads.failNext(100, Faults.aws(500, "InternalServerError"));

        List<ActionOutcome> out = runner(new VelocityLimiter(10, Duration.ofMinutes(10), 1.0))
                .run(Fixtures.instance("imp-2", "i-1", Severity.CRITICAL).build());

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(out.get(0).getErrorCode()).isEqualTo("LedgerUnavailable");
        assertThat(out.get(0).getDetail()).contains("not acting").contains("InternalServerError");
        assertThat(fleet.calls).isEmpty();
    }

    @Test
    void anEscalationIsRecordedThroughAThrottledLedger() {
        // Given velocity allows no destructive action, and the ledger throttles the escalation's claim
        ledger.claims.failNext(2, Faults.aws(400, "ProvisionedThroughputExceededException"));
        ledger.outcomes.failNext(1, Faults.aws(400, "ThrottlingException"));

        List<ActionOutcome> out = runner(new VelocityLimiter(0, Duration.ofMinutes(10), 1.0))
                .run(Fixtures.instance("imp-3", "i-1", Severity.CRITICAL).build());

        // Then the replacement is withheld for a person, and recorded so it never runs by itself
        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(out.get(0).getDetail()).startsWith("needs a person");
        assertThat(ledger.entries.get("imp-3/REPLACE_INSTANCE/i-1").getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(fleet.calls).isEmpty();
    }
}

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
import dev.vigil.actions.ledger.InMemoryLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state change whose answer is lost is not made twice: the runner looks at the state before
 * calling again. With in-memory fakes, including ARC zonal shift, which the emulator lacks.
 */
class LostAnswerTest {
    private final InMemoryFleet fleet = new InMemoryFleet().instance("i-1", "web-asg").group("web-asg", 2, 1, 6);
    private final InMemoryTraffic traffic = new InMemoryTraffic();
    private final InMemoryLedger ledger = new InMemoryLedger();

    private List<ActionOutcome> run(RecoveryAction action) {
        ActionExecutors executors = ActionExecutors.of(fleet, new InMemoryDns(), new InMemoryDatabase(),
                new InMemoryServices(), traffic, new InMemoryNotifier());
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0),
                f -> null);
        return new ActionRunner(new Planner(RecoveryPlans.loadDefault()), gate, ledger, executors,
                new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1),
                        ms -> { }), () -> 1_000L, false)
                .execute(Fixtures.zone("imp-z", LifecycleState.OPEN).toBuilder().recommendedActions(action.getType())
                        .build(), List.of(action));
    }

    private static RecoveryAction action(ActionType type, String resource, Map<String, String> params) {
        return new RecoveryAction("imp-z/faults/" + type, "imp-z", 0, type, resource, "EC2_INSTANCE",
                Fixtures.ACCOUNT, Fixtures.REGION, params, true, "lost answers");
    }

    private static SdkClientException readTimeout() {
        return SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
                .cause(new SocketTimeoutException("Read timed out")).build();
    }

    @Test
    void aTerminateWhoseAnswerTimedOutIsRecognisedFromTheInstanceState() {
        fleet.lostAnswers.failNext(1, readTimeout());

        List<ActionOutcome> out = run(action(ActionType.REPLACE_INSTANCE, "i-1", Map.of()));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getDetail()).contains("took effect").contains("ClientTimeout");
        assertThat(fleet.calls).containsExactly("terminate i-1");
    }

    @Test
    void aServerErrorAfterTheChangeIsCheckedBeforeRepeating() {
        fleet.lostAnswers.failNext(1, Faults.aws(500, "InternalFailure"));

        List<ActionOutcome> out = run(action(ActionType.SCALE_OUT, "web-asg", Map.of("scaleBy", "2")));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(fleet.calls).containsExactly("desired web-asg 4");
    }

    @Test
    void aRebootWhoseAnswerIsLostIsNotRepeated() {
        fleet.lostAnswers.failNext(1, readTimeout());

        List<ActionOutcome> out = run(action(ActionType.REBOOT_INSTANCE, "i-1", Map.of()));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(out.get(0).getErrorCode()).isEqualTo("ClientTimeout");
        assertThat(out.get(0).getDetail()).contains("may have taken effect");
        assertThat(fleet.calls).containsExactly("reboot i-1");
        assertThat(ledger.get(out.get(0).getActionId()).getStatus()).isEqualTo(OutcomeStatus.FAILED);
    }

    @Test
    void aThrottledRefusalIsRepeatedAtOnce() {
        fleet.faults.failNext(2, Faults.aws(400, "Throttling"));

        List<ActionOutcome> out = run(action(ActionType.REBOOT_INSTANCE, "i-1", Map.of()));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getAttempts()).isEqualTo(3);
        assertThat(fleet.calls).containsExactly("reboot i-1");
    }

    @Test
    void aZonalShiftIsStartedOnceThroughThrottlingAndALostAnswer() {
        // ARC is not in the emulator: the fake stands in for it
        traffic.faults.failNext(1, Faults.aws(429, "ThrottlingException"));
        traffic.lostAnswers.failNext(1, readTimeout());
        RecoveryAction shift = action(ActionType.ZONAL_SHIFT, "us-east-1a", Map.of("resourceArn", "arn:lb/web",
                "awayFrom", "us-east-1a"));

        List<ActionOutcome> out = run(shift);

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(traffic.calls).containsExactly("shift arn:lb/web away from us-east-1a for 1h");
    }

    @Test
    void aRefusedZonalShiftFailsWithArcsCode() {
        traffic.faults.failNext(1, Faults.aws(400, "ValidationException"));

        List<ActionOutcome> out = run(action(ActionType.ZONAL_SHIFT, "us-east-1a", Map.of("resourceArn",
                "arn:lb/web", "awayFrom", "us-east-1a")));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(out.get(0).getErrorCode()).isEqualTo("ValidationException");
        assertThat(out.get(0).getAttempts()).isEqualTo(1);
        assertThat(traffic.shifts).isEmpty();
    }
}

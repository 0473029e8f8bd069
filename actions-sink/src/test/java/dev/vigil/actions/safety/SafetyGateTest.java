package dev.vigil.actions.safety;

import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SafetyGateTest {
    private static final long T = 1_000_000L;

    private static RecoveryAction replace(String instance) {
        return new RecoveryAction("imp/p/0", "imp", 0, ActionType.REPLACE_INSTANCE, instance, "EC2_INSTANCE",
                Fixtures.ACCOUNT, Fixtures.REGION, Map.of(), true, "test");
    }

    @Test
    void outOfScopeIsSkipped() {
        SafetyGate gate = new SafetyGate(Scope.builder().account("*").region("*").resource("i-allowed").build(),
                new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), f -> null);
        Impairment imp = Fixtures.instance("imp", "i-other", Severity.HIGH).build();

        SafetyGate.Decision d = gate.check(replace("i-other"), imp, T);

        assertThat(d.getKind()).isEqualTo(SafetyGate.Decision.Kind.SKIP);
        assertThat(d.getReason()).startsWith("out of scope");
    }

    @Test
    void aTagOnTheImpairedResourceBringsItInScope() {
        SafetyGate gate = new SafetyGate(Scope.builder().account("*").region("*").tag("team", "web").build(),
                new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), f -> null);
        Impairment imp = Fixtures.instance("imp", "i-x", Severity.HIGH).build();

        assertThat(gate.check(replace("i-x"), imp, T).getKind()).isEqualTo(SafetyGate.Decision.Kind.ALLOW);
    }

    @Test
    void velocityCountsOnlyExecutedActionsAndEscalatesPastTheShare() {
        // Given web-asg has 4 instances and at most 25 % may be replaced in the window
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 0.25),
                f -> f.equals("web-asg") ? 4 : null);
        Impairment imp = Fixtures.instance("imp", "i-1", Severity.HIGH).build();

        // When one is checked twice but executed once, then a second one comes
        assertThat(gate.check(replace("i-1"), imp, T).getKind()).isEqualTo(SafetyGate.Decision.Kind.ALLOW);
        assertThat(gate.check(replace("i-1"), imp, T).getKind()).isEqualTo(SafetyGate.Decision.Kind.ALLOW);
        gate.executed(replace("i-1"), imp, T);
        SafetyGate.Decision second = gate.check(replace("i-2"), imp, T + 1);

        // Then the second asks for a person
        assertThat(second.getKind()).isEqualTo(SafetyGate.Decision.Kind.ESCALATE);
        assertThat(second.getReason()).contains("2 of 4 instances of web-asg");
    }

    @Test
    void failOpenEscalatesDestructiveActionsButLetsOthersThrough() {
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0),
                f -> null);
        Impairment imp = Fixtures.instance("imp", "i-1", Severity.HIGH).memberActionsWithheld(true)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.SCALE_OUT).build();
        RecoveryAction scale = new RecoveryAction("imp/p/1", "imp", 1, ActionType.SCALE_OUT, "web-asg", null,
                Fixtures.ACCOUNT, Fixtures.REGION, Map.of(), false, "test");

        assertThat(gate.check(replace("i-1"), imp, T).getReason()).startsWith("fail open");
        assertThat(gate.check(scale, imp, T).getKind()).isEqualTo(SafetyGate.Decision.Kind.ALLOW);
    }

    @Test
    void whatTheRecordDoesNotRecommendIsSkippedBeforeAnyOtherCheck() {
        // Given a gate that allows everything, and a record that recommends only NOTIFY
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0),
                f -> null);
        Impairment imp = Fixtures.instance("imp", "i-1", Severity.HIGH).recommendedActions(ActionType.NOTIFY).build();

        SafetyGate.Decision d = gate.check(replace("i-1"), imp, T);

        assertThat(d.getKind()).isEqualTo(SafetyGate.Decision.Kind.SKIP);
        assertThat(d.getReason()).startsWith("not recommended").contains("[NOTIFY]");
        assertThat(gate.precheck(replace("i-1"), imp)).isEqualTo(d.getReason());
    }

    @Test
    void anUnknownFleetSizeLeavesTheCountLimit() {
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(1, Duration.ofMinutes(10), 0.1),
                f -> {
                    throw new IllegalStateException("describe failed");
                });
        Impairment imp = Fixtures.instance("imp", "i-1", Severity.HIGH).build();

        assertThat(gate.check(replace("i-1"), imp, T).getKind()).isEqualTo(SafetyGate.Decision.Kind.ALLOW);
        gate.executed(replace("i-1"), imp, T);
        assertThat(gate.check(replace("i-2"), imp, T).getReason()).contains("limit 1");
    }
}

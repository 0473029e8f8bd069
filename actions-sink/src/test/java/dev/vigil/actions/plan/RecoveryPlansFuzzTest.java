package dev.vigil.actions.plan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.fuzz.Budget;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the plans loader ({@link RecoveryPlans}, {@link PlanParser}) with whole files, YAML or JSON
 * as the last byte's lowest bit says (1: JSON). Seeds: {@code RecoveryPlansFuzzTestInputs/file/} (the default plans, in
 * both formats). On any file: the load succeeds or fails with a {@link PlanValidationException} that
 * says what is wrong, never another exception; a file that loads plans every sample impairment
 * without throwing, each action with its id, type and resource; within {@link Budget}.
 */
class RecoveryPlansFuzzTest {
    private static final List<Impairment> SAMPLES = List.of(
            Fixtures.instance("imp-c", "i-1", Severity.CRITICAL).build(),
            Fixtures.instance("imp-h", "i-2", Severity.HIGH).build(),
            Fixtures.instance("imp-m", "i-3", Severity.MEDIUM).build(),
            Fixtures.instance("imp-r", "i-3", Severity.CRITICAL).revision(2).state(LifecycleState.RESOLVED)
                    .resolvedTime(Fixtures.instance("x", "i-3", Severity.LOW).build().getDetectionTime() + 1).build(),
            Fixtures.zone("imp-z", LifecycleState.OPEN),
            Fixtures.zone("imp-z", LifecycleState.RESOLVED));

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "file", this::file);
    }

    @FuzzTest
    void file(byte[] data) {
        String name = data.length > 0 && (data[data.length - 1] & 1) != 0 ? "plans.json" : "plans.yaml";
        byte[] file = data.length == 0 ? data : java.util.Arrays.copyOf(data, data.length - 1);
        RecoveryPlans plans;
        try {
            plans = Budget.within("RecoveryPlans.parse", Budget.bytesFor(file.length), () -> {
                try {
                    return RecoveryPlans.parse(new ByteArrayInputStream(file), name);
                } catch (java.io.IOException e) {
                    throw new AssertionError("an in-memory read failed", e);
                }
            });
        } catch (PlanValidationException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        Planner planner = new Planner(plans);
        for (Impairment i : SAMPLES) {
            List<RecoveryAction> actions = Budget.within("Planner.plan", Budget.bytesFor(file.length), () -> planner.plan(i));
            for (RecoveryAction a : actions) {
                assertThat(a.getActionId()).isNotEmpty();
                assertThat(a.getType()).isNotNull();
                assertThat(a.getImpairmentId()).isEqualTo(i.getId());
            }
        }
    }
}

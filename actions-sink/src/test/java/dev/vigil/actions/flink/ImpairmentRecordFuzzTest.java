package dev.vigil.actions.flink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.actions.ActionRunner;
import dev.vigil.actions.Fixtures;
import dev.vigil.actions.Rig;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.fuzz.Budget;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what the actions job reads from the impairments stream, which anyone who can write to that
 * stream controls: each record is parsed as {@code ActionsJob} parses it, and an impairment is run
 * through the default plans, the safety gate and the executors (in-memory AWS). Seeds:
 * {@code ImpairmentRecordFuzzTestInputs/record/} (impairments of each kind the default plans act on,
 * in and out of scope). On any record: nothing is thrown; a record is an impairment or a dead letter
 * of its exact bytes; and no state-changing action succeeds outside the scope (account
 * 111122223333, region us-east-1, resources {@code i-*} or {@code web-asg}, or tagged team=web).
 */
class ImpairmentRecordFuzzTest {
    private static final RecoveryPlans PLANS = RecoveryPlans.loadDefault();
    private static final Scope SCOPE = Scope.builder().account(Fixtures.ACCOUNT).region(Fixtures.REGION)
            .resource("i-*").resource("web-asg").tag("team", "web").build();

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "record", this::record);
    }

    @FuzzTest
    void record(byte[] record) {
        Object read = Budget.within("ParseImpairments.read", Budget.bytesFor(record.length),
                () -> ParseImpairments.read(record, "impairments", 1L));
        if (read instanceof DeadLetter) {
            assertThat(((DeadLetter) read).getOriginal()).isEqualTo(record);
            assertThat(((DeadLetter) read).getMessage()).isNotEmpty();
            return;
        }
        Impairment impairment = (Impairment) read;
        List<ActionRunner.Step> steps = Budget.within("ActionRunner.steps", Budget.bytesFor(record.length),
                () -> new Rig().runner(PLANS, SCOPE, new VelocityLimiter(3, Duration.ofMinutes(10), 0.25), false)
                        .steps(impairment));
        for (ActionRunner.Step s : steps) {
            assertThat(s.outcome.getStatus()).isNotNull();
            assertThat(s.outcome.getActionId()).isEqualTo(s.action.getActionId());
            if (s.outcome.getStatus() == OutcomeStatus.SUCCEEDED && s.action.getType() != ActionType.NOTIFY) {
                assertThat(s.action.getAccount()).as("account of %s", s.action.getActionId()).isEqualTo(Fixtures.ACCOUNT);
                assertThat(s.action.getRegion()).as("region of %s", s.action.getActionId()).isEqualTo(Fixtures.REGION);
                assertThat(SCOPE.denial(s.action, impairment.getTopology() == null ? java.util.Map.of()
                        : impairment.getTopology().getTags())).isNull();
            }
        }
    }
}

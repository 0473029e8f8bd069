package dev.vigil.detector.health;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImpairmentLifecycleTest {
    private static final long T0 = 1763800200000L;
    private static final long MIN = 60_000;

    private static ImpairmentLifecycle instance() {
        return new ImpairmentLifecycle("111122223333/eu-west-1/EC2_INSTANCE/i-1", "i-1", "EC2_INSTANCE",
                "111122223333", "eu-west-1");
    }

    private static Signal rule(String id, boolean firing, long firstBreach, Severity severity, ActionType... actions) {
        return new Signal("rule:" + id, firing, firstBreach, ImpairmentType.INSTANCE_FAILURE, severity,
                Evidence.builder(EvidenceKind.METRIC).ruleId(id).build(), actions);
    }

    @Test
    void opensOnceUpdatesOnNewCauseAndResolvesWhenAllClear() {
        ImpairmentLifecycle life = instance();

        // Given a status-check rule starts firing at T0 + 2 min (first breach at T0)
        Impairment open = life.apply(rule("status", true, T0, Severity.HIGH, ActionType.REPLACE_INSTANCE), T0 + 2 * MIN, 1);
        // When it keeps firing, then CPU joins, then both clear
        Impairment again = life.apply(rule("status", true, T0, Severity.HIGH, ActionType.REPLACE_INSTANCE), T0 + 3 * MIN, 2);
        Impairment update = life.apply(rule("cpu", true, T0 + 2 * MIN, Severity.MEDIUM, ActionType.NOTIFY), T0 + 4 * MIN, 3);
        Impairment stillOpen = life.apply(Signal.clear("rule:status"), T0 + 9 * MIN, 4);
        Impairment resolved = life.apply(Signal.clear("rule:cpu"), T0 + 10 * MIN, 5);

        // Then: OPEN once, nothing for the repeat, UPDATE for the new cause, RESOLVED once
        assertThat(open.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(open.getRevision()).isZero();
        assertThat(open.getFirstBreachTime()).isEqualTo(T0);
        assertThat(open.getDetectionTime() - open.getFirstBreachTime()).isEqualTo(2 * MIN);
        assertThat(again).isNull();
        assertThat(update.getState()).isEqualTo(LifecycleState.UPDATE);
        assertThat(update.getRevision()).isEqualTo(1);
        assertThat(update.getEvidence()).hasSize(2);
        assertThat(update.getRecommendedActions()).containsExactly(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);
        assertThat(stillOpen.getState()).isEqualTo(LifecycleState.UPDATE);
        assertThat(resolved.getState()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(resolved.getResolvedTime()).isEqualTo(T0 + 10 * MIN);
        assertThat(resolved.getId()).isEqualTo(open.getId()).isEqualTo(update.getId());
        assertThat(life.isOpen()).isFalse();
        for (Impairment i : new Impairment[] {open, update, stillOpen, resolved}) {
            assertThat(SchemaValidator.problems("impairment", i)).isEmpty();
        }
    }

    @Test
    void idIsDeterministicAndDiffersPerEpisode() {
        ImpairmentLifecycle a = instance();
        ImpairmentLifecycle b = instance();

        String first = a.apply(rule("status", true, T0, Severity.HIGH), T0 + MIN, 1).getId();
        String replayed = b.apply(rule("status", true, T0, Severity.HIGH), T0 + MIN, 999).getId();
        a.apply(Signal.clear("rule:status"), T0 + 5 * MIN, 2);
        String second = a.apply(rule("status", true, T0 + 30 * MIN, Severity.HIGH), T0 + 31 * MIN, 3).getId();

        assertThat(replayed).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void severityRaisesToTheWorstCauseAndClearingUnknownCauseIsSilent() {
        ImpairmentLifecycle life = instance();

        assertThat(life.apply(Signal.clear("rule:x"), T0, 1)).isNull();
        life.apply(rule("cpu", true, T0, Severity.MEDIUM), T0, 1);
        Impairment worse = life.apply(rule("status", true, T0, Severity.CRITICAL), T0 + MIN, 2);

        assertThat(worse.getSeverity()).isEqualTo(Severity.CRITICAL);
    }
}

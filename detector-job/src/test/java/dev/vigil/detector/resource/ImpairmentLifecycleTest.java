package dev.vigil.detector.resource;

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
        return new ImpairmentLifecycle(ResourceKey.of("111122223333", "eu-west-1", "i-1"), "EC2_INSTANCE");
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

    @Test
    void aCauseJoiningWithAnEarlierBreachMovesTheFirstBreachButNotTheId() {
        ImpairmentLifecycle life = instance();
        // Given an event opens at T0 + 2 min, and then a 5-minute-period series fires whose breach began at T0
        Signal event = new Signal("event:health:X", true, T0 + 2 * MIN, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH,
                Evidence.builder(EvidenceKind.EVENT).build(), ActionType.NOTIFY);
        Impairment open = life.apply(event, T0 + 2 * MIN, 1);
        Impairment update = life.apply(rule("cpu", true, T0, Severity.MEDIUM), T0 + 15 * MIN, 2);

        assertThat(open.getFirstBreachTime()).isEqualTo(T0 + 2 * MIN);
        assertThat(update.getFirstBreachTime()).isEqualTo(T0);
        assertThat(update.getId()).isEqualTo(open.getId());
        assertThat(update.getDetectionTime()).isEqualTo(open.getDetectionTime());
    }

    @Test
    void aBreachingRunNotYetFiringDatesTheImpairmentAnEventOpens() {
        ImpairmentLifecycle life = instance();
        Signal event = new Signal("event:health:X", true, T0 + MIN, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH,
                Evidence.builder(EvidenceKind.EVENT).build(), ActionType.NOTIFY);

        Impairment open = life.apply(event, T0 + MIN, 1, T0);

        assertThat(open.getFirstBreachTime()).isEqualTo(T0);
        assertThat(open.getDetectionTime()).isEqualTo(T0 + MIN);
    }

    @Test
    void theTypeIsTheOpeningCausesWhileSeverityFollowsTheCauses() {
        ImpairmentLifecycle life = instance();
        Signal cpu = new Signal("rule:cpu", true, T0, ImpairmentType.RESOURCE_EXHAUSTION, Severity.MEDIUM,
                Evidence.builder(EvidenceKind.METRIC).ruleId("cpu").build(), ActionType.SCALE_OUT);

        Impairment open = life.apply(cpu, T0, 1);
        Impairment worse = life.apply(rule("status", true, T0 + MIN, Severity.CRITICAL, ActionType.REPLACE_INSTANCE), T0 + MIN, 2);
        Impairment milder = life.apply(Signal.clear("rule:status"), T0 + 5 * MIN, 3);

        assertThat(open.getType()).isEqualTo(ImpairmentType.RESOURCE_EXHAUSTION);
        assertThat(worse.getType()).isEqualTo(ImpairmentType.RESOURCE_EXHAUSTION);
        assertThat(worse.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(worse.getRecommendedActions()).startsWith(ActionType.REPLACE_INSTANCE);
        assertThat(milder.getType()).isEqualTo(ImpairmentType.RESOURCE_EXHAUSTION);
        assertThat(milder.getSeverity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void anEpisodeWithTheSameFirstBreachAsTheLastStillGetsItsOwnId() {
        ImpairmentLifecycle life = instance();
        String first = life.apply(rule("status", true, T0, Severity.HIGH), T0 + MIN, 1).getId();
        life.apply(Signal.clear("rule:status"), T0 + 3 * MIN, 2);
        // A run the first episode counted fires after it resolved: same first breach, new episode
        Impairment again = life.apply(rule("cpu", true, T0, Severity.MEDIUM), T0 + 6 * MIN, 3);

        assertThat(again.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(again.getId()).isNotEqualTo(first);
    }
}

package dev.vigil.actions;

import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of forged impairments: every instance of 20 fleets of 10 reported CRITICAL within one
 * window, as a writer to the input streams (or a detector gone wrong) could make it. EC2 is made to
 * agree (every instance fails its status check), so only the limits stand between the flood and the
 * fleets: with the default limits (3 a fleet per 10 minutes, a quarter of a fleet at once, 10 across
 * all fleets) at most 10 instances are replaced, at most 2 of any fleet, and every other replacement
 * is SKIPPED for a person with its reason and a notification in its place.
 */
class ForgedFloodTest {
    private static final int FLEETS = 20;
    private static final int SIZE = 10;

    private static List<Impairment> flood() {
        List<Impairment> out = new ArrayList<>();
        for (int f = 0; f < FLEETS; f++) {
            for (int i = 0; i < SIZE; i++) {
                String group = String.format("fleet-%02d", f);
                String instance = String.format("i-%02d%02d", f, i);
                out.add(Fixtures.instance("imp-" + instance, instance, Severity.CRITICAL)
                        .topology(new Topology("us-east-1a", group, null, null,
                                Map.of("vigil:notify-topic", Fixtures.TOPIC), true, null))
                        .build());
            }
        }
        return out;
    }

    private static Rig fleets() {
        Rig rig = new Rig();
        for (int f = 0; f < FLEETS; f++) {
            String group = String.format("fleet-%02d", f);
            rig.fleet.group(group, SIZE, 1, SIZE + 2);
            for (int i = 0; i < SIZE; i++) {
                rig.fleet.instance(String.format("i-%02d%02d", f, i), group);
            }
        }
        return rig;
    }

    private static List<ActionOutcome> run(Rig rig, VelocityLimiter velocity) {
        ActionRunner runner = rig.runner(RecoveryPlans.loadDefault(), Scope.allowAll(), velocity, false);
        List<ActionOutcome> out = new ArrayList<>();
        for (Impairment i : flood()) {
            out.addAll(runner.run(i));
        }
        return out;
    }

    @Test
    void aFloodOfForgedImpairmentsReplacesNoMoreThanTheLimitsAllowAndAsksAPersonForTheRest() {
        // Given 200 forged CRITICAL impairments over 20 fleets, and the default limits
        Rig rig = fleets();
        VelocityLimiter defaults = new VelocityLimiter(3, Duration.ofMinutes(10), 0.25, 10);

        // When they all arrive within the window
        List<ActionOutcome> outcomes = run(rig, defaults);

        // Then 10 instances are replaced in all, no fleet loses more than a quarter of itself (2 of 10)
        List<String> terminated = rig.fleet.calls;
        assertThat(terminated).hasSize(10).allSatisfy(c -> assertThat(c).startsWith("terminate "));
        Map<String, Integer> perFleet = new HashMap<>();
        terminated.forEach(c -> perFleet.merge(rig.fleet.groupOf.get(c.substring("terminate ".length())), 1, Integer::sum));
        assertThat(perFleet.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));

        // and each of the other 190 replacements is SKIPPED for a person, with the limit that held it back
        List<ActionOutcome> replaces = outcomes.stream().filter(o -> o.getType() == ActionType.REPLACE_INSTANCE)
                .collect(java.util.stream.Collectors.toList());
        assertThat(replaces).hasSize(200);
        assertThat(replaces).filteredOn(o -> o.getStatus() == OutcomeStatus.SUCCEEDED).hasSize(10);
        assertThat(replaces).filteredOn(o -> o.getStatus() != OutcomeStatus.SUCCEEDED).hasSize(190).allSatisfy(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDetail()).startsWith("needs a person: velocity: ");
        });
        assertThat(replaces).anySatisfy(o -> assertThat(o.getDetail()).contains("across all fleets"));
        assertThat(replaces).anySatisfy(o -> assertThat(o.getDetail()).contains("would be affected at once"));
        assertThat(rig.notifier.messages).filteredOn(m -> m.contains("Vigil withheld REPLACE_INSTANCE")).hasSize(190);
    }

    @Test
    void withoutTheCapAcrossFleetsOnlyEachFleetsOwnLimitsHold() {
        // Given the same flood and limits per fleet only (what the velocity limits were before the cap)
        Rig rig = fleets();

        // When it arrives
        run(rig, new VelocityLimiter(3, Duration.ofMinutes(10), 0.25));

        // Then every fleet loses its quarter: 40 instances, four times the cap's 10
        assertThat(rig.fleet.calls).hasSize(FLEETS * 2);
    }
}

package dev.vigil.detector.correlate;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet's verdict does not depend on the order its members' records arrive in: every
 * interleaving of three members' records (each member's own records in order, as one upstream
 * subtask sends them), with the watermark advancing as early as it may or only at the end,
 * yields the same records.
 */
class CorrelatorOrderTest {
    private static final long T0 = 1_795_341_600_000L; // 2026-11-22T10:00Z
    private static final long MIN = 60_000;
    private static final Map<String, Integer> SIZES = Map.of("us-east-1a", 2, "us-east-1b", 1);

    /** Two of three members fail 10:15-10:24 and recover; later the third fails alone. */
    private static List<List<Impairment>> scenario() {
        Impairment a = member("imp-a", "i-a", "us-east-1a", 15);
        Impairment b = member("imp-b", "i-b", "us-east-1b", 15);
        Impairment c = member("imp-c", "i-c", "us-east-1a", 40);
        return List.of(
                List.of(a, resolved(a, 27)),
                List.of(b, b.toBuilder().revision(1).state(LifecycleState.UPDATE).severity(Severity.HIGH).build(), resolved(b, 27)),
                List.of(c, resolved(c.toBuilder().revision(0).build(), 45)));
    }

    @Test
    void everyInterleavingOfTheMembersRecordsGivesTheSameFleetVerdict() {
        List<List<Impairment>> perMember = scenario();
        List<List<Impairment>> orders = new ArrayList<>();
        interleave(perMember, new int[perMember.size()], new ArrayList<>(), orders);
        assertThat(orders).hasSize(210); // 7! / (2! 3! 2!)

        Set<String> outcomes = new LinkedHashSet<>();
        List<Impairment> first = null;
        for (List<Impairment> arrival : orders) {
            for (boolean earlyWatermark : new boolean[] {true, false}) {
                List<Impairment> out = run(arrival, earlyWatermark);
                outcomes.add(normalised(out));
                if (first == null) {
                    first = out;
                }
            }
        }

        // Then one outcome, whatever the order
        assertThat(outcomes).hasSize(1);
        // And it is the right one: the two failing together are a fleet impairment and neither is replaced
        List<Impairment> fleet = first.stream().filter(i -> i.getType() == ImpairmentType.FLEET).collect(Collectors.toList());
        assertThat(fleet).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(fleet.get(0).getRelatedImpairments()).containsExactly("imp-a", "imp-b");
        assertThat(fleet.get(0).getDetectionTime()).isGreaterThanOrEqualTo(fleet.get(0).getFirstBreachTime());
        assertThat(fleet.get(0).getFirstBreachTime()).isEqualTo(T0 + 15 * MIN);
        for (String id : List.of("imp-a", "imp-b")) {
            Impairment opened = first.stream().filter(i -> i.getId().equals(id) && i.getState() == LifecycleState.OPEN)
                    .findFirst().orElseThrow();
            assertThat(opened.getRecommendedActions()).as(id).doesNotContain(ActionType.REPLACE_INSTANCE);
            assertThat(opened.isMemberActionsWithheld()).as(id).isTrue();
        }
        // And the one failing alone later keeps its replacement
        Impairment alone = first.stream().filter(i -> i.getId().equals("imp-c") && i.getState() == LifecycleState.OPEN)
                .findFirst().orElseThrow();
        assertThat(alone.getRecommendedActions()).contains(ActionType.REPLACE_INSTANCE);
        assertRevisionsUniqueAndIncreasing(first);
    }

    /**
     * Feeds the records in arrival order. The watermark passes a moment only once every record of
     * it has arrived (as Flink's does: upstream sends a record before the watermark that follows
     * it); {@code early} advances it as soon as it may, otherwise only at the end of input.
     */
    private static List<Impairment> run(List<Impairment> arrival, boolean early) {
        Correlator c = new Correlator(CorrelationConfig.defaults(), "123456789012", "us-east-1", MemberStore.inMemory());
        TreeSet<Long> timers = new TreeSet<>();
        List<Impairment> out = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (int k = 0; k < arrival.size(); k++) {
            Impairment in = arrival.get(k);
            out.addAll(c.offer(in, Correlator.eventTimeOf(in, null), watermark, 0, timers::add));
            long next = early ? safeWatermark(arrival, k + 1) : Long.MIN_VALUE;
            watermark = Math.max(watermark, next);
            fire(c, timers, watermark, out);
        }
        fire(c, timers, Long.MAX_VALUE, out);
        return out;
    }

    /** The latest watermark allowed once the first {@code arrived} records are in: just before the earliest still to come. */
    private static long safeWatermark(List<Impairment> arrival, int arrived) {
        long earliest = Long.MAX_VALUE;
        for (int k = arrived; k < arrival.size(); k++) {
            earliest = Math.min(earliest, Correlator.eventTimeOf(arrival.get(k), null));
        }
        return earliest == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : earliest - 1;
    }

    private static void fire(Correlator c, TreeSet<Long> timers, long watermark, List<Impairment> out) {
        while (!timers.isEmpty() && timers.first() <= watermark) {
            out.addAll(c.advance(timers.pollFirst(), 0));
        }
    }

    private static void interleave(List<List<Impairment>> lanes, int[] next, List<Impairment> prefix, List<List<Impairment>> out) {
        boolean done = true;
        for (int l = 0; l < lanes.size(); l++) {
            if (next[l] < lanes.get(l).size()) {
                done = false;
                prefix.add(lanes.get(l).get(next[l]++));
                interleave(lanes, next, prefix, out);
                next[l]--;
                prefix.remove(prefix.size() - 1);
            }
        }
        if (done) {
            out.add(new ArrayList<>(prefix));
        }
    }

    private static String normalised(List<Impairment> out) {
        return out.stream().map(i -> Json.toString(i.toBuilder().emitTime(0).build())).collect(Collectors.joining("\n"));
    }

    private static Impairment member(String id, String instance, String zone, int failFromMinute) {
        Topology t = new Topology(zone, "web-asg", new String[] {"targetgroup/web/1"}, "app/web/1",
                Map.of("vigil:managed", "true"), SIZES, true, null);
        return Impairment.builder().id(id).revision(0).state(LifecycleState.OPEN).resource(instance, "EC2_INSTANCE")
                .location("123456789012", "us-east-1").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.CRITICAL)
                .firstBreachTime(T0 + failFromMinute * MIN).detectionTime(T0 + (failFromMinute + 2) * MIN)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).topology(t).build();
    }

    private static Impairment resolved(Impairment last, int minute) {
        return last.toBuilder().revision(last.getRevision() + 1).state(LifecycleState.RESOLVED)
                .resolvedTime(T0 + minute * MIN).build();
    }

    private static void assertRevisionsUniqueAndIncreasing(List<Impairment> all) {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (Impairment i : all) {
            Integer before = last.put(i.getId(), i.getRevision());
            assertThat(i.getRevision()).as(i.getId() + " in " + Arrays.toString(all.stream().map(x -> x.getId() + "/"
                    + x.getRevision()).toArray())).isEqualTo(before == null ? 0 : before + 1);
        }
    }
}

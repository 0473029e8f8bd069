package dev.vigil.detector.correlate;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelatorTest {
    private static final long T0 = 1_700_000_000_000L;
    /** A fleet of ten over three zones. */
    private static final Map<String, Integer> SIZES = Map.of("us-east-1a", 4, "us-east-1b", 3, "us-east-1c", 3);

    private final MemberStore store = MemberStore.inMemory();
    private final Correlator correlator = new Correlator(CorrelationConfig.defaults(), "123456789012", "us-east-1", store);
    private final List<Impairment> emitted = new ArrayList<>();

    @Test
    void oneBadInstanceKeepsItsReplacement() {
        // When one instance of ten is impaired
        List<Impairment> out = apply(open(1, "us-east-1a"));
        // Then it passes through unchanged in substance: replacement recommended, nothing withheld
        assertThat(out).hasSize(1);
        Impairment i = out.get(0);
        assertThat(i.getRecommendedActions()).containsExactly(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);
        assertThat(i.isMemberActionsWithheld()).isFalse();
        assertThat(i.isHumanRequired()).isFalse();
        assertThat(i.getRevision()).isZero();
    }

    @Test
    void sixOfTenOpenOneFleetImpairmentAndWithholdEveryReplacement() {
        // When six of ten members, two per zone, become impaired one after another
        for (int n = 1; n <= 6; n++) {
            apply(open(n, zone(n)));
        }
        // Then exactly one fleet impairment opened, linking all six
        List<Impairment> fleets = of(ImpairmentType.FLEET);
        assertThat(fleets).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        Impairment fleet = fleets.get(0);
        assertThat(fleet.getResourceId()).isEqualTo("web-asg");
        assertThat(fleet.getRelatedImpairments()).hasSize(6);
        assertThat(fleet.isHumanRequired()).isTrue();
        assertThat(fleet.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(of(ImpairmentType.ZONE)).isEmpty(); // spread evenly: not a zone problem
        // And the latest record of every member withholds replacement and asks for a human
        Map<String, Impairment> latest = latestMembers();
        assertThat(latest).hasSize(6);
        assertThat(latest.values()).allSatisfy(m -> {
            assertThat(m.isMemberActionsWithheld()).isTrue();
            assertThat(m.isHumanRequired()).isTrue();
            assertThat(m.getRecommendedActions()).doesNotContain(ActionType.REPLACE_INSTANCE).contains(ActionType.NOTIFY);
            assertThat(m.getRelatedImpairments()).containsExactly(fleet.getId());
        });
        assertRevisionsUniqueAndIncreasing();
    }

    @Test
    void aGreyZoneOpensAZoneImpairmentRecommendingAZonalShift() {
        // When three of the four members in one zone are impaired and the other zones are fine
        for (int n = 1; n <= 3; n++) {
            apply(open(n, "us-east-1a"));
        }
        // Then one zone impairment recommends shifting traffic away from that zone
        List<Impairment> zones = of(ImpairmentType.ZONE);
        assertThat(zones).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE);
        Impairment zone = zones.get(zones.size() - 1);
        assertThat(zone.getResourceId()).isEqualTo("us-east-1a");
        assertThat(zone.getRecommendedActions()).containsExactly(ActionType.ZONAL_SHIFT, ActionType.NOTIFY);
        assertThat(zone.getTopology().getAvailabilityZone()).isEqualTo("us-east-1a");
        assertThat(zone.getTopology().getLoadBalancer()).isEqualTo("app/web/1");
        assertThat(zone.getRelatedImpairments()).hasSize(3);
        assertThat(of(ImpairmentType.FLEET)).isEmpty();
        // And the zone's members no longer recommend replacement
        assertThat(latestMembers().values()).allSatisfy(m -> {
            assertThat(m.isMemberActionsWithheld()).isTrue();
            assertThat(m.getRecommendedActions()).doesNotContain(ActionType.REPLACE_INSTANCE);
        });
        assertRevisionsUniqueAndIncreasing();
    }

    @Test
    void aZoneIsNotSingledOutWhenItsPeersAreAsBad() {
        apply(open(1, "us-east-1a"));
        apply(open(2, "us-east-1b"));
        apply(open(3, "us-east-1a"));
        apply(open(4, "us-east-1b"));
        assertThat(of(ImpairmentType.ZONE)).isEmpty();
    }

    @Test
    void theFleetResolvesAndMembersGetTheirActionsBack() {
        // Given an open fleet impairment of six, two per zone
        for (int n = 1; n <= 6; n++) {
            apply(open(n, zone(n)));
        }
        // When four members recover (two remain: 20 %, at or below the recovery share)
        for (int n = 1; n <= 4; n++) {
            apply(resolved(n));
        }
        // Then the fleet impairment resolved, and the two still open recommend replacement again
        assertThat(of(ImpairmentType.FLEET)).extracting(Impairment::getState)
                .startsWith(LifecycleState.OPEN).endsWith(LifecycleState.RESOLVED);
        assertThat(of(ImpairmentType.ZONE)).isEmpty();
        Map<String, Impairment> latest = latestMembers();
        assertThat(latest.get("imp-5").isMemberActionsWithheld()).isFalse();
        assertThat(latest.get("imp-6").getRecommendedActions()).contains(ActionType.REPLACE_INSTANCE);
        assertThat(latest.get("imp-6").getRelatedImpairments()).isEmpty();
        assertThat(latest.get("imp-1").getState()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(correlator.isIdle()).isFalse();
        apply(resolved(5));
        apply(resolved(6));
        assertThat(correlator.isIdle()).isTrue();
        assertRevisionsUniqueAndIncreasing();
    }

    @Test
    void zonesAreJudgedOnTheCompleteMomentNotOnArrivalOrder() {
        // When six impairments of one instant arrive, the first two from the same zone
        int[] order = {1, 4, 2, 3, 5, 6};
        List<Long> wake = new ArrayList<>();
        for (int n : order) {
            emitted.addAll(correlator.offer(open(n, zone(n)).toBuilder().detectionTime(T0).build(), T0, T0 - 1, T0 + 1,
                    wake::add));
        }
        assertThat(emitted).as("held until the moment is complete").isEmpty();
        assertThat(wake).containsOnly(T0);
        emitted.addAll(correlator.advance(T0, T0 + 1));
        // Then no zone is singled out: two per zone is a fleet problem
        assertThat(of(ImpairmentType.ZONE)).isEmpty();
        assertThat(of(ImpairmentType.FLEET)).hasSize(1);
    }

    @Test
    void aFleetOfUnknownSizeIsNotCorrelated() {
        for (int n = 1; n <= 6; n++) {
            apply(member(n, "us-east-1a", LifecycleState.OPEN, null));
        }
        assertThat(of(ImpairmentType.FLEET)).isEmpty();
        assertThat(of(ImpairmentType.ZONE)).isEmpty();
        assertThat(latestMembers().values()).noneMatch(Impairment::isMemberActionsWithheld);
    }

    @Test
    void aggregatesRoundTripMidIncident() throws IOException {
        // Given an open zone impairment and members in a store
        for (int n = 1; n <= 3; n++) {
            apply(open(n, "us-east-1a"));
        }
        // When the region's aggregates are written and read back over the same member store (Flink restores both)
        byte[] bytes = write(correlator);
        Correlator copy = Correlator.readFrom(CorrelationConfig.defaults(), "123456789012", "us-east-1", store,
                new DataInputStream(new ByteArrayInputStream(bytes)));
        // Then they are equal, and the copy goes on as the original would have
        assertThat(write(copy)).isEqualTo(bytes);
        List<Impairment> out = copy.offer(resolvedIn(1, "us-east-1a"), T0, Long.MAX_VALUE, T0 + 1, t -> { });
        assertThat(of(out, ImpairmentType.ZONE)).extracting(Impairment::getState).containsExactly(LifecycleState.UPDATE);
    }

    @Test
    void aLargeIncidentCostsWorkInProportionToItsRecords() {
        // Given a fleet of 20,000 over two zones, 12,000 of them failing (the case fail open exists for)
        Map<String, Integer> sizes = Map.of("us-east-1a", 10_000, "us-east-1b", 10_000);
        int[] walks = {0};
        MemberStore counting = new CountingStore(MemberStore.inMemory(), walks);
        Correlator big = new Correlator(CorrelationConfig.defaults(), "123456789012", "us-east-1", counting);
        List<Impairment> out = new ArrayList<>();
        for (int n = 0; n < 12_000; n++) {
            Impairment m = member(n, n % 2 == 0 ? "us-east-1a" : "us-east-1b", LifecycleState.OPEN, sizes);
            out.addAll(big.offer(m, T0, T0, T0, t -> { }));
        }
        // Then one fleet impairment, every member withheld in the end, and the members walked only
        // when a verdict changed (withhold share crossed, fleet opened), not once per record
        assertThat(of(out, ImpairmentType.FLEET)).extracting(Impairment::getState).first().isEqualTo(LifecycleState.OPEN);
        assertThat(of(out, ImpairmentType.FLEET).get(0).getRelatedImpairments()).hasSize(Correlator.MAX_RELATED);
        assertThat(walks[0]).isLessThan(10);
        Map<String, Impairment> latest = new HashMap<>();
        out.stream().filter(i -> i.getType() == ImpairmentType.INSTANCE_FAILURE).forEach(i -> latest.put(i.getId(), i));
        assertThat(latest).hasSize(12_000);
        assertThat(latest.values()).allMatch(Impairment::isMemberActionsWithheld);
    }

    /** Counts full walks of the members. */
    private static final class CountingStore implements MemberStore {
        private final MemberStore inner;
        private final int[] walks;

        CountingStore(MemberStore inner, int[] walks) {
            this.inner = inner;
            this.walks = walks;
        }

        @Override
        public Member get(String id) {
            return inner.get(id);
        }

        @Override
        public void put(String id, Member m) {
            inner.put(id, m);
        }

        @Override
        public void remove(String id) {
            inner.remove(id);
        }

        @Override
        public Iterable<Member> all() {
            walks[0]++;
            return inner.all();
        }

        @Override
        public int count(String key) {
            return inner.count(key);
        }

        @Override
        public void setCount(String key, int n) {
            inner.setCount(key, n);
        }

        @Override
        public void hold(long time, Impairment record) {
            inner.hold(time, record);
        }

        @Override
        public List<Impairment> release(long time) {
            return inner.release(time);
        }

        @Override
        public long heldUntil(String id) {
            return inner.heldUntil(id);
        }

        @Override
        public boolean isEmpty() {
            return inner.isEmpty();
        }
    }

    private static byte[] write(Correlator c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static List<Impairment> of(List<Impairment> all, ImpairmentType type) {
        return all.stream().filter(i -> i.getType() == type).collect(Collectors.toList());
    }

    private static Impairment resolvedIn(int n, String zone) {
        return member(n, zone, LifecycleState.RESOLVED, SIZES).toBuilder().revision(1).resolvedTime(T0 + 600_000L).build();
    }

    /** One record arriving after the watermark passed its time: its own moment. */
    private List<Impairment> apply(Impairment in) {
        List<Impairment> out = correlator.offer(in, Correlator.eventTimeOf(in, null), Long.MAX_VALUE, T0 + 1, t -> { });
        emitted.addAll(out);
        return out;
    }

    private List<Impairment> of(ImpairmentType type) {
        return emitted.stream().filter(i -> i.getType() == type).collect(Collectors.toList());
    }

    private Map<String, Impairment> latestMembers() {
        Map<String, Impairment> latest = new LinkedHashMap<>();
        for (Impairment i : emitted) {
            if (i.getType() == ImpairmentType.INSTANCE_FAILURE) {
                latest.put(i.getId(), i);
            }
        }
        return latest;
    }

    private void assertRevisionsUniqueAndIncreasing() {
        Map<String, Integer> last = new HashMap<>();
        for (Impairment i : emitted) {
            Integer before = last.put(i.getId(), i.getRevision());
            assertThat(i.getRevision()).as(i.getId()).isEqualTo(before == null ? 0 : before + 1);
        }
    }

    private static String zone(int n) {
        return new String[] {"us-east-1a", "us-east-1b", "us-east-1c"}[n % 3];
    }

    private static Impairment open(int n, String zone) {
        return member(n, zone, LifecycleState.OPEN, SIZES);
    }

    private static Impairment resolved(int n) {
        return member(n, zone(n), LifecycleState.RESOLVED, SIZES).toBuilder()
                .revision(1).resolvedTime(T0 + 600_000L).build();
    }

    private static Impairment member(int n, String zone, LifecycleState state, Map<String, Integer> sizes) {
        Topology t = new Topology(zone, "web-asg", new String[] {"targetgroup/web/1"}, "app/web/1",
                Map.of("vigil:managed", "true"), sizes, true, null);
        return Impairment.builder().id(String.format("imp-%d", n)).revision(0).state(state).resource("i-" + n, "EC2_INSTANCE")
                .location("123456789012", "us-east-1").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.CRITICAL)
                .firstBreachTime(T0 + n * 60_000L).detectionTime(T0 + n * 60_000L + 120_000L)
                .recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).topology(t).build();
    }
}

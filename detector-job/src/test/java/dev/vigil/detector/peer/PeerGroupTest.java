package dev.vigil.detector.peer;

import dev.vigil.detector.series.Alarm;
import dev.vigil.detector.series.Episode;
import dev.vigil.detector.series.Evaluation;
import dev.vigil.detector.series.Verdict;
import dev.vigil.detector.resource.ImpairmentRecords;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.PeerDirection;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerGroupTest {
    static final long T0 = 1763800200000L; // 2025-11-22T08:30:00Z, a minute start
    static final long MIN = 60_000;
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final String ASG = "web-asg";
    static final Rule RULE = RulesFile.load("classpath:rules/peer-test-rules.yaml").peers().get("app-latency-peer");
    /** Healthy latencies (ms) of the five members; i-5 is the one that goes bad. */
    static final double[] HEALTHY = {100, 104, 96, 102, 98};

    private final PeerMembers groupMembers = PeerMembers.inMemory();
    private final PeerGroup group = new PeerGroup(RULE, ACCOUNT, REGION, ASG, groupMembers);

    private static String member(int i) {
        return "i-" + (i + 1);
    }

    /** One minute of the five members, i-5 at {@code last}, then the minute judged. */
    private static List<Impairment> minute(PeerGroup g, int m, double last) {
        for (int i = 0; i < HEALTHY.length; i++) {
            g.add(member(i), T0 + m * MIN + 5_000, i == HEALTHY.length - 1 ? last : HEALTHY[i]);
        }
        return g.evaluate(T0 + m * MIN, T0 + m * MIN + 90_000);
    }

    @Test
    void aMemberFiveTimesTheMedianForThreeOfFiveMinutesOpensOneImpairmentWithEvidence() {
        // Given i-5 normal for two minutes, then at 5x the group median
        List<Impairment> out = new ArrayList<>();
        out.addAll(minute(group, 0, 101));
        out.addAll(minute(group, 1, 99));
        out.addAll(minute(group, 2, 500));
        out.addAll(minute(group, 3, 500));
        assertThat(out).isEmpty();

        // When the third outlier minute is judged
        out.addAll(minute(group, 4, 510));

        // Then exactly one impairment opens on i-5, from the first outlier minute to the end of the third
        assertThat(out).hasSize(1);
        Impairment open = out.get(0);
        assertThat(open.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(open.getRevision()).isZero();
        assertThat(open.getResourceId()).isEqualTo("i-5");
        assertThat(open.getResourceType()).isEqualTo("EC2_INSTANCE");
        assertThat(open.getAccount()).isEqualTo(ACCOUNT);
        assertThat(open.getRegion()).isEqualTo(REGION);
        assertThat(open.getType()).isEqualTo(ImpairmentType.SERVICE_DEGRADATION);
        assertThat(open.getFirstBreachTime()).isEqualTo(T0 + 2 * MIN);
        assertThat(open.getDetectionTime()).isEqualTo(T0 + 5 * MIN);
        assertThat(open.getEmitTime()).isEqualTo(T0 + 4 * MIN + 90_000);
        assertThat(open.getId()).isEqualTo(ImpairmentRecords.idFor(
                ResourceKey.key(ACCOUNT, REGION, "i-5") + "|peer:app-latency-peer", T0 + 2 * MIN));
        assertThat(open.getRecommendedActions()).containsExactly(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);
        assertThat(open.getTopology().getAutoScalingGroup()).isEqualTo(ASG);
        assertThat(open.getSummary()).contains("i-5", ASG, "median 102.0");
        // And the evidence is the opening minute against the median of all five (96, 100, 102, 104, 510)
        Evidence ev = open.getEvidence()[0];
        assertThat(ev.getKind()).isEqualTo(EvidenceKind.METRIC);
        assertThat(ev.getRuleId()).isEqualTo("app-latency-peer");
        assertThat(ev.getNamespace()).isEqualTo("App");
        assertThat(ev.getMetricName()).isEqualTo("Latency");
        assertThat(ev.getDimensions()).containsEntry("InstanceId", "i-5").containsEntry("AutoScalingGroupName", ASG);
        assertThat(ev.getStatistic()).isEqualTo("Average");
        assertThat(ev.getPeriodStart()).isEqualTo(T0 + 4 * MIN);
        assertThat(ev.getPeriodSeconds()).isEqualTo(60);
        assertThat(ev.getValue()).isEqualTo(510.0);
        assertThat(ev.getComparison()).isEqualTo("PeerOutlier");
        assertThat(ev.getExpected()).isEqualTo(102.0);
        assertThat(ev.getUpper()).isEqualTo(204.0); // ratio 2 x median is the wider bound here
        assertThat(ev.getThreshold()).isEqualTo(ev.getUpper());
        assertThat(ev.getLower()).isLessThan(102.0);
        assertThat(ev.getValue()).isGreaterThan(ev.getUpper());
        assertThat(ev.getScore()).isBetween(0.5, 1.0); // beyond the MAD band
        // And the record is valid against the published schema
        assertThat(SchemaValidator.problems("impairment", open)).isEmpty();
    }

    @Test
    void afterHealthyThresholdNormalMinutesItResolvesWithTheSameId() {
        // Given i-5 opened after three outlier minutes
        minute(group, 0, 500);
        minute(group, 1, 500);
        Impairment open = minute(group, 2, 500).get(0);

        // When it is back among its peers for four minutes (H = 5)
        List<Impairment> out = new ArrayList<>();
        for (int m = 3; m < 7; m++) {
            out.addAll(minute(group, m, 101));
        }
        assertThat(out).isEmpty();
        assertThat(group.openImpairment("i-5")).isEqualTo(open);

        // And for a fifth
        out.addAll(minute(group, 7, 101));

        // Then it resolves, same id, at the end of the fifth normal minute
        assertThat(out).hasSize(1);
        Impairment resolved = out.get(0);
        assertThat(resolved.getState()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(resolved.getId()).isEqualTo(open.getId());
        assertThat(resolved.getRevision()).isEqualTo(1);
        assertThat(resolved.getResolvedTime()).isEqualTo(T0 + 8 * MIN);
        assertThat(resolved.getFirstBreachTime()).isEqualTo(open.getFirstBreachTime());
        assertThat(group.openImpairment("i-5")).isNull();
        assertThat(SchemaValidator.problems("impairment", resolved)).isEmpty();
    }

    @Test
    void anOutlierMinuteInTheRecoveryRestartsTheHealthyRun() {
        minute(group, 0, 500);
        minute(group, 1, 500);
        minute(group, 2, 500);
        List<Impairment> out = new ArrayList<>();
        for (int m = 3; m < 7; m++) {
            out.addAll(minute(group, m, 101));
        }
        // When one more outlier minute comes before the fifth normal one
        out.addAll(minute(group, 7, 500));
        for (int m = 8; m < 12; m++) {
            out.addAll(minute(group, m, 101));
        }

        // Then it is still open: the healthy run started again
        assertThat(out).isEmpty();
        assertThat(minute(group, 12, 101)).extracting(Impairment::getState).containsExactly(LifecycleState.RESOLVED);
    }

    @Test
    void anIntermittentOutlierReachesThreeOfFive() {
        List<Impairment> out = new ArrayList<>();
        double[] i5 = {500, 100, 500, 100, 500};
        for (int m = 0; m < i5.length; m++) {
            out.addAll(minute(group, m, i5[m]));
        }

        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        assertThat(out.get(0).getFirstBreachTime()).isEqualTo(T0);
    }

    @Test
    void twoOutlierMinutesOfFiveAreNotEnough() {
        List<Impairment> out = new ArrayList<>();
        double[] i5 = {500, 100, 100, 500, 100, 100, 100};
        for (int m = 0; m < i5.length; m++) {
            out.addAll(minute(group, m, i5[m]));
        }

        assertThat(out).isEmpty();
    }

    @Test
    void withFewerThanMinPeersOthersReportingNobodyIsJudged() {
        // Given only three members (minPeers = 3 needs three others besides the outlier)
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            group.add("i-1", T0 + m * MIN, 100);
            group.add("i-2", T0 + m * MIN, 102);
            group.add("i-5", T0 + m * MIN, 1000);
            out.addAll(group.evaluate(T0 + m * MIN, 0));
        }

        // Then nothing opens and nobody is even tracked
        assertThat(out).isEmpty();
        assertThat(group.memberCount()).isZero();
    }

    @Test
    void theWholeGroupRisingTogetherIsNoOutlier() {
        // Given every member's latency going up 5x at once (a dependency got slow, not one instance)
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            double factor = m < 2 ? 1 : 5;
            for (int i = 0; i < HEALTHY.length; i++) {
                group.add(member(i), T0 + m * MIN, HEALTHY[i] * factor);
            }
            out.addAll(group.evaluate(T0 + m * MIN, 0));
        }

        // Then no member is impaired
        assertThat(out).isEmpty();
        assertThat(group.memberCount()).isEqualTo(5);
    }

    @Test
    void aMemberWithinTheRatioOfTheMedianIsNoOutlierEvenFarOutsideTheMadBand() {
        // Given peers that agree closely (tiny MAD) and i-5 at 1.8x the median (ratio is 2)
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            out.addAll(minute(group, m, 180));
        }

        assertThat(out).isEmpty();
    }

    @Test
    void aValueForAnEvaluatedMinuteIsLateAndIgnored() {
        minute(group, 0, 100);

        assertThat(group.add("i-1", T0 + 30_000, 900)).isEqualTo(PeerGroup.Added.LATE);
        assertThat(group.add("i-1", T0 + MIN, 100)).isEqualTo(PeerGroup.Added.NEW_MINUTE);
        assertThat(group.add("i-2", T0 + MIN + 1, 100)).isEqualTo(PeerGroup.Added.ADDED);
        assertThat(group.add("i-3", T0 + MIN, Double.NaN)).isEqualTo(PeerGroup.Added.NO_VALUE);
    }

    @Test
    void aMemberSilentForLongIsResolvedAndForgotten() {
        // Given i-5 open
        minute(group, 0, 500);
        minute(group, 1, 500);
        Impairment open = minute(group, 2, 500).get(0);

        // When the whole group stops reporting (scaled in, terminated) past the silence limit
        long silentUntil = T0 + 3 * MIN + group.silenceMs();
        assertThat(group.nextExpiryTime()).isEqualTo(silentUntil);
        assertThat(group.expire(silentUntil - 1, 0)).isEmpty();
        List<Impairment> out = group.expire(silentUntil, 7);

        // Then i-5's impairment resolves then, and the group holds nothing any more
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getId()).isEqualTo(open.getId());
        assertThat(out.get(0).getState()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(out.get(0).getResolvedTime()).isEqualTo(silentUntil);
        assertThat(group.isEmpty()).isTrue();
        assertThat(group.nextExpiryTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anUnreadableMemberEntryIsDroppedAndTheRestOfTheGroupGoesOn() {
        // Given i-5 open, and i-2's entry damaged in the store (its first bytes, then nothing)
        List<String> dropped = new ArrayList<>();
        PeerMembers entries = PeerMembers.inMemory();
        PeerMembers store = new PeerMembers() {
            @Override
            public byte[] get(String member) {
                return entries.get(member);
            }

            @Override
            public void put(String member, byte[] track) {
                entries.put(member, track);
            }

            @Override
            public void remove(String member) {
                entries.remove(member);
            }

            @Override
            public Iterable<java.util.Map.Entry<String, byte[]>> all() {
                return entries.all();
            }

            @Override
            public boolean isEmpty() {
                return entries.isEmpty();
            }

            @Override
            public void dropUnreadable(String member, Exception cause) {
                dropped.add(member);
                remove(member);
            }
        };
        PeerGroup g = new PeerGroup(RULE, ACCOUNT, REGION, ASG, store);
        minute(g, 0, 500);
        minute(g, 1, 500);
        Impairment open = minute(g, 2, 500).get(0);
        store.put("i-2", java.util.Arrays.copyOf(store.get("i-2"), 5));

        // When the next minutes come and are judged
        List<Impairment> out = new ArrayList<>();
        for (int m = 3; m < 9; m++) {
            out.addAll(minute(g, m, 101));
        }

        // Then nothing threw: i-2's entry was dropped once, i-2 started again from its next value,
        // and i-5 resolved among its peers with the same id
        assertThat(dropped).containsExactly("i-2");
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.RESOLVED);
        assertThat(out.get(0).getId()).isEqualTo(open.getId());
        assertThat(g.memberCount()).isEqualTo(HEALTHY.length);

        // and a damaged entry met by a lookup, a new value or the silence walk goes the same way
        store.put("i-3", new byte[] {99});
        assertThat(g.openImpairment("i-3")).isNull();
        store.put("i-4", new byte[0]);
        assertThat(g.add("i-4", T0 + 9 * MIN, 100)).isEqualTo(PeerGroup.Added.NEW_MINUTE);
        store.put("i-1", new byte[] {2, 0});
        assertThat(g.expire(T0 + 9 * MIN, 0)).isEmpty();
        assertThat(dropped).containsExactly("i-2", "i-3", "i-4", "i-1");
    }

    @Test
    void aLowRuleFindsAMemberFarBelowItsPeers() {
        Rule low = Rule.builder().detector(DetectorType.PEER).id("low").namespace("App").metricName("Requests").statistic("Sum")
                .memberDimension("InstanceId").direction(PeerDirection.LOW).datapointsToAlarm(1).evaluationPeriods(1)
                .build();
        PeerGroup g = new PeerGroup(low, ACCOUNT, REGION, ASG, PeerMembers.inMemory());

        List<Impairment> out = minute(g, 0, 10);

        assertThat(out).extracting(Impairment::getResourceId).containsExactly("i-5");
        assertThat(out.get(0).getTopology()).isNull(); // no Auto Scaling group dimension named the group
        assertThat(minute(g, 1, 150)).isEmpty(); // HIGH values are not this rule's business (and H is 5)
    }

    @Test
    void stateRoundTripGivesIdenticalBehaviour() throws IOException {
        // Given two groups fed the same minutes, one written to bytes and read back after every step
        PeerMembers restoredMembers = PeerMembers.inMemory();
        PeerGroup restored = new PeerGroup(RULE, ACCOUNT, REGION, ASG, restoredMembers);
        double[] i5 = {100, 500, 500, 100, 500, 520, 100, 100, 100, 100, 100, 100};
        List<Impairment> direct = new ArrayList<>();
        List<Impairment> viaBytes = new ArrayList<>();
        for (int m = 0; m < i5.length; m++) {
            direct.addAll(minute(group, m, i5[m]));
            for (int i = 0; i < HEALTHY.length; i++) {
                restored.add(member(i), T0 + m * MIN + 5_000, i == HEALTHY.length - 1 ? i5[m] : HEALTHY[i]);
                restored = roundTrip(restored, restoredMembers);
            }
            viaBytes.addAll(restored.evaluate(T0 + m * MIN, T0 + m * MIN + 90_000));
            restored = roundTrip(restored, restoredMembers);
        }
        // A pending minute survives too
        group.add("i-1", T0 + 40 * MIN, 1);
        restored.add("i-1", T0 + 40 * MIN, 1);
        restored = roundTrip(restored, restoredMembers);

        // Then both emitted the same records, and their states are byte for byte the same
        assertThat(direct).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(viaBytes).isEqualTo(direct);
        assertThat(bytes(restored)).isEqualTo(bytes(group));
        assertThat(entries(restoredMembers)).isEqualTo(entries(groupMembers));
        assertThat(restored.isPending(T0 + 40 * MIN)).isTrue();
    }

    @Test
    void aMemberIsJudgedByTheSameAlarmAndEpisodeAsASeries() {
        // Given i-5's outlier minutes, an early one apart from the run that alarms, then a recovery
        boolean[] outlier = {true, false, false, false, true, true, true, false, false, false, false, false};
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < outlier.length; m++) {
            out.addAll(minute(group, m, outlier[m] ? 500 : 101));
        }

        // When the same judgements go through the rule's alarm chain directly
        Alarm alarm = Alarm.forRule(RULE);
        Episode episode = new Episode(RULE.evaluationPeriods());
        List<Long> fired = new ArrayList<>();
        List<Long> cleared = new ArrayList<>();
        for (int m = 0; m < outlier.length; m++) {
            Evaluation e = alarm.evaluate(T0 + m * MIN, 60, new Verdict(outlier[m] ? Verdict.Outcome.BREACHING
                    : Verdict.Outcome.NOT_BREACHING, 0, 0, 0, 0, 0, !outlier[m]));
            Episode.Change c = episode.observe(e);
            if (c == Episode.Change.FIRED) {
                fired.add(episode.firstBreach(e));
                fired.add(e.periodEndMs());
            } else if (c == Episode.Change.CLEARED) {
                cleared.add(e.periodEndMs());
            }
        }

        // Then the member opened and resolved when, and breaching since, the chain says
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(fired).containsExactly(T0, T0 + 7 * MIN);
        assertThat(out.get(0).getFirstBreachTime()).isEqualTo(fired.get(0));
        assertThat(out.get(0).getDetectionTime()).isEqualTo(fired.get(1));
        assertThat(out.get(1).getResolvedTime()).isEqualTo(cleared.get(0));
    }

    private static byte[] bytes(PeerGroup g) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        g.writeTo(out);
        return out.getCopyOfBuffer();
    }

    /** The group's own bytes written and read back; its members are bytes in their store already. */
    private static PeerGroup roundTrip(PeerGroup g, PeerMembers members) throws IOException {
        return PeerGroup.readFrom(RULE, new DataInputDeserializer(bytes(g)), members);
    }

    private static java.util.Map<String, List<Byte>> entries(PeerMembers members) {
        java.util.Map<String, List<Byte>> out = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, byte[]> e : members.all()) {
            List<Byte> b = new ArrayList<>();
            for (byte x : e.getValue()) {
                b.add(x);
            }
            out.put(e.getKey(), b);
        }
        return out;
    }

    @Test
    void whenItsRuleIsGoneEveryOpenImpairmentResolvesAndEveryMemberIsForgotten() throws Exception {
        // Given i-5 open and the other members judged (one of them pending a value), under a rule
        // whose window (N = 8) differs from the test rule's: the entries are read without any rule
        String yaml = new String(PeerGroupTest.class.getResourceAsStream("/rules/peer-test-rules.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8).replace("evaluationPeriods: 5", "evaluationPeriods: 8");
        Rule wide = RulesFile.parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "wide.yaml").peers().get("app-latency-peer");
        assertThat(wide.evaluationPeriods()).isEqualTo(8);
        PeerGroup g = new PeerGroup(wide, ACCOUNT, REGION, ASG, groupMembers);
        List<Impairment> out = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            out.addAll(minute(g, m, 500));
        }
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        g.add("i-1", T0 + 3 * MIN + 5_000, 100);
        groupMembers.put("i-9", new byte[] {2, 0, 0}); // damaged

        // When the group is closed because its rule is gone
        List<Impairment> resolved = PeerGroup.resolveAll(groupMembers, T0 + 10 * MIN, T0 + 10 * MIN + 5);

        // Then i-5's impairment resolves as itself at that time, and no member is left
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).getId()).isEqualTo(out.get(0).getId());
        assertThat(resolved.get(0).getState()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(resolved.get(0).getRevision()).isEqualTo(out.get(0).getRevision() + 1);
        assertThat(resolved.get(0).getResolvedTime()).isEqualTo(T0 + 10 * MIN);
        assertThat(resolved.get(0).getEmitTime()).isEqualTo(T0 + 10 * MIN + 5);
        assertThat(groupMembers.isEmpty()).isTrue();

        // and a time before the detection (no watermark yet after a restore) resolves at the detection
        List<Impairment> again = new ArrayList<>();
        PeerGroup h = new PeerGroup(RULE, ACCOUNT, REGION, ASG, groupMembers);
        for (int m = 0; m < 3; m++) {
            again.addAll(minute(h, m, 500));
        }
        assertThat(PeerGroup.resolveAll(groupMembers, Long.MIN_VALUE, 0)).extracting(Impairment::getResolvedTime)
                .containsExactly(again.get(0).getDetectionTime());
    }
}

package dev.vigil.detector.peer;

import dev.vigil.detector.flink.PeerOutlierFunction;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import dev.vigil.detector.flink.BroadcastHarness;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.vigil.detector.peer.PeerGroupTest.ACCOUNT;
import static dev.vigil.detector.peer.PeerGroupTest.ASG;
import static dev.vigil.detector.peer.PeerGroupTest.HEALTHY;
import static dev.vigil.detector.peer.PeerGroupTest.MIN;
import static dev.vigil.detector.peer.PeerGroupTest.REGION;
import static dev.vigil.detector.peer.PeerGroupTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PeerOutlierFunctionTest {
    private static final String KEY = PeerGroupKey.of(ACCOUNT, REGION, "app-latency-peer", ASG).key();

    private KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> newHarness()
            throws Exception {
        return BroadcastHarness.peers(new PeerOutlierFunction(RulesFile.load("classpath:rules/peer-test-rules.yaml")));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void latency(String instance, long ts, double ms) throws Exception {
        MetricDatapoint dp = MetricDatapoint.builder().account(ACCOUNT).region(REGION).namespace("App")
                .metricName("Latency").dimension("InstanceId", instance).dimension("AutoScalingGroupName", ASG)
                .timestamp(ts).unit("Milliseconds").value(ms).build();
        harness.processElement1(new StreamRecord<>(Tuple2.of(KEY, dp), ts));
    }

    /** The five members' minute {@code m}, i-5 at {@code last}. */
    private void minute(int m, double last) throws Exception {
        for (int i = 0; i < HEALTHY.length; i++) {
            latency("i-" + (i + 1), T0 + m * MIN + 10_000, i == HEALTHY.length - 1 ? last : HEALTHY[i]);
        }
    }

    private List<Impairment> emitted() {
        return harness.extractOutputValues();
    }

    @Test
    void aLatencyOutlierAmongHealthyPeersOpensAtTheWatermarkResolvesAndLeavesNoState() throws Exception {
        // Given i-5 at 5x its peers for three minutes
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }
        assertThat(emitted()).isEmpty();

        // When the watermark passes the end of the second minute only, nothing is decided yet
        harness.processBothWatermarks(new Watermark(T0 + 2 * MIN));
        assertThat(emitted()).isEmpty();

        // When it passes the third minute's end
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));

        // Then i-5 is impaired, detected at that minute's end
        assertThat(emitted()).hasSize(1);
        Impairment open = emitted().get(0);
        assertThat(open.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(open.getResourceId()).isEqualTo("i-5");
        assertThat(open.getFirstBreachTime()).isEqualTo(T0);
        assertThat(open.getDetectionTime()).isEqualTo(T0 + 3 * MIN);

        // When a value for an evaluated minute arrives, it changes nothing
        latency("i-1", T0 + 10_000, 5000);
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN + 1));
        assertThat(emitted()).hasSize(1);

        // When i-5 is back with its peers for the healthy threshold (5 minutes)
        for (int m = 3; m < 8; m++) {
            minute(m, 101);
            harness.processBothWatermarks(new Watermark(T0 + (m + 1) * MIN));
        }

        // Then it resolves with the same id
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(emitted().get(1).getId()).isEqualTo(open.getId());

        // When the group then stays silent past the silence limit, its state and timers are gone
        harness.processBothWatermarks(new Watermark(T0 + 8 * MIN + 31 * MIN));
        assertThat(emitted()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aGroupThatFallsSilentWhileImpairedResolvesAtTheSilenceLimit() throws Exception {
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        // One timer left: the silence limit (no minute pending)
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // When no member reports any more (the group was scaled in) and event time moves on
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN + 30 * MIN));

        // Then the impairment resolves at the limit and nothing is left behind
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(emitted().get(1).getResolvedTime()).isEqualTo(T0 + 3 * MIN + 30 * MIN);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theEndOfABoundedInputJudgesPendingMinutesButExpiresNobody() throws Exception {
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }

        // When the input ends (the watermark jumps to +inf)
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        // Then the three minutes are judged and the impairment stays open: the input ended, i-5 did not go silent
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
    }

    @Test
    void minutesMoreThanTheSilenceLimitAheadOfTheWatermarkAreStillJudged() throws Exception {
        // Given three healthy minutes judged: the members' silence limit is now armed at T0 + 33 min
        for (int m = 0; m < 3; m++) {
            minute(m, 101);
        }
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));
        // and, as a shard read ahead in a backlog delivers them, 40 more minutes before the watermark
        // moves on, i-5 an outlier in minutes 31 to 33 (minute 32's timer is the armed silence limit)
        for (int m = 3; m < 43; m++) {
            minute(m, m >= 31 && m <= 33 ? 500 : 101);
        }

        // When the watermark catches up minute by minute
        for (int m = 3; m < 43; m++) {
            harness.processBothWatermarks(new Watermark(T0 + (m + 1) * MIN));
        }

        // Then every minute was judged: i-5 opens at minute 33's end, from minute 31, as it would live
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN,
                LifecycleState.RESOLVED);
        assertThat(emitted().get(0).getFirstBreachTime()).isEqualTo(T0 + 31 * MIN);
        assertThat(emitted().get(0).getDetectionTime()).isEqualTo(T0 + 34 * MIN);
        // and once the group falls silent nothing is left behind
        harness.processBothWatermarks(new Watermark(T0 + 43 * MIN + 31 * MIN));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anUnreadableMemberEntryIsDroppedInsteadOfFailingTheJob() throws Exception {
        // Given i-5 open, and i-2's member entry damaged (the drop is also counted, vigil.stateUnreadable:
        // Flink's harness of a broadcast-connected operator takes no metered environment to read it from)
        harness.close();
        harness = newHarness();
        harness.open();
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        harness.getOperator().setCurrentKey(KEY);
        MapState<String, byte[]> members = harness.getOperator().getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("peer-members", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        members.put("i-2", Arrays.copyOf(members.get("i-2"), 5));

        // When the next minutes come and their timers judge them (each walks every member)
        for (int m = 3; m < 9; m++) {
            minute(m, 101);
            harness.processBothWatermarks(new Watermark(T0 + (m + 1) * MIN));
        }

        // Then nothing threw: the entry was dropped, i-2 started again, and i-5
        // resolved among its peers
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        harness.getOperator().setCurrentKey(KEY);
        assertThat(members.keys()).containsExactlyInAnyOrder("i-1", "i-2", "i-3", "i-4", "i-5");
        assertThat(members.get("i-2")).hasSizeGreaterThan(5);
    }

    @Test
    void aStateSnapshotRestoresTheGroupMidRun() throws Exception {
        // Given two outlier minutes judged, then a checkpoint
        minute(0, 500);
        minute(1, 500);
        harness.processBothWatermarks(new Watermark(T0 + 2 * MIN));
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        // When the job restarts from it and the third outlier minute comes
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        minute(2, 500);
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));

        // Then the restored window counts the earlier two minutes: it opens from the first
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        assertThat(emitted().get(0).getFirstBreachTime()).isEqualTo(T0);
    }

    /** The peer test rules with the latency rule replaced by another (a rename is a removal and a new rule). */
    private static final String WITHOUT_LATENCY_RULE = "rules: []\npeerOutliers:\n"
            + "  - id: app-errors-peer\n    namespace: App\n    metricName: Errors\n    statistic: Sum\n"
            + "    memberDimension: InstanceId\n    groupDimension: AutoScalingGroupName\n    direction: HIGH\n"
            + "    minPeers: 3\n    ratio: 2.0\n    madK: 5\n    datapointsToAlarm: 3\n    evaluationPeriods: 5\n"
            + "    healthyThreshold: 5\n    impairmentType: SERVICE_DEGRADATION\n    severity: MEDIUM\n"
            + "    resourceType: EC2_INSTANCE\n    recommendedActions: [NOTIFY]\n";

    @Test
    void aPeerRuleRemovedByALiveUpdateResolvesWhatItHadOpenAtOnceAndItsStateGoes() throws Exception {
        // Given i-5 open under the latency rule, and i-2 mid-window (no impairment)
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));
        Impairment open = emitted().get(0);
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);

        // When live rules arrive without that rule
        harness.processElement2(new StreamRecord<>(new RulesUpdate("s3://vigil-rules/rules.yaml", "\"etag-2\"", T0,
                WITHOUT_LATENCY_RULE.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        // Then its open impairment resolves now (at the watermark), as itself, the next revision
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        Impairment resolved = emitted().get(1);
        assertThat(resolved.getId()).isEqualTo(open.getId());
        assertThat(resolved.getRevision()).isEqualTo(open.getRevision() + 1);
        assertThat(resolved.getResolvedTime()).isEqualTo(T0 + 3 * MIN);

        // and nothing more comes of the group: its values are ignored, its timers find nothing, its state goes
        minute(3, 500);
        harness.processBothWatermarks(new Watermark(T0 + 4 * MIN));
        harness.processBothWatermarks(new Watermark(T0 + 60 * MIN));
        assertThat(emitted()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aPeerRuleRemovedAcrossARestartResolvesWhatItHadOpenAtTheGroupsNextTimer() throws Exception {
        // Given i-5 open, then a checkpoint
        for (int m = 0; m < 3; m++) {
            minute(m, 500);
        }
        harness.processBothWatermarks(new Watermark(T0 + 3 * MIN));
        Impairment open = emitted().get(0);
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        // When the job restarts from it with the rule gone from its rules file, and time goes on
        harness = BroadcastHarness.peers(new PeerOutlierFunction(RulesFile.parse(
                new java.io.ByteArrayInputStream(WITHOUT_LATENCY_RULE.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "rules.yaml")));
        harness.initializeState(snapshot);
        harness.open();
        harness.processBothWatermarks(new Watermark(T0 + 60 * MIN));

        // Then the open impairment resolved once, as itself, and the group's state is gone
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.RESOLVED);
        assertThat(emitted().get(0).getId()).isEqualTo(open.getId());
        assertThat(emitted().get(0).getRevision()).isEqualTo(open.getRevision() + 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}

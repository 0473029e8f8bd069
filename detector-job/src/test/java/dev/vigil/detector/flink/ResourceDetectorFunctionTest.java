package dev.vigil.detector.flink;

import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.rules.RulesFile;
import org.apache.flink.types.Either;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDetectorFunctionTest {
    private static final long T0 = 1763800200000L; // 08:30:00Z
    private static final long MIN = 60_000;
    private static final String INSTANCE = "i-1";
    private static final String KEY = ResourceKey.key("111122223333", "eu-west-1", INSTANCE);
    private static final OutputTag<DeadLetter> LATE = new OutputTag<>("late", DeadLetterTypeInfoFactory.TYPE_INFO);
    private static final long RETENTION = 30 * MIN;

    private KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> harness;

    @BeforeEach
    void setUp() throws Exception {
        open(false);
    }

    private void open(boolean evaluateOnComplete) throws Exception {
        if (harness != null) {
            harness.close();
        }
        ResourceDetectorFunction fn = new ResourceDetectorFunction(LiveRules.fixed(RulesFile.load(RuleSet.DEFAULT_LOCATION)), RETENTION, LATE,
                null, evaluateOnComplete);
        harness = BroadcastHarness.detector(fn);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void statusCheck(long ts, double failed) throws Exception {
        MetricDatapoint dp = MetricDatapoint.builder().account("111122223333").region("eu-west-1")
                .namespace("AWS/EC2").metricName("StatusCheckFailed_System").dimension("InstanceId", INSTANCE)
                .timestamp(ts).unit("Count").value(failed).build();
        harness.processElement1(new StreamRecord<>(DetectorInput.of(KEY, dp), ts));
    }

    private List<Impairment> emitted() {
        return harness.extractOutputValues();
    }

    @Test
    void timersEvaluateOnTheWatermarkAndStateIsDroppedAfterRecovery() throws Exception {
        // Given two breaching minutes (the rule is 2 of 2, 60 s periods)
        statusCheck(T0, 1);
        statusCheck(T0 + MIN, 1);
        assertThat(emitted()).isEmpty();

        // When the watermark passes the end of the second period
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 2 * MIN));

        // Then it opens, detected two periods after the first breach
        assertThat(emitted()).hasSize(1);
        Impairment open = emitted().get(0);
        assertThat(open.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(open.getDetectionTime() - open.getFirstBreachTime()).isEqualTo(2 * MIN);

        // When a datapoint for an evaluated period arrives, it is late
        statusCheck(T0, 0);
        assertThat(harness.getSideOutput(LATE)).extracting(r -> r.getValue().getReason())
                .containsExactly(DeadLetterReason.LATE);

        // When the instance is healthy again for the healthy threshold (3) and more
        for (int m = 2; m < 8; m++) {
            statusCheck(T0 + m * MIN, 0);
            harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + (m + 1) * MIN));
        }
        List<LifecycleState> states = emitted().stream().map(Impairment::getState).collect(Collectors.toList());
        assertThat(states).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);

        // When it then stays silent past the retention, its state and timers are gone
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 8 * MIN + RETENTION + 10 * MIN));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCompletePeriodIsEvaluatedOnItsDatapointWithoutWaitingForTheWatermark() throws Exception {
        open(true);
        // Given the first breaching minute, evaluated by the watermark (a series' first period
        // always is: an earlier datapoint may still be on its way)
        statusCheck(T0, 1);
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + MIN));
        assertThat(emitted()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // When the second breaching minute arrives, the watermark still at its start
        statusCheck(T0 + MIN, 1);

        // Then it opens at once, detected at the period end, and one timer (the next period's) is left
        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        assertThat(emitted().get(0).getDetectionTime()).isEqualTo(T0 + 2 * MIN);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // And a second copy of an evaluated minute (a Firehose redelivery) is dropped: not late, not counted twice
        statusCheck(T0 + MIN, 1);
        assertThat(harness.getSideOutput(LATE)).isNullOrEmpty();
        // while a different datapoint for that minute is late
        statusCheck(T0 + MIN, 0);
        assertThat(harness.getSideOutput(LATE)).hasSize(1);

        // When the watermark passes, nothing is evaluated twice
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 2 * MIN));
        assertThat(emitted()).hasSize(1);

        // And a silent minute is still evaluated by the watermark (missing data), on time
        for (int m = 2; m < 8; m++) {
            harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + (m + 1) * MIN));
        }
        assertThat(emitted()).extracting(Impairment::getState).contains(LifecycleState.OPEN);
    }

    @Test
    void aPeriodWithAnEarlierQueuedEventWaitsForTheWatermark() throws Exception {
        open(true);
        HealthEvent stopped = new HealthEvent("e-1", "aws.ec2", "EC2 Instance State-change Notification",
                dev.vigil.schemas.HealthEventKind.EC2_STATE_CHANGE, "stopped", "stopped", "111122223333", "eu-west-1",
                T0 + 30_000, new String[0], new String[] {INSTANCE}, "{}");
        harness.processElement1(new StreamRecord<>(DetectorInput.of(KEY, stopped), stopped.getTime()));
        statusCheck(T0, 1);
        statusCheck(T0 + MIN, 1);
        assertThat(emitted()).isEmpty();

        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 2 * MIN));
        // The event (at 00:30) comes first, then the breach joins the same impairment
        assertThat(emitted()).extracting(Impairment::getState)
                .containsExactly(LifecycleState.OPEN, LifecycleState.UPDATE);
        assertThat(emitted().get(0).getDetectionTime()).isEqualTo(T0 + 30_000);
    }

    @Test
    void anEventAppliesWhenTheWatermarkPassesItsTime() throws Exception {
        HealthEvent stopped = new HealthEvent("e-1", "aws.ec2", "EC2 Instance State-change Notification",
                dev.vigil.schemas.HealthEventKind.EC2_STATE_CHANGE, "stopped", "stopped", "111122223333", "eu-west-1",
                T0 + 30_000, new String[0], new String[] {INSTANCE}, "{}");

        harness.processElement1(new StreamRecord<>(DetectorInput.of(KEY, stopped), stopped.getTime()));
        assertThat(emitted()).isEmpty();
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + MIN));

        assertThat(emitted()).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN);
        assertThat(emitted().get(0).getDetectionTime()).isEqualTo(T0 + 30_000);
    }

    @Test
    void stateNoReaderCanReadIsDroppedAndTheResourceStartsAgainInsteadOfFailingTheJob() throws Exception {
        // Given a resource whose stored state is damaged (here: its first bytes, then nothing)
        statusCheck(T0, 1);
        org.apache.flink.runtime.state.KeyedStateBackend<String> backend =
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(KEY);
        org.apache.flink.api.common.state.ValueState<byte[]> state = backend.getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>("resource",
                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        state.update(java.util.Arrays.copyOf(state.value(), 12));

        // When its timer fires and more datapoints arrive (each reads the state)
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + MIN));
        statusCheck(T0 + MIN, 1);
        statusCheck(T0 + 2 * MIN, 1);
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 3 * MIN));

        // Then nothing throws: the damaged state was dropped and the resource learnt again from the
        // next datapoints, opening on their own 2 of 2
        assertThat(emitted()).hasSize(1);
        assertThat(emitted().get(0).getFirstBreachTime()).isEqualTo(T0 + MIN);
        backend.setCurrentKey(KEY);
        assertThat(state.value()[0]).isEqualTo((byte) 4);
    }
}

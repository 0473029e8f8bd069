package dev.vigil.detector.flink;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.RegionKey;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelateFunctionTest {
    private static final long T0 = 1_795_341_600_000L;
    private static final long MIN = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Impairment member(String n, String zone, LifecycleState state, int revision) {
        Topology t = new Topology(zone, "web-asg", new String[] {"targetgroup/web/1"}, "app/web/1", Map.of(),
                Map.of("us-east-1a", 2, "us-east-1b", 1), true, null);
        Impairment.Builder b = Impairment.builder().id("imp-" + n).revision(revision).state(state).resource("i-" + n, "EC2_INSTANCE")
                .location("123456789012", "us-east-1").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.CRITICAL)
                .firstBreachTime(T0).detectionTime(T0 + 2 * MIN).recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY)
                .topology(t);
        return state == LifecycleState.RESOLVED ? b.resolvedTime(T0 + 10 * MIN).build() : b.build();
    }

    private List<Impairment> emitted() {
        return harness.extractOutputValues();
    }

    @Test
    void fleetMembersWaitForTheirMomentAndTheStateIsDroppedWhenAllIsOver() throws Exception {
        // Given two of three members open at 10:02; the first arrives alone
        harness.processElement(new StreamRecord<>(member("a", "us-east-1a", LifecycleState.OPEN, 0), T0 + MIN));
        assertThat(emitted()).as("held: its moment may not be complete").isEmpty();
        harness.processElement(new StreamRecord<>(member("b", "us-east-1b", LifecycleState.OPEN, 0), T0 + 2 * MIN));

        // When the watermark passes 10:02
        harness.processWatermark(new Watermark(T0 + 2 * MIN));

        // Then both leave withheld, after the fleet impairment that withholds them
        assertThat(emitted()).extracting(Impairment::getType)
                .containsExactly(ImpairmentType.FLEET, ImpairmentType.INSTANCE_FAILURE, ImpairmentType.INSTANCE_FAILURE);
        assertThat(emitted()).filteredOn(i -> i.getType() == ImpairmentType.INSTANCE_FAILURE)
                .allSatisfy(i -> assertThat(i.isMemberActionsWithheld()).isTrue());

        // And once both resolve and the watermark passes, nothing is left: no state, no timer
        harness.processElement(new StreamRecord<>(member("a", "us-east-1a", LifecycleState.RESOLVED, 1), T0 + 10 * MIN));
        harness.processElement(new StreamRecord<>(member("b", "us-east-1b", LifecycleState.RESOLVED, 1), T0 + 10 * MIN));
        harness.processWatermark(new Watermark(T0 + 11 * MIN));
        assertThat(emitted()).filteredOn(i -> i.getState() == LifecycleState.RESOLVED).hasSize(3);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aResourceInNoKnownFleetPassesAtOnce() throws Exception {
        Impairment db = Impairment.builder().id("imp-db").revision(0).state(LifecycleState.OPEN).resource("orders-db", "RDS_INSTANCE")
                .location("123456789012", "us-east-1").type(ImpairmentType.DATABASE).severity(Severity.HIGH)
                .firstBreachTime(T0).detectionTime(T0 + MIN).build();
        harness.processElement(new StreamRecord<>(db, T0 + MIN));

        assertThat(emitted()).extracting(Impairment::getId).containsExactly("imp-db");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRestoreWhileARecordIsHeldCarriesOnAsAnUninterruptedRunDoes() throws Exception {
        // Given an uninterrupted run: a member held, a second one, the watermark, both resolving
        List<Impairment> clean = run(harness, 0, 4);

        // When another run is checkpointed after the first member was held, and restored into a new subtask
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> first = newHarness();
        first.open();
        run(first, 0, 1);
        OperatorSubtaskState checkpoint = first.snapshot(1, T0 + MIN);
        List<Impairment> before = first.extractOutputValues();
        first.close();
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> restored = newHarness();
        restored.initializeState(checkpoint);
        restored.open();
        List<Impairment> after = run(restored, 1, 4);

        // Then what both emitted is the uninterrupted run's output, and the restored one ends with nothing left
        List<Impairment> both = new ArrayList<>(before);
        both.addAll(after);
        assertThat(before).isEmpty();
        assertThat(both).isEqualTo(clean);
        assertThat(restored.numKeyedStateEntries()).isZero();
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive) of a small incident; what they emitted. */
    private static List<Impairment> run(KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h,
                                        int from, int to) throws Exception {
        int already = h.extractOutputValues().size();
        for (int step = from; step < to; step++) {
            switch (step) {
                case 0:
                    h.processElement(new StreamRecord<>(member("a", "us-east-1a", LifecycleState.OPEN, 0), T0 + MIN));
                    break;
                case 1:
                    h.processElement(new StreamRecord<>(member("b", "us-east-1b", LifecycleState.OPEN, 0), T0 + 2 * MIN));
                    break;
                case 2:
                    h.processWatermark(new Watermark(T0 + 2 * MIN));
                    break;
                default:
                    h.processElement(new StreamRecord<>(member("a", "us-east-1a", LifecycleState.RESOLVED, 1), T0 + 10 * MIN));
                    h.processElement(new StreamRecord<>(member("b", "us-east-1b", LifecycleState.RESOLVED, 1), T0 + 10 * MIN));
                    h.processWatermark(new Watermark(T0 + 11 * MIN));
            }
        }
        List<Impairment> all = h.extractOutputValues();
        return new ArrayList<>(all.subList(already, all.size()));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CorrelateFunction(CorrelationConfig.defaults())), RegionKey::of, Types.STRING);
    }
}

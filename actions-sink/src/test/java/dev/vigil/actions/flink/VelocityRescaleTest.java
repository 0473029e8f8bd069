package dev.vigil.actions.flink;

import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The velocity history of {@link ExecuteActionsFunction} is union operator state: after a rescale
 * every subtask sees every entry and keeps those of its own fleets (the fleets the keyBy routes to
 * it), so each fleet's recent destructive actions are counted once, by the subtask that will see
 * its next one, and none is lost or counted twice.
 */
class VelocityRescaleTest {
    private static final int MAX = JobEnvironment.MAX_PARALLELISM;
    private static final ListStateDescriptor<Tuple2<String, Long>> HISTORY =
            new ListStateDescriptor<>("velocity-history", Types.TUPLE(Types.STRING, Types.LONG));

    @Test
    void afterARescaleFromTwoToThreeEachFleetsActionsAreCountedOnceByItsOwnSubtask() throws Exception {
        // Given the history two subtasks checkpointed: recent actions on six fleets, each on its subtask
        long now = System.currentTimeMillis();
        Map<String, List<Long>> before = new TreeMap<>();
        for (int f = 0; f < 6; f++) {
            List<Long> times = new ArrayList<>();
            for (int k = 0; k <= f % 3; k++) {
                times.add(now - 60_000 - f * 1_000 - k);
            }
            before.put("asg-" + f, times);
        }
        OperatorSubtaskState checkpoint = AbstractStreamOperatorTestHarness.repackageState(
                seeded(before, 0, 2), seeded(before, 1, 2));

        // When the actions operator restores it at parallelism 3
        List<Map<String, List<Long>>> kept = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(checkpoint, MAX, 2, 3,
                    subtask);
            kept.add(read(restoredAndCheckpointed(part, subtask, 3)));
        }

        // Then each fleet's entries are kept by the subtask its key goes to, all of them, and by no other
        Map<String, List<Long>> after = new TreeMap<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            for (Map.Entry<String, List<Long>> e : kept.get(subtask).entrySet()) {
                assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(e.getKey(), MAX, 3)).as(e.getKey())
                        .isEqualTo(subtask);
                assertThat(after.put(e.getKey(), e.getValue())).as("%s kept twice", e.getKey()).isNull();
            }
        }
        assertThat(after).isEqualTo(before);
        assertThat(kept).filteredOn(Map::isEmpty).hasSizeLessThan(3);
    }

    /** What subtask {@code subtask} of {@code parallelism} checkpointed: its own fleets' entries. */
    private static OperatorSubtaskState seeded(Map<String, List<Long>> history, int subtask, int parallelism)
            throws Exception {
        Map<String, List<Long>> own = new TreeMap<>();
        history.forEach((fleet, times) -> {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(fleet, MAX, parallelism) == subtask) {
                own.put(fleet, times);
            }
        });
        try (OneInputStreamOperatorTestHarness<String, String> h = new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(new History(own)), MAX, parallelism, subtask)) {
            h.open();
            return h.snapshot(1, 1);
        }
    }

    /** The actions operator of subtask {@code subtask} restored from {@code state}, then checkpointed. */
    private static OperatorSubtaskState restoredAndCheckpointed(OperatorSubtaskState state, int subtask, int parallelism)
            throws Exception {
        ExecuteActionsFunction fn = new ExecuteActionsFunction(dryRunConfig());
        try (OneInputStreamOperatorTestHarness<Impairment, ?> h = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(fn, 10_000, 10, AsyncDataStream.OutputMode.UNORDERED),
                MAX, parallelism, subtask)) {
            h.getStreamConfig().setupNetworkInputs(ImpairmentTypeInfoFactory.TYPE_INFO.createSerializer(new SerializerConfigImpl()));
            h.getStreamConfig().serializeAllConfigs();
            h.initializeState(state);
            h.open();
            return h.snapshot(2, 2);
        }
    }

    /** The velocity entries one checkpointed subtask holds. */
    private static Map<String, List<Long>> read(OperatorSubtaskState state) throws Exception {
        History reader = new History(new TreeMap<>());
        try (OneInputStreamOperatorTestHarness<String, String> h = new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(reader), MAX, 1, 0)) {
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(state, MAX, 1, 1, 0));
            h.open();
        }
        return reader.entries;
    }

    private static ActionsConfig dryRunConfig() {
        Properties aws = new Properties();
        aws.setProperty("region", "eu-west-1");
        Properties actions = new Properties();
        actions.setProperty("dry.run", "true");
        return ActionsConfig.of(Map.of("Aws", aws, "Actions", actions));
    }

    /** Declares the velocity history as the actions operator does: writes the entries given, reads what it restores. */
    private static final class History extends RichMapFunction<String, String> implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        final Map<String, List<Long>> entries;
        private transient ListState<Tuple2<String, Long>> state;

        History(Map<String, List<Long>> entries) {
            this.entries = entries;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state = context.getOperatorStateStore().getUnionListState(HISTORY);
            for (Tuple2<String, Long> t : state.get()) {
                entries.computeIfAbsent(t.f0, f -> new ArrayList<>()).add(t.f1);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            List<Tuple2<String, Long>> all = new ArrayList<>();
            entries.forEach((fleet, times) -> times.forEach(t -> all.add(Tuple2.of(fleet, t))));
            state.update(all);
        }

        @Override
        public String map(String value) {
            return value;
        }
    }
}

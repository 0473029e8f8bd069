package dev.vigil.actions.flink;

import dev.vigil.actions.ActionsRuntime;
import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.Impairment;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each impairment's recovery plan through the {@link dev.vigil.actions.ActionRunner} on a
 * bounded thread pool, so AWS calls and their retries never block the task thread (checkpoint
 * barriers and other fleets keep moving), one lane per fleet ({@link SerialLanes}).
 *
 * <p>Exactly once does not come from here: Flink re-delivers the impairments of an interrupted run
 * after a restore (the async operator checkpoints its in-flight inputs), and the ledger's claim
 * turns each repeat into an "already ran" outcome. The only state here is the velocity history,
 * kept in operator state so a restart does not forget recent terminations.
 */
public final class ExecuteActionsFunction extends RichAsyncFunction<Impairment, ActionOutcome>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExecuteActionsFunction.class);

    private final ActionsConfig config;
    private transient VelocityLimiter velocity;
    private transient ListState<Tuple2<String, Long>> velocityState;
    private transient ExecutorService pool;
    private transient SerialLanes lanes;
    private transient ActionsRuntime runtime;

    public ExecuteActionsFunction(ActionsConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        velocity = ActionsRuntime.velocity(config);
        // Union state: after rescaling each subtask sees every entry and keeps its own fleets'.
        velocityState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
                "velocity-history", Types.TUPLE(Types.STRING, Types.LONG)));
        if (context.isRestored()) {
            int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            int kept = 0;
            for (Tuple2<String, Long> t : velocityState.get()) {
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(t.f0, maxParallelism, parallelism) == me) {
                    velocity.record(t.f0, t.f1);
                    kept++;
                }
            }
            LOG.info("restored {} recent destructive actions into the velocity limits", kept);
        }
    }

    @Override
    public void open(OpenContext ctx) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.threads, r -> {
            Thread t = new Thread(r, "vigil-actions-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        lanes = new SerialLanes(pool);
        runtime = new ActionsRuntime(config, velocity);
    }

    @Override
    public void asyncInvoke(Impairment impairment, ResultFuture<ActionOutcome> result) {
        lanes.submit(FleetKey.of(impairment), () -> runtime.runner().run(impairment)).whenComplete((outcomes, e) -> {
            if (e == null) {
                for (ActionOutcome o : outcomes) {
                    LOG.info("action {} {} {}: {}", o.getActionId(), o.getType(), o.getStatus(), o.getDetail());
                }
                result.complete(outcomes);
            } else {
                // Not an AWS error (those are outcomes): a bug or the ledger gone. Restart and replay.
                result.completeExceptionally(e);
            }
        });
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<String, Long>> entries = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : velocity.history(System.currentTimeMillis()).entrySet()) {
            for (Long t : e.getValue()) {
                entries.add(Tuple2.of(e.getKey(), t));
            }
        }
        velocityState.update(entries);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}

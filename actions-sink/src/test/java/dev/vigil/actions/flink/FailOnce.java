package dev.vigil.actions.flink;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.OutcomeStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails the job once, on the first outcome of an action that really ran (SUCCEEDED) after a
 * checkpoint has completed: the crash lands after the AWS call and the ledger write but before
 * Flink checkpointed the record, which is the case where a restore replays an action that already
 * happened. The outcome it threw on never reaches the sink.
 */
final class FailOnce implements MapFunction<ActionOutcome, ActionOutcome>, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();
    static final AtomicReference<String> FAILED_ON = new AtomicReference<>();

    static void reset() {
        FAILED.set(false);
        CHECKPOINTS_BEFORE_FAILURE.set(0);
        FAILED_ON.set(null);
    }

    @Override
    public ActionOutcome map(ActionOutcome o) {
        if (o.getStatus() == OutcomeStatus.SUCCEEDED && CHECKPOINTS_BEFORE_FAILURE.get() > 0
                && FAILED.compareAndSet(false, true)) {
            FAILED_ON.set(o.getActionId());
            throw new IllegalStateException("injected failure after " + o.getActionId() + " ran");
        }
        return o;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (!FAILED.get()) {
            CHECKPOINTS_BEFORE_FAILURE.incrementAndGet();
        }
    }
}

package dev.vigil.detector.golden;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only operators that fail the job once each, at a chosen point, so a restart from the last
 * checkpoint can be compared with a clean run. Which have fired is kept in this JVM (the
 * MiniCluster's), so a point fails once however often the job restarts.
 */
final class FailureHooks {
    private static final Map<String, AtomicBoolean> FIRED = new ConcurrentHashMap<>();
    private static final AtomicLong CHECKPOINTS = new AtomicLong();

    private FailureHooks() {}

    static void reset() {
        FIRED.clear();
        CHECKPOINTS.set(0);
    }

    static boolean fired(String point) {
        return FIRED.computeIfAbsent(point, k -> new AtomicBoolean()).get();
    }

    static long completedCheckpoints() {
        return CHECKPOINTS.get();
    }

    private static boolean fire(String point) {
        return FIRED.computeIfAbsent(point, k -> new AtomicBoolean()).compareAndSet(false, true);
    }

    /** Where a record-counting hook fails. */
    enum When {
        /** While processing record {@code at}, with a checkpoint completed before it. */
        BETWEEN_CHECKPOINTS,
        /** While taking the first checkpoint at or after record {@code at}: the checkpoint fails, then the job. */
        DURING_CHECKPOINT
    }

    /**
     * Passes raw records through, counting them in its operator state (so the count follows the
     * source's position across restarts), and fails once where told.
     */
    static final class FailAtRecord implements MapFunction<byte[], byte[]>, CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String point;
        private final When when;
        private final long at;
        private transient ListState<Long> countState;
        private long count;

        FailAtRecord(String point, When when, long at) {
            this.point = point;
            this.when = when;
            this.at = at;
        }

        @Override
        public byte[] map(byte[] record) {
            count++;
            if (when == When.BETWEEN_CHECKPOINTS && count >= at && CHECKPOINTS.get() > 0 && fire(point)) {
                throw new IllegalStateException("injected failure: " + point + " at record " + count);
            }
            return record;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (when == When.DURING_CHECKPOINT && count >= at && fire(point)) {
                throw new IllegalStateException("injected failure: " + point + " in checkpoint " + context.getCheckpointId());
            }
            countState.update(java.util.List.of(count));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Types.LONG));
            count = 0;
            for (Long c : countState.get()) {
                count += c;
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    /**
     * Passes raw records through and fails once on the first record after a completed checkpoint
     * (at or after record {@code at}), with nothing handed out between the checkpoint and it: the
     * restored job goes on from the very record that failed, nothing before it to hand out again.
     * To make sure of that, the input is held back ({@link GoldenPacing#hold}) from the snapshot
     * until the checkpoint completes; when a record had already been let through, it tries again
     * at the next checkpoint.
     */
    static final class FailJustAfterCheckpoint implements MapFunction<byte[], byte[]>, CheckpointedFunction,
            CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String point;
        private final long at;
        private final String pacing;
        private final String input;
        private transient ListState<Long> countState;
        private transient long count;
        /** The checkpoint the input is held for (-1: none), and the count its snapshot holds. */
        private transient long heldFor;
        private transient long countAtHold;
        private transient boolean failNext;

        FailJustAfterCheckpoint(String point, long at, String pacing, String input) {
            this.point = point;
            this.at = at;
            this.pacing = pacing;
            this.input = input;
        }

        @Override
        public byte[] map(byte[] record) {
            count++;
            if (failNext && fire(point)) {
                throw new IllegalStateException("injected failure: " + point + " at record " + count);
            }
            failNext = false;
            return record;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            countState.update(java.util.List.of(count));
            if (count >= at && heldFor < 0 && !fired(point)) {
                GoldenSource.hold(pacing, input);
                heldFor = context.getCheckpointId();
                countAtHold = count;
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Types.LONG));
            count = 0;
            for (Long c : countState.get()) {
                count += c;
            }
            heldFor = -1;
            failNext = false;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
            // A later checkpoint completing first holds the same count, as nothing moved while held.
            if (heldFor >= 0 && checkpointId >= heldFor) {
                failNext = count == countAtHold;
                heldFor = -1;
                GoldenSource.release(pacing, input);
            }
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) {
            if (heldFor == checkpointId) {
                heldFor = -1;
                GoldenSource.release(pacing, input);
            }
        }
    }

    /** Passes impairments through and fails once at the first RESOLVED of {@code resourceId}: an impairment resolving. */
    static final class FailOnResolved implements MapFunction<Impairment, Impairment> {
        private static final long serialVersionUID = 1L;
        private final String point;
        private final String resourceId;

        FailOnResolved(String point, String resourceId) {
            this.point = point;
            this.resourceId = resourceId;
        }

        @Override
        public Impairment map(Impairment i) {
            if (i.getState() == LifecycleState.RESOLVED && i.getResourceId().equals(resourceId) && fire(point)) {
                throw new IllegalStateException("injected failure: " + point + " at " + i.getId() + "/" + i.getRevision());
            }
            return i;
        }
    }
}

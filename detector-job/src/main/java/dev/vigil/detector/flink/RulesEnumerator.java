package dev.vigil.detector.flink;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import javax.annotation.Nullable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the one split to the first reader (the source runs at parallelism 1) and takes it back
 * when that reader fails; with live rules off there is no split and the source ends at once. Its
 * state is the split while no reader holds it (a reader that holds it checkpoints it itself).
 */
final class RulesEnumerator implements SplitEnumerator<RulesSplit, List<RulesSplit>> {
    private final SplitEnumeratorContext<RulesSplit> context;
    private final boolean live;
    private final List<RulesSplit> unassigned;

    RulesEnumerator(SplitEnumeratorContext<RulesSplit> context, boolean live, List<RulesSplit> unassigned) {
        this.context = context;
        this.live = live;
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {}

    @Override
    public void addSplitsBack(List<RulesSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (!live) {
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        if (!unassigned.isEmpty()) {
            context.assignSplit(unassigned.remove(0), subtaskId);
        }
    }

    @Override
    public List<RulesSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}

    /** Version 1: a count, then each split's bytes. */
    static final class StateSerializer implements SimpleVersionedSerializer<List<RulesSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<RulesSplit> splits) throws IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (RulesSplit s : splits) {
                    byte[] b = RulesSplit.Serializer.INSTANCE.serialize(s);
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<RulesSplit> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("rules enumerator: unknown version " + version);
            }
            List<RulesSplit> splits = new ArrayList<>();
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    splits.add(RulesSplit.Serializer.INSTANCE.deserialize(1, b));
                }
            }
            return splits;
        }
    }
}

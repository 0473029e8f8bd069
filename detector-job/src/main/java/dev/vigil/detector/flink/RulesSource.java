package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesObjects;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.List;

/**
 * The live rules (FLIP-27): polls one object every {@code intervalMs} and emits each new version
 * of it, exactly as read, for validation and broadcast. Run it at parallelism 1. With live rules
 * off ({@link #off()}) it is bounded and ends at once, so the pipeline has one shape either way:
 * its rules stream is simply empty. Updates carry no event time (see {@link
 * dev.vigil.detector.flink.ValidateRules}, which makes the stream idle for good).
 */
public final class RulesSource implements Source<RulesUpdate, RulesSplit, List<RulesSplit>> {
    private static final long serialVersionUID = 1L;

    @Nullable private final RulesObjects.Factory objects;
    private final long intervalMs;

    private RulesSource(@Nullable RulesObjects.Factory objects, long intervalMs) {
        this.objects = objects;
        this.intervalMs = intervalMs;
    }

    /** Polls {@code objects} every {@code intervalMs} (the first poll at once). */
    public static RulesSource polling(RulesObjects.Factory objects, long intervalMs) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("live rules poll interval: expected >= 1 ms, got " + intervalMs);
        }
        return new RulesSource(objects, intervalMs);
    }

    /** No live rules: no split, ends at once. */
    public static RulesSource off() {
        return new RulesSource(null, 1);
    }

    /** Where it polls, or null when off. */
    @Nullable
    public String location() {
        return objects == null ? null : objects.location();
    }

    @Override
    public Boundedness getBoundedness() {
        return objects == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<RulesSplit, List<RulesSplit>> createEnumerator(SplitEnumeratorContext<RulesSplit> context) {
        return new RulesEnumerator(context, objects != null,
                objects == null ? Collections.emptyList() : Collections.singletonList(new RulesSplit(null)));
    }

    @Override
    public SplitEnumerator<RulesSplit, List<RulesSplit>> restoreEnumerator(SplitEnumeratorContext<RulesSplit> context,
                                                                            List<RulesSplit> checkpoint) {
        return new RulesEnumerator(context, objects != null, objects == null ? Collections.emptyList() : checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<RulesSplit> getSplitSerializer() {
        return RulesSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<RulesSplit>> getEnumeratorCheckpointSerializer() {
        return new RulesEnumerator.StateSerializer();
    }

    @Override
    public SourceReader<RulesUpdate, RulesSplit> createReader(SourceReaderContext context) {
        return new RulesReader(objects, intervalMs);
    }
}

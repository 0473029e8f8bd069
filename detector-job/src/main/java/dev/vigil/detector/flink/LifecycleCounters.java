package dev.vigil.detector.flink;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

import java.util.List;

/** Emits an operator's impairment records, counting the OPEN and RESOLVED ones as they go. */
public final class LifecycleCounters {
    private final Counter opened;
    private final Counter resolved;

    public LifecycleCounters(MetricGroup group, String openedName, String resolvedName) {
        this.opened = group.counter(openedName);
        this.resolved = group.counter(resolvedName);
    }

    public void emit(List<Impairment> records, Collector<Impairment> out) {
        for (Impairment i : records) {
            if (i.getState() == LifecycleState.OPEN) {
                opened.inc();
            } else if (i.getState() == LifecycleState.RESOLVED) {
                resolved.inc();
            }
            out.collect(i);
        }
    }
}

package dev.vigil.detector.flink;

import dev.vigil.detector.resource.RestoreReport;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts and logs what reading keyed state could not carry over, for every stateful detector
 * function: series dropped because their rule is gone ({@code vigil.stateSeriesDropped}), series
 * restarted because their rule changed shape ({@code vigil.stateSeriesRestarted}), and state that
 * could not be read at all and was dropped ({@code vigil.stateUnreadable}), so that a rules change
 * shows in the metrics and the log, once per rule and subtask, instead of a restart loop.
 */
public final class StateRestores {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestores.class);

    private final String operator;
    private final Counter dropped;
    private final Counter restarted;
    private final Counter unreadable;
    private final Set<String> said = new HashSet<>();
    private final RestoreReport report = new RestoreReport();

    public StateRestores(MetricGroup vigil, String operator) {
        this.operator = operator;
        this.dropped = vigil.counter("stateSeriesDropped");
        this.restarted = vigil.counter("stateSeriesRestarted");
        this.unreadable = vigil.counter("stateUnreadable");
    }

    /** A report to hand to the next read, cleared. */
    RestoreReport report() {
        report.clear();
        return report;
    }

    /** Counts and logs what the last read put in {@link #report()}. */
    void afterRead() {
        if (report.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Integer> e : report.droppedByRule().entrySet()) {
            dropped.inc(e.getValue());
            if (said.add("dropped " + e.getKey())) {
                LOG.warn("{}: state of rule '{}' dropped as it is read: the rules no longer have it (or it watches other "
                        + "dimensions); a renamed rule starts again under its new id (vigil.stateSeriesDropped)",
                        operator, e.getKey());
            }
        }
        restarted.inc(report.restartedCount());
        for (Map.Entry<String, String> e : report.restartedByRule().entrySet()) {
            if (said.add("restarted " + e.getKey())) {
                LOG.warn("{}: series of rule '{}' restart empty ({}): their periods cannot be kept; one that was firing "
                        + "keeps firing until healthy (vigil.stateSeriesRestarted)", operator, e.getKey(), e.getValue());
            }
        }
        for (int i = 0; i < report.unreadableCount(); i++) {
            unreadSeries();
        }
    }

    private void unreadSeries() {
        unreadable.inc();
        if (said.add("unreadable series")) {
            LOG.warn("{}: a series' state could not be read and was dropped (vigil.stateUnreadable)", operator);
        }
    }

    /** State of a whole key that could not be read: dropped, counted, said once per subtask. */
    public void unreadable(String key, Exception e) {
        unreadable.inc();
        if (said.add("unreadable")) {
            LOG.warn("{}: state of key '{}' could not be read and was dropped; later ones are only counted "
                    + "(vigil.stateUnreadable): {}", operator, key, e.toString());
        }
    }

    /** A key's state whose rule is gone, dropped whole (peer groups). */
    public void droppedWhole(String ruleId) {
        dropped.inc();
        if (said.add("dropped " + ruleId)) {
            LOG.warn("{}: state of rule '{}' dropped: the rules no longer have it (vigil.stateSeriesDropped)", operator, ruleId);
        }
    }
}

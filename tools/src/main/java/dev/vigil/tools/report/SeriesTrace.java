package dev.vigil.tools.report;

import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.NabScorer;

import java.util.Collections;
import java.util.List;

/**
 * One replayed series, row by row, as the report plots it: the value, the band the detector
 * expected, its anomaly score, where impairments opened, and the labelled windows (if any).
 * NaN marks what a row does not have (no evaluation yet, a threshold rule's band).
 */
public final class SeriesTrace {
    private final String name;
    private final long[] timestamps;
    private final double[] values;
    private final double[] scores;
    private final double[] expected;
    private final double[] lower;
    private final double[] upper;
    private final boolean[] onsets;
    private final List<NabScorer.Window> windows;
    private final NabScorer.FileResult result;
    private final String resourceId;
    private final EventF1Scorer.FileResult events;
    private long replayShiftMs;

    /**
     * @param windows labelled windows, empty when the input is not labelled
     * @param result  the file's NAB score, null when the input is not labelled
     */
    public SeriesTrace(String name, long[] timestamps, double[] values, double[] scores, double[] expected,
                       double[] lower, double[] upper, boolean[] onsets, List<NabScorer.Window> windows,
                       NabScorer.FileResult result) {
        this(name, null, timestamps, values, scores, expected, lower, upper, onsets, windows, result);
    }

    /**
     * @param resourceId the resource the series belongs to, whose timeline marks its plots show; null for none
     * @param scores     the anomaly score per row; all NaN for a threshold rule (its plot has no score panel)
     */
    public SeriesTrace(String name, String resourceId, long[] timestamps, double[] values, double[] scores, double[] expected,
                       double[] lower, double[] upper, boolean[] onsets, List<NabScorer.Window> windows,
                       NabScorer.FileResult result) {
        this(name, resourceId, timestamps, values, scores, expected, lower, upper, onsets, windows, result, null);
    }

    private SeriesTrace(String name, String resourceId, long[] timestamps, double[] values, double[] scores,
                        double[] expected, double[] lower, double[] upper, boolean[] onsets, List<NabScorer.Window> windows,
                        NabScorer.FileResult result, EventF1Scorer.FileResult events) {
        int n = timestamps.length;
        if (values.length != n || scores.length != n || expected.length != n || lower.length != n
                || upper.length != n || onsets.length != n) {
            throw new IllegalArgumentException("columns of " + name + " differ in length");
        }
        this.name = name;
        this.timestamps = timestamps;
        this.values = values;
        this.scores = scores;
        this.expected = expected;
        this.lower = lower;
        this.upper = upper;
        this.onsets = onsets;
        this.windows = windows == null ? Collections.emptyList() : windows;
        this.result = result;
        this.resourceId = resourceId;
        this.events = events;
    }

    /** The same trace carrying its event score (a labelled series; its segments are the windows). */
    public SeriesTrace withEvents(EventF1Scorer.FileResult e) {
        SeriesTrace t = new SeriesTrace(name, resourceId, timestamps, values, scores, expected, lower, upper, onsets, windows,
                result, e);
        t.replayShiftMs = replayShiftMs;
        return t;
    }

    /**
     * The same trace, replayed {@code ms} later than its timestamps say (a labelled replay moves
     * each series to a common start): its records, and the actions planned for them, carry the
     * replay's time and are drawn this much earlier, where the rows that caused them are.
     */
    public SeriesTrace withReplayShift(long ms) {
        SeriesTrace t = withEvents(events);
        t.replayShiftMs = ms;
        return t;
    }

    /** How much later than its timestamps the series ran through the job; 0 unless moved. */
    public long replayShiftMs() { return replayShiftMs; }

    /** Null unless the series has a label column. */
    public EventF1Scorer.FileResult events() { return events; }

    public String name() { return name; }
    public int size() { return timestamps.length; }
    public long[] timestamps() { return timestamps; }
    public double[] values() { return values; }
    public double[] scores() { return scores; }
    public double[] expected() { return expected; }
    public double[] lower() { return lower; }
    public double[] upper() { return upper; }
    public boolean[] onsets() { return onsets; }
    public List<NabScorer.Window> windows() { return windows; }
    /** Null unless the series is labelled. */
    public NabScorer.FileResult result() { return result; }
    /** Null unless the series belongs to a resource (input replays). */
    public String resourceId() { return resourceId; }

    /** True when some row has an anomaly score: threshold rules have none, and get no score panel. */
    public boolean hasScore() {
        for (double v : scores) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    public int onsetCount() {
        int c = 0;
        for (boolean o : onsets) {
            if (o) {
                c++;
            }
        }
        return c;
    }
}

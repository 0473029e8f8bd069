package dev.vigil.tools.report;

import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one replay produced, from which the summary, the report and the plots are written. */
public final class ReplayResult {
    private final String mode;
    private final List<SeriesTrace> series;
    private final NabScorer.Total total;
    private final EventF1Scorer.Total events;
    private final List<Impairment> impairments;
    private final List<DeadLetter> deadLetters;
    private final Map<String, Long> counts;
    private final double scoreThreshold;
    private final Timeline timeline;
    private List<String> skippedFiles = Collections.emptyList();

    /**
     * @param mode           "nab", "labelled" or "input"
     * @param total          NAB scores over the labelled series; null when nothing is labelled
     * @param counts         input and output counts by name (lines, datapoints, events, ...), in display order
     * @param scoreThreshold the anomaly score at which a period breaches, NaN if not one value
     */
    public ReplayResult(String mode, List<SeriesTrace> series, NabScorer.Total total, List<Impairment> impairments,
                        List<DeadLetter> deadLetters, Map<String, Long> counts, double scoreThreshold) {
        this(mode, series, total, null, impairments, deadLetters, counts, scoreThreshold, Timeline.empty());
    }

    /** @param timeline what happened to each resource (impairments, events, dead letters, ...), drawn on its plots */
    public ReplayResult(String mode, List<SeriesTrace> series, NabScorer.Total total, List<Impairment> impairments,
                        List<DeadLetter> deadLetters, Map<String, Long> counts, double scoreThreshold, Timeline timeline) {
        this(mode, series, total, null, impairments, deadLetters, counts, scoreThreshold, timeline);
    }

    /** @param events event F1 over labelled series; null when nothing carries a label column */
    public ReplayResult(String mode, List<SeriesTrace> series, NabScorer.Total total, EventF1Scorer.Total events,
                        List<Impairment> impairments, List<DeadLetter> deadLetters, Map<String, Long> counts,
                        double scoreThreshold, Timeline timeline) {
        this.mode = mode;
        this.series = Collections.unmodifiableList(series);
        this.total = total;
        this.events = events;
        this.impairments = Collections.unmodifiableList(impairments);
        this.deadLetters = Collections.unmodifiableList(deadLetters);
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        this.scoreThreshold = scoreThreshold;
        this.timeline = timeline;
    }

    public String mode() { return mode; }
    public List<SeriesTrace> series() { return series; }
    /** Null when nothing is labelled. */
    public NabScorer.Total total() { return total; }
    /** Null unless the series carry labels. */
    public EventF1Scorer.Total events() { return events; }
    public List<Impairment> impairments() { return impairments; }
    public List<DeadLetter> deadLetters() { return deadLetters; }
    public Map<String, Long> counts() { return counts; }
    public double scoreThreshold() { return scoreThreshold; }
    /** Input files not read (not a format replay knows), relative to the folder given; empty if none. */
    public List<String> skippedFiles() { return skippedFiles; }

    /** The same result, listing the input files that were skipped. */
    public ReplayResult withSkippedFiles(List<String> files) {
        ReplayResult r = new ReplayResult(mode, series, total, events, impairments, deadLetters, counts, scoreThreshold, timeline);
        r.skippedFiles = Collections.unmodifiableList(new java.util.ArrayList<>(files));
        return r;
    }
    /** Add marks here (e.g. planned actions) and every view of the report shows them. */
    public Timeline timeline() { return timeline; }

    /** Mean delay over the detected windows, in rows ({@code minutes} false) or minutes; NaN if none. */
    public static double meanTimeToDetect(List<NabScorer.FileResult> files, boolean minutes) {
        double sum = 0;
        int n = 0;
        for (NabScorer.FileResult f : files) {
            for (NabScorer.WindowOutcome w : f.windows()) {
                if (w.detected()) {
                    sum += minutes ? w.delayMinutes() : w.delayRows();
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}

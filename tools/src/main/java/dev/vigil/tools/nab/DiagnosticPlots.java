package dev.vigil.tools.nab;

import dev.vigil.detector.series.Verdict;
import dev.vigil.tools.report.PngPlots;
import dev.vigil.tools.report.SeriesTrace;
import dev.vigil.detector.rules.Rule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tuning aid: each series' values, band, score and onsets under a rule, as PNGs (the replay's plots). */
final class DiagnosticPlots {
    private DiagnosticPlots() {}

    /** Plots rows {@code [from, from + rows)} of each series (all of it with {@code rows} 0). */
    static void write(List<LabelledSet.Series> series, Rule rule, Path dir, int fromRow, int rows) throws IOException {
        List<SeriesTrace> traces = new ArrayList<>();
        for (LabelledSet.Series s : series) {
            int n = s.size();
            double[] score = new double[n];
            double[] expected = new double[n];
            double[] lower = new double[n];
            double[] upper = new double[n];
            boolean[] onsets = new boolean[n];
            SeriesRun run = new SeriesRun(rule);
            for (int i = 0; i < n; i++) {
                onsets[i] = run.step(s.timestamps[i], s.values[i]);
                Verdict v = run.verdict();
                score[i] = v.score();
                expected[i] = v.threshold();
                lower[i] = v.lowerBound();
                upper[i] = v.upperBound();
            }
            List<NabScorer.Window> windows = s.windows;
            if (windows == null) {
                windows = new ArrayList<>();
                for (EventF1Scorer.Segment seg : EventF1Scorer.score(s.name, s.timestamps, s.labels, onsets).allSegments()) {
                    windows.add(new NabScorer.Window(seg.startMs(), seg.endMs()));
                }
            }
            int from = Math.min(fromRow, n - 1);
            int to = rows <= 0 ? n : Math.min(n, from + rows);
            if (from > 0 || to < n) {
                long t0 = s.timestamps[from];
                long t1 = s.timestamps[to - 1];
                List<NabScorer.Window> cut = new ArrayList<>();
                for (NabScorer.Window w : windows) {
                    if (w.endMs() >= t0 && w.startMs() <= t1) {
                        cut.add(w);
                    }
                }
                traces.add(new SeriesTrace(s.name, java.util.Arrays.copyOfRange(s.timestamps, from, to),
                        java.util.Arrays.copyOfRange(s.values, from, to), java.util.Arrays.copyOfRange(score, from, to),
                        java.util.Arrays.copyOfRange(expected, from, to), java.util.Arrays.copyOfRange(lower, from, to),
                        java.util.Arrays.copyOfRange(upper, from, to), java.util.Arrays.copyOfRange(onsets, from, to), cut, null));
                continue;
            }
            traces.add(new SeriesTrace(s.name, s.timestamps, s.values, score, expected, lower, upper, onsets, windows, null));
        }
        PngPlots.write(traces, dir);
    }
}

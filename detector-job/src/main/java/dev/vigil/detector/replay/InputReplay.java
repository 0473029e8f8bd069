package dev.vigil.detector.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.report.ReplayResult;
import dev.vigil.detector.report.SeriesTrace;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.java.tuple.Tuple7;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a recording (metric-stream lines and EventBridge events, see {@link InputFiles})
 * through the same pipeline with the job's rules; one plotted series per watched (resource, rule).
 */
final class InputReplay {
    private InputReplay() {}

    /**
     * @param topology a topology snapshot file for enrichment, or null
     * @param format the metric format, or null for the config's if it names one, else each file's own
     */
    static ReplayResult replay(Path input, String topology, MetricFormat format, ReplaySettings settings, int parallelism,
                               boolean progress) throws Exception {
        InputFiles in = InputFiles.read(input, format != null ? format : settings.metricFormat());
        DetectorConfig config = settings.detector().forReplay().withMetricFormat(in.metricFormat());
        if (topology != null) {
            config = config.withTopologySnapshot(topology);
        }
        ReplayJob.Collected c = ReplayJob.run("input-replay", in.metricRecords, in.eventRecords, config, parallelism,
                progress ? new Progress("replay", 0, System.err) : Progress.silent(), t -> true);

        Map<String, List<Tuple7<String, Long, Double, Double, Double, Double, Double>>> byKey = new TreeMap<>();
        for (Tuple7<String, Long, Double, Double, Double, Double, Double> t : c.evaluations) {
            byKey.computeIfAbsent(t.f0, k -> new ArrayList<>()).add(t);
        }
        List<SeriesTrace> traces = new ArrayList<>();
        for (Map.Entry<String, List<Tuple7<String, Long, Double, Double, Double, Double, Double>>> e : byKey.entrySet()) {
            traces.add(trace(e.getKey(), e.getValue(), c.impairments));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("files", in.files);
        counts.put("lines", in.lines);
        counts.put("metricLines", in.metricLines);
        counts.put("eventLines", in.eventLines);
        if (in.messages > 0) {
            counts.put("messages", in.messages); // the records of a binary format
        }
        counts.put("datapoints", c.datapoints);
        return new ReplayResult("input", traces, null, c.impairments, c.deadLetters, counts, Double.NaN);
    }

    private static SeriesTrace trace(String key, List<Tuple7<String, Long, Double, Double, Double, Double, Double>> rows,
                                     List<Impairment> impairments) {
        rows.sort((a, b) -> Long.compare(a.f1, b.f1));
        int n = rows.size();
        long[] ts = new long[n];
        double[] value = new double[n];
        double[] score = new double[n];
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            Tuple7<String, Long, Double, Double, Double, Double, Double> t = rows.get(i);
            ts[i] = t.f1;
            value[i] = t.f2;
            score[i] = t.f3;
            expected[i] = t.f4;
            lower[i] = t.f5;
            upper[i] = t.f6;
        }
        int bar = key.lastIndexOf('|');
        String resource = bar < 0 ? key : key.substring(0, bar);
        String rule = bar < 0 ? "" : key.substring(bar + 1);
        boolean[] onsets = new boolean[n];
        for (Impairment imp : impairments) {
            if (imp.getState() != LifecycleState.OPEN || !imp.getResourceId().equals(resource) || !cites(imp, rule)) {
                continue;
            }
            // The last period that started before the impairment opened is the one that tipped it.
            int at = -1;
            for (int i = 0; i < n && ts[i] < imp.getDetectionTime(); i++) {
                at = i;
            }
            if (at >= 0) {
                onsets[at] = true;
            }
        }
        return new SeriesTrace(resource + " (" + rule + ")", ts, value, score, expected, lower, upper, onsets, null, null);
    }

    private static boolean cites(Impairment imp, String rule) {
        for (Evidence e : imp.getEvidence()) {
            if (rule.equals(e.getRuleId())) {
                return true;
            }
        }
        return false;
    }
}

package dev.vigil.tools.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.tools.report.ReplayResult;
import dev.vigil.tools.report.SeriesTrace;
import dev.vigil.tools.report.Timeline;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.DeadLetterReason;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        if (!in.skipped.isEmpty()) {
            System.err.println("skipped " + in.skipped.size() + " file(s) replay does not read (it reads "
                    + InputFormat.DESCRIPTION + "): " + String.join(", ", in.skipped));
        }
        DetectorConfig config = settings.detector().forReplay().withMetricFormat(in.metricFormat());
        if (topology != null) {
            config = config.withTopologySnapshot(topology);
        }
        ReplayJob.Collected c = ReplayJob.run("input-replay", in.metricRecords, in.eventRecords, config, parallelism,
                progress ? new Progress("replay", 0, System.err) : Progress.silent(), t -> true);

        // Ordered as "resource|rule" strings always were: the traces, plots and report keep their order.
        Map<String, List<PeriodEvaluation>> byKey = new TreeMap<>();
        for (PeriodEvaluation e : c.evaluations) {
            byKey.computeIfAbsent(e.resourceId() + "|" + e.ruleId(), k -> new ArrayList<>()).add(e);
        }
        RuleSet rules = RuleSet.load(config.rulesLocation());
        List<SeriesTrace> traces = new ArrayList<>();
        Set<String> resources = new TreeSet<>();
        for (List<PeriodEvaluation> series : byKey.values()) {
            SeriesTrace t = trace(series, rules);
            traces.add(t);
            resources.add(t.resourceId());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("files", in.files);
        counts.put("lines", in.lines);
        counts.put("metricLines", in.metricLines);
        counts.put("eventLines", in.eventLines);
        counts.put("skippedFiles", (long) in.skipped.size());
        if (in.messages > 0) {
            counts.put("messages", in.messages); // the records of a binary format
        }
        // Each input unit ends as one of four things: records = datapoints + events + deadLetters + blank
        // (deadLetters is every dead letter, added by the summary and printed by the CLI).
        // A datapoint the detector turned down as late is its dead letter, not one of its datapoints.
        long late = c.deadLetters.stream().filter(d -> d.getReason() == DeadLetterReason.LATE).count();
        counts.put("records", in.records);
        counts.put("datapoints", c.datapoints - late);
        counts.put("datapointsParsed", c.datapoints);
        counts.put("events", (long) c.events.size());
        counts.put("blank", in.blank);
        return new ReplayResult("input", traces, null, c.impairments, c.deadLetters, counts, Double.NaN,
                Timeline.of(c.impairments, c.events, c.deadLetters, resources))
                .withSkippedFiles(in.skipped);
    }

    /** One (resource, rule) series; a threshold rule's "score" is its distance past the limit, not an anomaly score: none is plotted. */
    private static SeriesTrace trace(List<PeriodEvaluation> rows, RuleSet rules) {
        rows.sort((a, b) -> Long.compare(a.periodStartMs(), b.periodStartMs()));
        int n = rows.size();
        String resource = rows.get(0).resourceId();
        String rule = rows.get(0).ruleId();
        Rule r = rules.get(rule);
        boolean anomaly = r != null && r.detector() == DetectorType.ANOMALY;
        long[] ts = new long[n];
        double[] value = new double[n];
        double[] score = new double[n];
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            PeriodEvaluation e = rows.get(i);
            ts[i] = e.periodStartMs();
            value[i] = e.value();
            score[i] = anomaly ? e.score() : Double.NaN;
            expected[i] = e.expected();
            lower[i] = e.lower();
            upper[i] = e.upper();
        }
        // Impairments are marked from the resource's timeline, not as per-row onsets.
        return new SeriesTrace(resource + " (" + rule + ")", resource, ts, value, score, expected, lower, upper,
                new boolean[n], null, null);
    }
}

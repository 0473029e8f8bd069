package dev.vigil.detector.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.AnomalyModel;
import dev.vigil.detector.nab.NabCsv;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import dev.vigil.detector.report.ReplayResult;
import dev.vigil.detector.report.SeriesTrace;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.java.tuple.Tuple7;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs labelled series in the NAB layout through the same {@link DetectorPipeline} the job runs,
 * each CSV as one series under the NAB anomaly rule, and scores the impairment onsets.
 *
 * <p>Series from different years share one bounded job: each is shifted by whole weeks to a common
 * start, which keeps its daily and weekly phase, so one watermark serves all of them.
 */
public final class NabReplay {
    private static final long MINUTE = 60_000L;
    private static final long WEEK = 7 * 24 * 60 * MINUTE;
    /** A Monday, 00:00 UTC: every series is moved to start in the week after it. */
    private static final long REFERENCE = Instant.parse("2020-01-06T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private NabReplay() {}

    /** Kept for older callers: the same as {@code ReplayCli --nab ...}. */
    public static void main(String[] args) {
        ReplayCli.main(args);
    }

    /** Replays every CSV under {@code dataDir}, writes the per-file CSVs, returns the scores. */
    public static NabScorer.Total run(Path dataDir, NabWindows windows, Path outDir, AnomalyConfig config) throws Exception {
        ReplayResult r = replay(dataDir, windows, ReplaySettings.defaults().withAnomaly(config), 2, false);
        writeCsvs(r, outDir);
        return r.total();
    }

    /**
     * Replays every CSV under {@code dataDir} (one job); {@code windows} null when unlabelled.
     * Files without an entry in the windows are replayed and plotted but not scored.
     */
    static ReplayResult replay(Path dataDir, NabWindows windows, ReplaySettings settings, int parallelism,
                               boolean showProgress) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(f -> f.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        Map<String, NabCsv> series = new LinkedHashMap<>();
        Map<String, Long> shift = new HashMap<>();
        List<long[]> order = new ArrayList<>(); // (shifted ts, file index, row)
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String name = dataDir.relativize(f).toString().replace('\\', '/');
            NabCsv csv = NabCsv.read(f).combineDuplicates();
            long[] ts = csv.timestamps();
            if (ts.length == 0) {
                continue;
            }
            long offset = -Math.floorDiv(ts[0] - REFERENCE, WEEK) * WEEK;
            series.put(name, csv);
            shift.put(name, offset);
            for (int r = 0; r < ts.length; r++) {
                order.add(new long[] {ts[r] + offset, names.size(), r});
            }
            names.add(name);
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long periodsSpanned = 0; // every minute of every series is evaluated, gaps included
        for (NabCsv csv : series.values()) {
            periodsSpanned += (csv.timestamps()[csv.size() - 1] - csv.timestamps()[0]) / MINUTE + 1;
        }
        Progress progress = showProgress ? new Progress("replay", periodsSpanned, System.err) : Progress.silent();
        if (showProgress) {
            System.err.printf(Locale.ROOT, "replaying %d series, %d rows through DetectorPipeline%n", names.size(), order.size());
        }

        List<byte[]> records = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        for (long[] o : order) {
            String name = names.get((int) o[1]);
            double v = series.get(name).values()[(int) o[2]];
            batch.append("{\"account_id\":\"nab\",\"region\":\"local\",\"namespace\":\"NAB\",\"metric_name\":\"value\",")
                    .append("\"dimensions\":{\"Series\":\"").append(name).append("\"},\"timestamp\":").append(o[0])
                    .append(",\"value\":{\"max\":").append(v).append(",\"min\":").append(v).append(",\"sum\":").append(v)
                    .append(",\"count\":1.0}}\n");
            if (++inBatch == 500) {
                records.add(batch.toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            records.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }

        AnomalyConfig anomaly = settings.anomaly();
        Path rules = Files.createTempFile("vigil-nab-rule", ".yaml");
        Files.write(rules, ruleYaml(anomaly).getBytes(StandardCharsets.UTF_8));
        ReplayJob.Collected collected;
        try {
            DetectorConfig config = settings.detector().forReplay().withRules(rules.toString())
                    // Recordings have gaps of hours or days; a series' learned model must survive them.
                    .withStateRetention(365L * 24 * 60 * MINUTE);
            // Gaps are evaluated too (millions of empty periods on NAB): keep only periods that have rows.
            Set<String> periods = new HashSet<>();
            for (long[] o : order) {
                periods.add(names.get((int) o[1]) + "@" + Math.floorDiv(o[0], MINUTE) * MINUTE);
            }
            collected = ReplayJob.run("nab-replay", records, List.of(), config, parallelism, progress,
                    t -> periods.contains(resourceOf(t.f0) + "@" + t.f1));
        } finally {
            Files.deleteIfExists(rules);
        }
        Map<String, Tuple7<String, Long, Double, Double, Double, Double, Double>> evaluations = new HashMap<>();
        for (Tuple7<String, Long, Double, Double, Double, Double, Double> t : collected.evaluations) {
            evaluations.put(resourceOf(t.f0) + "@" + t.f1, t);
        }
        Set<String> onsets = new HashSet<>();
        for (Impairment i : collected.impairments) {
            if (i.getState() == LifecycleState.OPEN) {
                // It opens when the period that breached ends: mark the period's start.
                onsets.add(i.getResourceId() + "@" + (i.getDetectionTime() - MINUTE));
            }
        }

        List<SeriesTrace> traces = new ArrayList<>();
        NabScorer.Total total = windows == null ? null : new NabScorer.Total();
        for (String name : names) {
            traces.add(trace(name, series.get(name), shift.get(name), evaluations, onsets, windows, total));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("files", (long) names.size());
        counts.put("rows", (long) order.size());
        return new ReplayResult("nab", traces, total, collected.impairments, collected.deadLetters, counts,
                anomaly.threshold());
    }

    private static SeriesTrace trace(String name, NabCsv csv, long shift,
                                     Map<String, Tuple7<String, Long, Double, Double, Double, Double, Double>> evaluations,
                                     Set<String> onsets, NabWindows windows, NabScorer.Total total) {
        long[] ts = csv.timestamps();
        int n = ts.length;
        double[] score = nan(n);
        double[] expected = nan(n);
        double[] lower = nan(n);
        double[] upper = nan(n);
        boolean[] detections = new boolean[n];
        long previousPeriod = Long.MIN_VALUE;
        for (int r = 0; r < n; r++) {
            long period = Math.floorDiv(ts[r] + shift, MINUTE) * MINUTE;
            String key = name + "@" + period;
            Tuple7<String, Long, Double, Double, Double, Double, Double> e = evaluations.get(key);
            if (e != null) {
                score[r] = e.f3;
                expected[r] = e.f4;
                lower[r] = e.f5;
                upper[r] = e.f6;
            }
            // Two rows in one minute share a period: the onset goes on the first.
            detections[r] = period != previousPeriod && onsets.contains(key);
            previousPeriod = period;
        }
        List<NabScorer.Window> labelled = windows == null ? null : windows.get(name);
        NabScorer.FileResult result = null;
        if (labelled != null) {
            result = NabScorer.score(name, ts, detections, labelled);
            total.add(result);
        }
        return new SeriesTrace(name, ts, csv.values(), score, expected, lower, upper, detections, labelled, result);
    }

    /** {@code OUT_DIR/<same relative path>} with {@code timestamp,value,anomaly_score,onset} per input row. */
    static void writeCsvs(ReplayResult r, Path outDir) throws IOException {
        for (SeriesTrace s : r.series()) {
            Path target = outDir.resolve(s.name());
            Files.createDirectories(target.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(target)) {
                w.write("timestamp,value,anomaly_score,onset\n");
                for (int i = 0; i < s.size(); i++) {
                    double score = s.scores()[i];
                    w.write(TS.format(Instant.ofEpochMilli(s.timestamps()[i])) + "," + s.values()[i] + ","
                            + (Double.isNaN(score) ? "0" : String.format(Locale.ROOT, "%.6f", score)) + ","
                            + (s.onsets()[i] ? 1 : 0) + "\n");
                }
            }
        }
    }

    /** The resource part of an evaluation's key ({@code resource|rule}). */
    static String resourceOf(String key) {
        int bar = key.lastIndexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * The largest serialised anomaly-model state over the series, measured after each series'
     * last value (the model's size is bounded; this shows the bound holds on real data).
     */
    static int maxModelBytes(Path dataDir, AnomalyConfig config) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(f -> f.toString().endsWith(".csv")).collect(Collectors.toList());
        }
        int max = 0;
        for (Path f : files) {
            NabCsv csv = NabCsv.read(f).combineDuplicates();
            AnomalyModel model = new AnomalyModel(config);
            for (int i = 0; i < csv.timestamps().length; i++) {
                model.update(csv.timestamps()[i], csv.values()[i]);
                if ((i & 1023) == 0) {
                    max = Math.max(max, model.serializedSize());
                }
            }
            max = Math.max(max, model.serializedSize());
        }
        return max;
    }

    /** The NAB rule: the anomaly model and its decision parameters, one minute periods, gaps ignored. */
    static String ruleYaml(AnomalyConfig config) {
        StringBuilder anomaly = new StringBuilder();
        for (Map.Entry<String, Double> e : config.asMap().entrySet()) {
            anomaly.append("      \"").append(e.getKey()).append("\": ").append(e.getValue()).append('\n');
        }
        return "rules:\n"
                + "  - id: " + ReplaySettings.NAB_RULE_ID + "\n"
                + "    namespace: NAB\n"
                + "    metricName: value\n"
                + "    dimensions: [Series]\n"
                + "    statistic: Average\n"
                + "    periodSeconds: 60\n"
                + "    detector: anomaly\n"
                + "    comparison: LessThanLowerOrGreaterThanUpperThreshold\n"
                + "    anomaly:\n" + anomaly
                + "    datapointsToAlarm: " + config.ruleM() + "\n"
                + "    evaluationPeriods: " + config.ruleN() + "\n"
                + "    treatMissingData: ignore\n"
                + "    healthyThreshold: " + config.ruleHealthy() + "\n"
                + "    keepFiringSeconds: " + Math.round(config.ruleKeepFiringMinutes() * 60) + "\n"
                + "    impairmentType: SERVICE_DEGRADATION\n"
                + "    severity: MEDIUM\n"
                + "    resourceDimension: Series\n"
                + "    resourceType: SERIES\n"
                + "    recommendedActions: [NOTIFY]\n";
    }
}

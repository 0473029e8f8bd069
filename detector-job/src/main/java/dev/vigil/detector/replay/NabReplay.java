package dev.vigil.detector.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.nab.NabCsv;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple7;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs labelled series in the NAB layout through the same {@link DetectorPipeline} the job runs,
 * each CSV as one series under the NAB anomaly rule, and scores the impairment onsets.
 *
 * <pre>scripts/replay --nab DATA_DIR --windows WINDOWS.json --out OUT_DIR [--config ANOMALY.properties]</pre>
 *
 * Series from different years share one bounded job: each is shifted by whole weeks to a common
 * start, which keeps its daily and weekly phase, so one watermark serves all of them.
 */
public final class NabReplay {
    private static final long MINUTE = 60_000L;
    private static final long WEEK = 7 * 24 * 60 * MINUTE;
    /** A Monday, 00:00 UTC: every series is moved to start in the week after it. */
    private static final long REFERENCE = Instant.parse("2020-01-06T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private NabReplay() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--nab") || !opts.containsKey("--out")) {
            System.err.println("usage: replay --nab DATA_DIR [--windows WINDOWS.json] --out OUT_DIR [--config ANOMALY.properties]");
            System.exit(2);
        }
        AnomalyConfig config = AnomalyConfig.defaults();
        if (opts.containsKey("--config")) {
            config = withOverrides(config, Paths.get(opts.get("--config")));
        }
        Path windowsFile = opts.containsKey("--windows") ? Paths.get(opts.get("--windows"))
                : Paths.get(opts.get("--nab")).resolveSibling("windows.json");
        NabScorer.Total total = run(Paths.get(opts.get("--nab")), NabWindows.read(windowsFile),
                Paths.get(opts.get("--out")), config);
        for (NabScorer.Profile p : NabScorer.Profile.ALL) {
            System.out.printf(Locale.ROOT, "nab_%s=%.2f%n", p.name(), total.normalised(p));
        }
        System.out.printf(Locale.ROOT, "windows_detected=%d/%d%nfalse_onsets=%d%n", total.windowsDetected(),
                total.windows(), total.falseOnsets());
        System.out.printf(Locale.ROOT, "model_state_bytes_max=%d%n", maxModelBytes(Paths.get(opts.get("--nab")), config));
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
            dev.vigil.detector.anomaly.AnomalyModel model = new dev.vigil.detector.anomaly.AnomalyModel(config);
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

    /** Anomaly parameters by name (see AnomalyConfig), one {@code name=value} per line. */
    static AnomalyConfig withOverrides(AnomalyConfig config, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) {
            config = config.with(name, Double.parseDouble(p.getProperty(name).trim()));
        }
        return config;
    }

    /** Replays every CSV under {@code dataDir}, writes the per-file CSVs, returns the scores. */
    public static NabScorer.Total run(Path dataDir, NabWindows windows, Path outDir, AnomalyConfig config) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(f -> f.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        Map<String, NabCsv> series = new HashMap<>();
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
        System.err.printf("replaying %d series, %d rows through DetectorPipeline%n", names.size(), order.size());

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

        Path rules = Files.createTempFile("vigil-nab-rule", ".yaml");
        Files.write(rules, ruleYaml(config).getBytes(StandardCharsets.UTF_8));
        Map<String, Double> scores = new HashMap<>();
        Set<String> onsets = new HashSet<>();
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            DataStream<byte[]> metrics = env.fromData(records, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events,
                    DetectorConfig.defaults().forReplay().withRules(rules.toString()).withEvaluations()
                            // Recordings have gaps of hours or days; a series' learned model must survive them.
                            .withStateRetention(365L * 24 * 60 * MINUTE));
            DataStream<Tuple7<String, Long, Double, Double, Double, Double, Double>> opens = out.impairments
                    .filter(i -> i.getState() == LifecycleState.OPEN)
                    .map(NabReplay::onsetRow)
                    .returns(out.evaluations.getType());
            try (CloseableIterator<Tuple7<String, Long, Double, Double, Double, Double, Double>> it =
                         out.evaluations.union(opens).executeAndCollect("nab-replay")) {
                while (it.hasNext()) {
                    Tuple7<String, Long, Double, Double, Double, Double, Double> t = it.next();
                    if (t.f0.startsWith("OPEN ")) {
                        onsets.add(t.f0.substring(5) + "@" + t.f1);
                    } else {
                        scores.put(t.f0 + "@" + t.f1, t.f3);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(rules);
        }

        NabScorer.Total total = new NabScorer.Total();
        for (String name : names) {
            NabCsv csv = series.get(name);
            long[] ts = csv.timestamps();
            double[] values = csv.values();
            boolean[] detections = new boolean[ts.length];
            Path target = outDir.resolve(name);
            Files.createDirectories(target.getParent());
            long previousPeriod = Long.MIN_VALUE;
            try (BufferedWriter w = Files.newBufferedWriter(target)) {
                w.write("timestamp,value,anomaly_score,onset\n");
                for (int r = 0; r < ts.length; r++) {
                    long period = Math.floorDiv(ts[r] + shift.get(name), MINUTE) * MINUTE;
                    String key = name + "@" + period;
                    Double score = scores.get(key);
                    // Two rows in one minute share a period: the onset goes on the first.
                    detections[r] = period != previousPeriod && onsets.contains(key);
                    previousPeriod = period;
                    w.write(TS.format(Instant.ofEpochMilli(ts[r])) + "," + values[r] + ","
                            + (score == null || score.isNaN() ? "0" : String.format(Locale.ROOT, "%.6f", score)) + ","
                            + (detections[r] ? 1 : 0) + "\n");
                }
            }
            total.add(NabScorer.score(name, ts, detections, windows.get(name)));
        }
        return total;
    }

    /** An OPEN impairment as (tag, start of the period it opened in, ...) so it travels with the evaluations. */
    private static Tuple7<String, Long, Double, Double, Double, Double, Double> onsetRow(Impairment i) {
        return Tuple7.of("OPEN " + i.getResourceId(), i.getDetectionTime() - MINUTE, 0.0, 0.0, 0.0, 0.0, 0.0);
    }

    /** The NAB rule: the default anomaly model and its decision parameters, one minute periods, gaps ignored. */
    static String ruleYaml(AnomalyConfig config) {
        StringBuilder anomaly = new StringBuilder();
        for (Map.Entry<String, Double> e : config.asMap().entrySet()) {
            anomaly.append("      \"").append(e.getKey()).append("\": ").append(e.getValue()).append('\n');
        }
        return "rules:\n"
                + "  - id: nab-anomaly\n"
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

package dev.vigil.tools.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.anomaly.AnomalyModel;
import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.LabelledCsv;
import dev.vigil.tools.nab.LabelledRule;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.tools.nab.NabWindows;
import dev.vigil.tools.report.ReplayResult;
import dev.vigil.tools.report.SeriesTrace;
import dev.vigil.tools.report.Timeline;
import dev.vigil.tools.report.TraceBuilder;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs labelled recordings through the same {@link DetectorPipeline} the job runs, each file one
 * series under the job's anomaly rule ({@link LabelledRule}), and scores the impairment onsets:
 * NAB folders ({@code timestamp,value} and a windows file) by {@link NabScorer}, labelled
 * {@code timestamp,value,label} folders by {@link EventF1Scorer}.
 *
 * <p>Streaming end to end: the files are read as the job consumes them ({@link MergedRecords}),
 * evaluations are spilled per series as they arrive ({@link EvaluationSpill}), and each output
 * CSV is then written row by row next to its input, with a bounded plot trace kept for the
 * report. Memory holds per series its onsets, segments and plot points, and for NAB series
 * (whose scorer needs the rows) one timestamp and flag per row.
 */
final class LabelledReplay {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final int PLOT_BUCKETS = 1100;

    private LabelledReplay() {}

    /** Collects what the job emits: evaluations to the spill, onsets and records in memory. */
    private static final class Collector implements ReplayJob.Sink {
        final EvaluationSpill spill;
        final Map<String, Integer> index;
        final long periodMs;
        final List<List<Long>> onsets = new ArrayList<>();
        final List<Impairment> impairments = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        /** Datapoints the parse stage produced: every row read, unless a line was dead-lettered. */
        long datapoints;

        Collector(EvaluationSpill spill, Map<String, Integer> index, long periodMs) {
            this.spill = spill;
            this.index = index;
            this.periodMs = periodMs;
            for (int i = 0; i < index.size(); i++) {
                onsets.add(new ArrayList<>(0));
            }
        }

        @Override
        public void evaluation(PeriodEvaluation e) throws IOException {
            Integer i = index.get(e.resourceId());
            if (i != null && !Double.isNaN(e.value())) { // periods without data have no row to write
                spill.write(i, e.periodStartMs(), e.score(), e.expected(), e.lower(), e.upper());
            }
        }

        @Override
        public void impairment(Impairment imp) {
            impairments.add(imp);
            Integer i = index.get(imp.getResourceId());
            if (i != null && imp.getState() == LifecycleState.OPEN) {
                // It opens when the period that tipped it ends.
                onsets.get(i).add(imp.getDetectionTime() - periodMs);
            }
        }

        @Override
        public void deadLetter(DeadLetter d) {
            deadLetters.add(d);
        }

        @Override
        public void event(HealthEvent e) {
            // A labelled replay sends no events; the pipeline emits none.
        }

        @Override
        public void datapoints(long count) {
            datapoints += count;
        }
    }

    /**
     * @param windows NAB windows (a {@code --nab} replay; null when unlabelled), ignored with {@code labelled}
     * @param labelled the files carry a label column, scored by segments
     * @param outDir where each series' CSV goes ({@code OUT_DIR/<same relative path>}); null writes none (a sweep)
     */
    static ReplayResult replay(Path dataDir, NabWindows windows, boolean labelled, ReplaySettings settings,
                               int parallelism, boolean showProgress, Path outDir) throws Exception {
        List<ReplaySeries> series = ReplaySeries.discover(dataDir,
                name -> labelled || windows == null ? null : windows.get(name));
        Rule rule = settings.labelledRule();
        long periodMs = rule.periodMs();
        Map<String, Integer> index = new HashMap<>();
        long rows = 0;
        long periods = 0;
        for (int i = 0; i < series.size(); i++) {
            ReplaySeries s = series.get(i);
            index.put(s.name, i);
            rows += s.rows;
            periods += (s.lastMs - s.firstMs) / periodMs + 1;
        }
        Progress progress = showProgress ? new Progress("replay", periods, System.err) : Progress.silent();
        if (showProgress) {
            System.err.printf(Locale.ROOT, "replaying %d series, %d rows through DetectorPipeline%n", series.size(), rows);
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        Path rules = Files.createTempFile("vigil-labelled-rule", ".yaml");
        Files.write(rules, LabelledRule.yaml(rule).getBytes(StandardCharsets.UTF_8));
        try (EvaluationSpill spill = new EvaluationSpill(Files.createTempDirectory("vigil-replay-spill"))) {
            Collector c = new Collector(spill, index, periodMs);
            DetectorConfig config = settings.detector().forReplay().withRules(rules.toString())
                    // Recordings have gaps of hours or days; a series' learned model must survive them.
                    .withStateRetention(365L * 86_400_000L);
            long records = MergedRecords.recordCount(series);
            ReplayJob.run(labelled ? "labelled-replay" : "nab-replay",
                    env -> env.fromSource(new DataGeneratorSource<>(new MergedRecords(series), records,
                                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                            WatermarkStrategy.noWatermarks(), "Recorded series").setParallelism(1),
                    List.of(), config, parallelism, progress, c);
            spill.finish();
            ReplayJob.sort(c.impairments);

            List<SeriesTrace> traces = new ArrayList<>();
            NabScorer.Total nab = !labelled && windows != null ? new NabScorer.Total() : null;
            EventF1Scorer.Total events = labelled ? new EventF1Scorer.Total() : null;
            long skipped = 0;
            for (int i = 0; i < series.size(); i++) {
                ReplaySeries s = series.get(i);
                List<Long> on = c.onsets.get(i);
                on.sort(null);
                try (EvaluationSpill.Reader ev = spill.reader(i)) {
                    SeriesOutput o = SeriesOutput.write(s, ev, on, periodMs, outDir == null ? null : outDir.resolve(s.name),
                            labelled);
                    skipped += o.skipped;
                    if (o.nab != null && nab != null) {
                        nab.add(o.nab);
                    }
                    if (o.events != null) {
                        events.add(o.events);
                    }
                    traces.add(o.trace);
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("files", (long) series.size());
            counts.put("rows", rows);
            counts.put("rowsSkipped", skipped);
            counts.put("datapoints", c.datapoints);
            // No timeline: a recording has no events, and each plot marks its own onsets row by row.
            return new ReplayResult(labelled ? "labelled" : "nab", traces, nab, events, c.impairments, c.deadLetters,
                    counts, settings.anomaly().threshold(), Timeline.empty());
        } finally {
            Files.deleteIfExists(rules);
        }
    }

    /** One series' output CSV, score and plot trace, from its input and its spilled evaluations. */
    private static final class SeriesOutput {
        NabScorer.FileResult nab;
        EventF1Scorer.FileResult events;
        SeriesTrace trace;
        long skipped;

        static SeriesOutput write(ReplaySeries s, EvaluationSpill.Reader ev, List<Long> onsets, long periodMs, Path target,
                                  boolean labelled) throws IOException {
            SeriesOutput o = new SeriesOutput();
            if (target != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            boolean scoreNab = s.windows != null;
            int n = (int) Math.min(Integer.MAX_VALUE - 8, s.rows);
            long[] ts = scoreNab ? new long[n] : null;
            boolean[] det = scoreNab ? new boolean[n] : null;
            EventF1Scorer.File f1 = labelled ? new EventF1Scorer.File(s.name, s.rows, s.stepMs, s.firstMs) : null;
            TraceBuilder plot = new TraceBuilder(s.name, s.rows, PLOT_BUCKETS);
            int next = 0;
            int row = 0;
            long previous = Long.MIN_VALUE;
            try (LabelledCsv csv = LabelledCsv.open(Paths.get(s.path));
                 java.io.Writer w = target == null ? java.io.Writer.nullWriter()
                         : Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score,onset\n");
                while (csv.next()) {
                    long t = csv.timestampMs();
                    long period = Math.floorDiv(t + s.shiftMs, periodMs) * periodMs;
                    // An onset belongs to the first row at or after the period that opened it (as SeriesRun).
                    boolean onset = false;
                    while (next < onsets.size() && onsets.get(next) <= period) {
                        onset |= period != previous;
                        next++;
                    }
                    boolean has = ev.seek(period) && ev.periodStart == period;
                    double score = has ? ev.score : Double.NaN;
                    w.write(csv.numericTimestamps() ? Long.toString(Math.floorDiv(t, 1000L)) : TS.format(Instant.ofEpochMilli(t)));
                    w.write(',');
                    w.write(Double.toString(csv.value()));
                    w.write(',');
                    w.write(Double.isNaN(score) ? "0" : String.format(Locale.ROOT, "%.6f", score));
                    w.write(onset ? ",1\n" : ",0\n");
                    plot.row(t, csv.value(), score, has ? ev.expected : Double.NaN, has ? ev.lower : Double.NaN,
                            has ? ev.upper : Double.NaN, onset);
                    if (scoreNab && row < n) {
                        ts[row] = t;
                        det[row] = onset;
                    }
                    if (f1 != null) {
                        f1.row(t, csv.label(), onset);
                    }
                    previous = period;
                    row++;
                }
                o.skipped = csv.outOfOrder() + csv.unreadable();
            }
            List<NabScorer.Window> shaded = s.windows;
            if (scoreNab) {
                o.nab = NabScorer.score(s.name, Arrays.copyOf(ts, row), Arrays.copyOf(det, row), s.windows);
            }
            if (f1 != null) {
                o.events = f1.finish();
                shaded = new ArrayList<>();
                for (EventF1Scorer.Segment seg : o.events.allSegments()) {
                    shaded.add(new NabScorer.Window(seg.startMs(), seg.endMs()));
                }
            }
            // Records (and actions planned for them) are in the replay's time: the plot says how to map them back.
            o.trace = plot.build(shaded, o.nab).withEvents(o.events).withReplayShift(s.shiftMs);
            return o;
        }
    }

    /** The model's state per series: the same for every series of a configuration (its size does not grow). */
    static int modelStateBytes(ReplaySettings settings) {
        return new AnomalyModel(settings.anomaly()).serializedSize();
    }
}

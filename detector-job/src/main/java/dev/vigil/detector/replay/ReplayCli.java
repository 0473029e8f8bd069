package dev.vigil.detector.replay;

import dev.vigil.actions.preview.ActionsPreview;
import dev.vigil.actions.preview.PlannedAction;
import dev.vigil.common.config.StartupFailure;
import dev.vigil.detector.nab.EventF1Scorer;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.report.ReplayResult;
import dev.vigil.schemas.OutcomeStatus;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code scripts/replay}: the detector's pipeline over past data, on a local MiniCluster.
 * Scores and counts go to stdout as {@code key=value} lines (scripts read them); progress to stderr.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays recordings through the same DetectorPipeline the job runs (bounded, local MiniCluster).",
            "Every replay writes OUT_DIR/impairments.jsonl, dead-letters.jsonl, summary.json, report.html and plots/*.png;",
            "with --actions also actions.jsonl, the recovery a live actions sink would run (no AWS is called)."})
public final class ReplayCli implements Callable<Integer> {

    /** Exactly one of the modes. */
    static final class Mode {
        @Option(names = "--nab", paramLabel = "DATA_DIR", required = true,
                description = "folder of NAB-layout timestamp,value CSVs; each file one series under the NAB anomaly rule")
        Path nab;

        @Option(names = "--labelled", paramLabel = "DATA_DIR", required = true,
                description = "folder of timestamp,value,label CSVs (epoch seconds or YYYY-MM-DD HH:MM:SS); each file one"
                        + " series under the job's anomaly rule, onsets scored by event F1")
        Path labelled;

        @Option(names = "--input", paramLabel = "FILE_OR_DIR", required = true,
                description = "metric-stream records (JSON or OpenTelemetry, optionally .gz) and/or EventBridge events, e.g. from S3")
        Path input;

        @Option(names = "--sweep", paramLabel = "SPEC", required = true,
                description = "YAML/JSON grid over anomaly parameters on a NAB folder; prints a table, writes the best config")
        Path sweep;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--windows", paramLabel = "WINDOWS.json",
            description = "labelled windows (default: windows.json next to DATA_DIR, if present)")
    Path windows;

    @Option(names = "--topology", paramLabel = "FILE", description = "topology snapshot to enrich impairments with")
    Path topology;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = {"metric-stream format of --input: json, opentelemetry1.0 or opentelemetry0.7 (default: the",
                "config's Input.metrics.format, else each file's own; OpenTelemetry files are told by their bytes)"})
    MetricFormat format;

    @Option(names = "--out", paramLabel = "OUT_DIR", description = "where outputs go (required with --nab, --labelled and --input)")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the job's config file (DetectorJob --config JSON; its Detector group and rules file apply)")
    Path config;

    @Option(names = "--actions", paramLabel = "PLANS_FILE", arity = "0..1", fallbackValue = "",
            description = {"also preview the recovery actions: the real planner, safety gate and validation, no AWS",
                "calls; writes OUT_DIR/actions.jsonl and shows them in the report. PLANS_FILE defaults to the",
                "config's Actions.plans.location, else the bundled plans; scope and velocity come from its Actions group"})
    String actions;

    @Option(names = "--parallelism", paramLabel = "N", description = "replay job parallelism (default: min(2, cores))")
    int parallelism = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final PrintStream stdout;

    ReplayCli(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs the command; returns the exit code (0 ok, 1 failed, 2 usage or bad input). */
    static int run(PrintStream stdout, String... args) {
        return new CommandLine(new ReplayCli(stdout)).setExecutionExceptionHandler(ReplayCli::failed).execute(args);
    }

    /**
     * A bad config, rules file or input path is said in one line (its trace would point into the
     * validator, and wrapped exceptions repeat their message at every level); anything else is a
     * bug or a failed run, and its stack trace is printed once.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (StartupFailure.isInputError(e)) {
            cmd.getErr().println("replay: " + StartupFailure.describe(e));
            return 2;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        if (mode.sweep != null) {
            if (actions != null) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--actions previews the impairments of --nab, --labelled or --input, not of a sweep");
            }
            return Sweep.run(mode.sweep, stdout) ? 0 : 1;
        }
        if (out == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--out OUT_DIR is required with --nab, --labelled and --input");
        }
        ReplaySettings settings = config == null ? ReplaySettings.defaults() : ReplaySettings.load(config);
        // Read the plans and the Actions group before a long replay: a bad file fails now.
        ActionsPreview preview = actions == null ? null
                : ActionsPreview.of(settings.groups(), actions.isEmpty() ? null : actions);
        if (mode.nab != null) {
            return nab(settings, preview);
        }
        if (mode.labelled != null) {
            return labelled(settings, preview);
        }
        ReplayResult r = InputReplay.replay(mode.input, topology == null ? null : topology.toString(), format, settings,
                parallelism, true);
        List<PlannedAction> planned = preview(preview, r);
        ReplayOutput.write(r, out, "Vigil replay of " + mode.input.getFileName(), planned);
        r.counts().forEach((k, v) -> stdout.println(snake(k) + "=" + v));
        stdout.println("impairment_records=" + r.impairments().size());
        stdout.println("dead_letters=" + r.deadLetters().size());
        printActions(planned);
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    private static List<PlannedAction> preview(ActionsPreview preview, ReplayResult r) {
        if (preview == null) {
            return null;
        }
        System.err.println("previewing actions: " + preview.describe());
        return preview.run(r.impairments());
    }

    private void printActions(List<PlannedAction> planned) {
        if (planned == null) {
            return;
        }
        stdout.println("planned_actions=" + planned.size());
        for (OutcomeStatus s : new OutcomeStatus[] {OutcomeStatus.DRY_RUN, OutcomeStatus.SKIPPED, OutcomeStatus.FAILED}) {
            stdout.println("actions_" + s.name().toLowerCase(Locale.ROOT) + "="
                    + planned.stream().filter(a -> a.getStatus() == s).count());
        }
        stdout.println("actions=" + out.resolve("actions.jsonl"));
    }

    private int nab(ReplaySettings settings, ActionsPreview preview) throws Exception {
        Path windowsFile = windows != null ? windows : mode.nab.toAbsolutePath().resolveSibling("windows.json");
        NabWindows labels = Files.exists(windowsFile) ? NabWindows.read(windowsFile) : null;
        if (labels == null) {
            System.err.println("no windows file (" + windowsFile + "): replaying without scores");
        }
        ReplayResult r = LabelledReplay.replay(mode.nab, labels, false, settings, parallelism, true, out);
        List<PlannedAction> planned = preview(preview, r);
        ReplayOutput.write(r, out, "Vigil NAB replay of " + mode.nab.getFileName(), planned);
        if (r.total() != null) {
            NabScorer.Total total = r.total();
            for (NabScorer.Profile p : NabScorer.Profile.ALL) {
                stdout.printf(Locale.ROOT, "nab_%s=%.2f%n", p.name(), total.normalised(p));
            }
            stdout.printf(Locale.ROOT, "windows_detected=%d/%d%nfalse_onsets=%d%n", total.windowsDetected(),
                    total.windows(), total.falseOnsets());
            stdout.printf(Locale.ROOT, "mean_time_to_detect_rows=%.1f%nmean_time_to_detect_minutes=%.1f%n",
                    ReplayResult.meanTimeToDetect(total.files(), false), ReplayResult.meanTimeToDetect(total.files(), true));
        }
        stdout.printf(Locale.ROOT, "model_state_bytes_max=%d%n", LabelledReplay.modelStateBytes(settings));
        printActions(planned);
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    private int labelled(ReplaySettings settings, ActionsPreview preview) throws Exception {
        ReplayResult r = LabelledReplay.replay(mode.labelled, null, true, settings, parallelism, true, out);
        List<PlannedAction> planned = preview(preview, r);
        ReplayOutput.write(r, out, "Vigil labelled replay of " + mode.labelled.getFileName(), planned);
        EventF1Scorer.Total t = r.events();
        stdout.printf(Locale.ROOT, "event_f1=%.3f%nevent_precision=%.3f%nevent_recall=%.3f%nmean_delay_steps=%.2f%n",
                t.f1(), t.precision(), t.recall(), t.meanDelaySteps());
        stdout.printf(Locale.ROOT, "segments=%d%nsegments_detected=%d%nfalse_detections=%d%n", t.segments(), t.detected(),
                t.falseDetections());
        stdout.printf(Locale.ROOT, "model_state_bytes_max=%d%n", LabelledReplay.modelStateBytes(settings));
        printActions(planned);
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    /** CloudWatch's format names, as the job's Input.metrics.format takes them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<MetricFormat> {
        @Override
        public MetricFormat convert(String value) {
            try {
                return MetricFormat.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected " + MetricFormat.codes() + ", got '" + value + "'");
            }
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

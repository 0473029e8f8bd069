package dev.vigil.detector.replay;

import dev.vigil.detector.nab.EventF1Scorer;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import dev.vigil.detector.report.ReplayResult;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code scripts/replay}: the detector's pipeline over past data, on a local MiniCluster.
 * Scores and counts go to stdout as {@code key=value} lines (scripts read them); progress to stderr.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays recordings through the same DetectorPipeline the job runs (bounded, local MiniCluster).",
            "Every replay writes OUT_DIR/impairments.jsonl, dead-letters.jsonl, summary.json, report.html and plots/*.png."})
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
                description = "NDJSON (optionally .gz) metric-stream records and/or EventBridge events, e.g. exported from S3")
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

    @Option(names = "--out", paramLabel = "OUT_DIR", description = "where outputs go (required with --nab and --input)")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the job's config file (DetectorJob --config JSON; its Detector group and rules file apply)")
    Path config;

    @Option(names = "--parallelism", paramLabel = "N", description = "replay job parallelism (default: min(2, cores))")
    int parallelism = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final PrintStream stdout;

    ReplayCli(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs the command; returns the exit code (0 ok, 2 usage). */
    static int run(PrintStream stdout, String... args) {
        return new CommandLine(new ReplayCli(stdout)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (mode.sweep != null) {
            return Sweep.run(mode.sweep, stdout) ? 0 : 1;
        }
        if (out == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--out OUT_DIR is required with --nab, --labelled and --input");
        }
        ReplaySettings settings = config == null ? ReplaySettings.defaults() : ReplaySettings.load(config);
        if (mode.nab != null) {
            return nab(settings);
        }
        if (mode.labelled != null) {
            return labelled(settings);
        }
        ReplayResult r = InputReplay.replay(mode.input, topology == null ? null : topology.toString(), settings,
                parallelism, true);
        ReplayOutput.write(r, out, "Vigil replay of " + mode.input.getFileName());
        r.counts().forEach((k, v) -> stdout.println(snake(k) + "=" + v));
        stdout.println("impairment_records=" + r.impairments().size());
        stdout.println("dead_letters=" + r.deadLetters().size());
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    private int nab(ReplaySettings settings) throws Exception {
        Path windowsFile = windows != null ? windows : mode.nab.toAbsolutePath().resolveSibling("windows.json");
        NabWindows labels = Files.exists(windowsFile) ? NabWindows.read(windowsFile) : null;
        if (labels == null) {
            System.err.println("no windows file (" + windowsFile + "): replaying without scores");
        }
        ReplayResult r = LabelledReplay.replay(mode.nab, labels, false, settings, parallelism, true, out);
        ReplayOutput.write(r, out, "Vigil NAB replay of " + mode.nab.getFileName());
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
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    private int labelled(ReplaySettings settings) throws Exception {
        ReplayResult r = LabelledReplay.replay(mode.labelled, null, true, settings, parallelism, true, out);
        ReplayOutput.write(r, out, "Vigil labelled replay of " + mode.labelled.getFileName());
        EventF1Scorer.Total t = r.events();
        stdout.printf(Locale.ROOT, "event_f1=%.3f%nevent_precision=%.3f%nevent_recall=%.3f%nmean_delay_steps=%.2f%n",
                t.f1(), t.precision(), t.recall(), t.meanDelaySteps());
        stdout.printf(Locale.ROOT, "segments=%d%nsegments_detected=%d%nfalse_detections=%d%n", t.segments(), t.detected(),
                t.falseDetections());
        stdout.printf(Locale.ROOT, "model_state_bytes_max=%d%n", LabelledReplay.modelStateBytes(settings));
        stdout.println("report=" + out.resolve("report.html"));
        return 0;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

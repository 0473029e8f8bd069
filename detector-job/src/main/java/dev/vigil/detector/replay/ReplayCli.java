package dev.vigil.detector.replay;

import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import dev.vigil.detector.parse.MetricFormat;
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

    /** Exactly one of the three modes. */
    static final class Mode {
        @Option(names = "--nab", paramLabel = "DATA_DIR", required = true,
                description = "folder of NAB-layout timestamp,value CSVs; each file one series under the NAB anomaly rule")
        Path nab;

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
            throw new CommandLine.ParameterException(new CommandLine(this), "--out OUT_DIR is required with --nab and --input");
        }
        ReplaySettings settings = config == null ? ReplaySettings.defaults() : ReplaySettings.load(config);
        if (mode.nab != null) {
            return nab(settings);
        }
        ReplayResult r = InputReplay.replay(mode.input, topology == null ? null : topology.toString(), format, settings,
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
        ReplayResult r = NabReplay.replay(mode.nab, labels, settings, parallelism, true);
        NabReplay.writeCsvs(r, out);
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
        stdout.printf(Locale.ROOT, "model_state_bytes_max=%d%n", NabReplay.maxModelBytes(mode.nab, settings.anomaly()));
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

package dev.vigil.bench;

import dev.vigil.detector.parse.MetricFormat;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * scripts/bench: every figure of the performance table in one run, printed last as key=value
 * lines that other tools read. Usage: {@code Bench [--quick] [--nab DIR]}; --quick shrinks every
 * stage to check the harness itself, its figures mean nothing.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean checkpoints = false;
        // The corpus next to the checkout by default (scripts/bench passes where that is); --nab DIR
        // is the caller's, relative to where they ran the script.
        Path nab = Paths.get(System.getProperty("vigil.root", ".")).resolve("../shared/nab").normalize();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--profile")) {
                // Only the end-to-end run, repeated under a JFR recording; RocksDB unless told otherwise.
                Backend backend = i + 1 < args.length && !args[i + 1].startsWith("--")
                        ? Backend.valueOf(args[++i].toUpperCase(Locale.ROOT)) : Backend.ROCKSDB;
                Profile.run(backend, PipelineBench.Mode.valueOf(System.getProperty("bench.mode", "END_TO_END")));
                return;
            } else if (args[i].equals("--roundtrip")) {
                // The state round trip alone (single thread, JMH): for before/after on a loaded machine.
                System.out.println("state_roundtrip_cpu_ns_per_datapoint=" + fmt0(StateRoundTrip.cpuNanosPerDatapoint(20)));
                System.out.println("state_roundtrip_ns_per_datapoint=" + fmt0(jmh(StateRoundTrip.class, false).get("datapoint")));
                return;
            } else if (args[i].equals("--checkpoints")) {
                checkpoints = true;
            } else if (args[i].equals("--checkpoints-only")) {
                // The million-series checkpoints alone, for working on them.
                CheckpointBench.measure(false).forEach((k, v) -> System.out.println(k + "=" + v));
                return;
            } else if (args[i].equals("--nab") && i + 1 < args.length) {
                nab = Paths.get(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: Bench [--quick] [--checkpoints] [--nab DIR] | --checkpoints-only | --roundtrip | --profile [rocksdb|heap]");
            }
        }
        Map<String, String> figures = new LinkedHashMap<>();
        int instances = quick ? 3_000 : 30_000;
        int targetGroups = quick ? 250 : 2_500;
        int minutes = quick ? Fleet.MIN_MINUTES : 24;

        log("generating %d instances and %d target groups over %d minutes", instances, targetGroups, minutes);
        Fleet fleet = new Fleet(instances, targetGroups, minutes);
        log("%,d datapoints in %,d records, %,d watched series (%,d series in all)", fleet.datapoints,
                fleet.records.size(), fleet.watchedSeries(), fleet.datapoints / minutes);
        figures.put("series", Long.toString(fleet.watchedSeries()));
        figures.put("datapoints", Long.toString(fleet.datapoints));

        // Warm-up: the MiniCluster runs in this JVM, so the first runs pay for class loading and JIT.
        Fleet warm = new Fleet(instances / 3, targetGroups / 3, Fleet.MIN_MINUTES);
        for (int i = 0; i < (quick ? 1 : 2); i++) {
            PipelineBench.run(warm, PipelineBench.Mode.PARSE_ONLY, 0);
            PipelineBench.run(warm, PipelineBench.Mode.END_TO_END, 0);
        }
        PipelineBench.run(warm, PipelineBench.Mode.END_TO_END, new PipelineBench.Setup(Backend.ROCKSDB, 2, 1));

        // Parsing alone, JSON and the same datapoints as an OpenTelemetry 1.0 stream sends them, in
        // turns so that both meet the same conditions on the machine; best of each.
        List<byte[]> otel = fleet.openTelemetryRecords();
        log("OpenTelemetry 1.0: %,d records, %,d bytes (JSON: %,d bytes)", otel.size(),
                otel.stream().mapToLong(r -> r.length).sum(), fleet.records.stream().mapToLong(r -> r.length).sum());
        PipelineBench.run(warm, warm.openTelemetryRecords(), MetricFormat.OPENTELEMETRY_1_0, PipelineBench.Mode.PARSE_ONLY, 0);
        double parse = 0;
        double parseOtel = 0;
        for (int i = 0; i < (quick ? 1 : 3); i++) {
            parse = Math.max(parse, best(fleet, PipelineBench.Mode.PARSE_ONLY, 1));
            double seconds = PipelineBench.run(fleet, otel, MetricFormat.OPENTELEMETRY_1_0, PipelineBench.Mode.PARSE_ONLY, 0) / 1e9;
            log("PARSE_ONLY opentelemetry1.0: %,.0f datapoints/s (%.2f s), %d dead letters", fleet.datapoints / seconds, seconds,
                    PipelineBench.DEAD_LETTERS.get());
            parseOtel = Math.max(parseOtel, fleet.datapoints / seconds);
        }
        otel = null;
        double e2e = best(fleet, PipelineBench.Mode.END_TO_END, quick ? 1 : 3);
        figures.put("parse_dps", fmt0(parse));
        figures.put("parse_dps_otel", fmt0(parseOtel));
        figures.put("e2e_dps", fmt0(e2e));
        figures.put("e2e_over_parse", fmt2(e2e / parse));
        figures.putAll(MsfFigures.measure(fleet, e2e, quick));

        double rate = e2e / 2;
        log("latency run at %,.0f datapoints/s (half the measured maximum)", rate);
        PipelineBench.run(fleet, PipelineBench.Mode.END_TO_END, rate / Fleet.LINES_PER_RECORD);
        long[] latencies = PipelineBench.LATENCY_NANOS.stream().mapToLong(Long::longValue).sorted().toArray();
        log("%d latency samples (expected %d)", latencies.length, fleet.completing.values().stream().mapToInt(List::size).sum());
        figures.put("latency_samples", Integer.toString(latencies.length));
        figures.put("latency_p50_ms", fmt1(percentile(latencies, 0.50) / 1e6));
        figures.put("latency_p99_ms", fmt1(percentile(latencies, 0.99) / 1e6));

        StateSize state = StateSize.measure(quick ? warm : new Fleet(instances / 10, targetGroups / 10, 30));
        log("state: %,d resources, %,d series, %,d serialised bytes, %,d key bytes",
                state.resources, state.series, state.serializedBytes, state.keyBytes);
        figures.put("state_bytes_per_series", fmt0(state.bytesPerSeries()));
        figures.put("state_value_bytes_per_datapoint", fmt0(state.valueBytesPerDatapoint()));

        Map<String, Double> jmh = jmh(ModelVsRcf.class, quick);
        double model = jmh.get("vigilModel");
        double rcf = jmh.get("randomCutForest");
        figures.put("model_updates_per_s", fmt0(model));
        figures.put("rcf_updates_per_s", fmt0(rcf));
        figures.put("model_over_rcf", fmt1(model / rcf));
        figures.put("state_roundtrip_ns_per_datapoint", fmt0(jmh(StateRoundTrip.class, quick).get("datapoint")));
        figures.put("state_roundtrip_cpu_ns_per_datapoint", fmt0(StateRoundTrip.cpuNanosPerDatapoint(quick ? 2 : 20)));
        // One thread, decoding alone: the job's OpenTelemetry reader against the official generated classes.
        Map<String, Double> decode = DecodeRates.measure(new Fleet(quick ? 500 : 2_000, quick ? 50 : 200, 2), quick ? 3 : 15);
        figures.put("decode_dps_json", fmt0(decode.get("json")));
        figures.put("decode_dps_otel", fmt0(decode.get("otel")));
        figures.put("decode_dps_otel_generated", fmt0(decode.get("otel_generated")));
        figures.put("otel_over_generated", fmt2(decode.get("otel") / decode.get("otel_generated")));

        RcfNab quality = quick ? null : RcfNab.run(nab);
        if (quality == null) {
            log(quick ? "NAB comparison skipped in --quick" : "NAB comparison skipped: no corpus at " + nab.toAbsolutePath()
                    + " (pass --nab DIR with data/ and windows.json)");
            figures.put("rcf_nab_standard", "skipped");
            figures.put("vigil_nab_standard", "skipped");
        } else {
            figures.put("rcf_nab_standard", fmt2(quality.rcfStandard));
            figures.put("vigil_nab_standard", fmt2(quality.vigilStandard));
        }

        if (checkpoints) {
            figures.putAll(CheckpointBench.measure(quick));
        } else {
            log("checkpoints of a million series skipped (scripts/bench --checkpoints)");
        }
        figures.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        figures.put("java", System.getProperty("java.version"));
        System.out.println();
        figures.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    /** Best of n runs, in datapoints per second from the first record in to the job's end. */
    static double best(Fleet fleet, PipelineBench.Mode mode, int n) throws Exception {
        return best(fleet, mode, PipelineBench.Setup.DEFAULT, n);
    }

    static double best(Fleet fleet, PipelineBench.Mode mode, PipelineBench.Setup setup, int n) throws Exception {
        double best = 0;
        for (int i = 0; i < n; i++) {
            double seconds = PipelineBench.run(fleet, mode, setup) / 1e9;
            double dps = fleet.datapoints * setup.passes / seconds;
            log("%s %s: %,.0f datapoints/s (%.2f s), %d impairment records, %d dead letters, %d checkpoints", mode, setup, dps,
                    seconds, PipelineBench.IMPAIRMENTS.get(), PipelineBench.DEAD_LETTERS.get(), PipelineBench.CHECKPOINTS.size());
            best = Math.max(best, dps);
        }
        return best;
    }

    private static Map<String, Double> jmh(Class<?> benchmarks, boolean quick) throws Exception {
        OptionsBuilder b = new OptionsBuilder();
        b.include(benchmarks.getName());
        if (quick) {
            b.warmupIterations(1).measurementIterations(1).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        Options options = b.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> byMethod = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            byMethod.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        return byMethod;
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static String fmt0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static String fmt1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}

package dev.vigil.bench;

import dev.vigil.detector.otel.GeneratedOtlpParser;
import dev.vigil.detector.parse.MetricRecordParser;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.OtlpMetricsParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-thread decoding alone, records to {@link MetricDatapoint}s, on the same generated
 * fleet's records (100 datapoints each): the job's OpenTelemetry reader, the official generated
 * classes with the same translation ({@code GeneratedOtlpParser}), and the JSON parser on the
 * same data in JSON. In datapoints per CPU-second of this thread, median of interleaved rounds:
 * CPU time rather than wall time, and every decoder in every round, so other work on the machine
 * moves each figure less and all of them alike.
 */
final class DecodeRates {
    private DecodeRates() {}

    static Map<String, Double> measure(Fleet fleet, int rounds) {
        List<byte[]> json = fleet.records;
        List<byte[]> otel = fleet.openTelemetryRecords();
        ParseLimits limits = ParseLimits.defaults().withoutTimeChecks();
        Map<String, MetricRecordParser> parsers = new LinkedHashMap<>();
        MetricStreamParser jsonParser = new MetricStreamParser(limits, "bench");
        parsers.put("json", jsonParser::parse);
        parsers.put("otel", new OtlpMetricsParser(limits, "bench"));
        parsers.put("otel_generated", new GeneratedOtlpParser());
        Map<String, double[]> rates = new LinkedHashMap<>();
        parsers.keySet().forEach(k -> rates.put(k, new double[rounds]));
        Sink sink = new Sink();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = -rounds; round < rounds; round++) { // the first half warms the JIT up
            for (Map.Entry<String, MetricRecordParser> p : parsers.entrySet()) {
                List<byte[]> records = p.getKey().equals("json") ? json : otel;
                sink.count = 0;
                long start = cpu.getCurrentThreadCpuTime();
                for (byte[] r : records) {
                    p.getValue().parse(r, 0, sink);
                }
                long nanos = cpu.getCurrentThreadCpuTime() - start;
                if (sink.count != fleet.datapoints) {
                    throw new IllegalStateException(p.getKey() + " read " + sink.count + " of " + fleet.datapoints);
                }
                if (round >= 0) {
                    rates.get(p.getKey())[round] = fleet.datapoints / (nanos / 1e9);
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((k, v) -> {
            Arrays.sort(v);
            medians.put(k, v[v.length / 2]);
        });
        Bench.log("decoding, datapoints per CPU-second (median of %d rounds): %s; checksum %d", rounds, medians, sink.checksum);
        return medians;
    }

    /** Keeps a checksum of what it is given, so no decoder's work can be optimised away. */
    private static final class Sink implements ParseOutput<MetricDatapoint> {
        long count;
        long checksum;

        @Override
        public void accept(MetricDatapoint d) {
            count++;
            checksum += d.dimensionCount() + d.getMetricName().length() + (long) d.getMax();
        }

        @Override
        public void reject(DeadLetter d) {
            throw new IllegalStateException("the generated fleet has no bad input: " + d.getMessage());
        }
    }
}

package dev.vigil.tools.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's monthly running cost for a number of streamed series, from {@link Prices}: what the
 * dry run prints and the README's table shows. Each series is one metric (namespace, name,
 * dimensions) the stream's filters let through; it sends one update a minute. Volumes: the
 * metric-stream JSON line averages 310 bytes (the bundled recording), Firehose delivers 1 MiB
 * requests to the relay, which runs about 300 ms for one at 1 GB of memory (an estimate, not
 * measured on Lambda), and everything written to the metrics stream is read once by the detector.
 * Impairments, events, dead letters and outcomes are a trickle next to the metrics and counted
 * only by their stream-hours.
 */
public final class CostEstimate {
    static final double LINE_BYTES = 310;
    static final double MINUTES_PER_MONTH = Prices.HOURS_PER_MONTH * 60;
    static final double RELAY_SECONDS_PER_REQUEST = 0.3;
    static final double RELAY_MEMORY_GB = 1.0;
    static final int STREAMS = 5;
    static final String METRIC_STREAM = "CloudWatch metric stream";
    static final String FIREHOSE = "Firehose";
    static final String RELAY = "Lambda relay";

    /** What drives the cost, from the stack parameters. */
    public static final class Shape {
        long series;
        /** Share of series whose metric streams extra statistics (one more billed update each). */
        double extendedShare;
        int detectorKpu;
        int actionsKpu; // 0 when actions run in the detector or not at all
        boolean onDemand;
        int metricsShards;
        int otherShards;
        int alarms;
    }

    /** Part → USD per month, in a stable order. */
    static Map<String, Double> monthly(Shape s) {
        Map<String, Double> out = new LinkedHashMap<>();
        double updates = s.series * MINUTES_PER_MONTH * (1 + s.extendedShare);
        out.put(METRIC_STREAM, updates / 1000 * Prices.METRIC_STREAM_PER_1000_UPDATES);
        double gb = s.series * MINUTES_PER_MONTH * LINE_BYTES / 1e9;
        out.put(FIREHOSE, gb * Prices.FIREHOSE_PER_GB);
        double requests = gb * 1e9 / (1024 * 1024);
        out.put(RELAY, requests / 1e6 * Prices.LAMBDA_PER_MILLION_REQUESTS
                + requests * RELAY_SECONDS_PER_REQUEST * RELAY_MEMORY_GB * Prices.LAMBDA_ARM_GB_SECOND);
        double kinesis;
        if (s.onDemand) {
            kinesis = STREAMS * Prices.HOURS_PER_MONTH * Prices.KINESIS_ON_DEMAND_STREAM_HOUR
                    + gb * Prices.KINESIS_ON_DEMAND_PER_GB_IN + gb * Prices.KINESIS_ON_DEMAND_PER_GB_OUT;
        } else {
            // The relay batches lines into records of a few KB to 1 MiB: about one 25 KB unit per 25 KB.
            double putUnits = gb * 1e9 / 25_000;
            kinesis = (s.metricsShards + (STREAMS - 1) * s.otherShards) * Prices.HOURS_PER_MONTH * Prices.KINESIS_SHARD_HOUR
                    + putUnits / 1e6 * Prices.KINESIS_PER_MILLION_PUT_UNITS;
        }
        out.put("Kinesis Data Streams", kinesis);
        out.put("MSF detector", msf(s.detectorKpu));
        if (s.actionsKpu > 0) {
            out.put("MSF actions", msf(s.actionsKpu));
        }
        out.put("CloudWatch alarms, dashboard, secret", s.alarms * Prices.CLOUDWATCH_ALARM_MONTH
                + Prices.CLOUDWATCH_DASHBOARD_MONTH + Prices.SECRET_MONTH);
        return out;
    }

    /** One MSF application on {@code kpu} KPUs, its orchestration KPU and running storage included. */
    static double msf(int kpu) {
        return (kpu + Prices.MSF_ORCHESTRATION_KPU) * Prices.HOURS_PER_MONTH * Prices.MSF_KPU_HOUR
                + kpu * Prices.MSF_STORAGE_GB_PER_KPU * Prices.MSF_STORAGE_GB_MONTH;
    }

    static double total(Map<String, Double> parts) {
        double t = 0;
        for (double v : parts.values()) {
            t += v;
        }
        return t;
    }

    /** The table the dry run prints: part, USD per month, share. */
    static String table(Map<String, Double> parts) {
        double total = total(parts);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            b.append(String.format(java.util.Locale.ROOT, "  %-38s %12.2f  %5.1f %%%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / total));
        }
        b.append(String.format(java.util.Locale.ROOT, "  %-38s %12.2f%n", "total (USD per month)", total));
        return b.toString();
    }
}

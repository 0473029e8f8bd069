package dev.vigil.bench;

import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated fleet in CloudWatch metric-stream JSON, held in memory so the source is never the
 * bottleneck: {@code instances} EC2 instances (CPU with a daily cycle and noise, both status
 * checks, NetworkIn which no rule watches) and {@code targetGroups} ALB target groups (response
 * time, requests, unhealthy hosts, 5xx when there are any), one datapoint per series per minute,
 * batched 100 lines to a record as a relay would. Incidents: every 100th instance fails its
 * system status check for three minutes, starting between minutes 5 and 12 (spread so latency is
 * sampled across the run); every 500th target group returns 20% 5xx in minutes 10-14.
 */
final class Fleet {
    static final long T0 = 1767571200000L; // 2026-01-05T00:00:00Z, a Monday
    static final long MINUTE = 60_000;
    static final int LINES_PER_RECORD = 100;
    static final int INCIDENT_MINUTE = 10;
    /** Enough minutes for every incident to open and resolve. */
    static final int MIN_MINUTES = 16;

    final int instances;
    final int targetGroups;
    final int minutes;
    /** Records in time order. */
    final List<byte[]> records = new ArrayList<>();
    /** Per record, where each line's 13-digit timestamp starts: {@link #shifted} moves them. */
    private final List<int[]> timestampAt = new ArrayList<>();
    private int[] pendingTimestamps = new int[LINES_PER_RECORD];
    /**
     * Record index → incident instances whose datapoint in it completes the 2-of-2 status-check
     * alarm (the second failed minute): latency is measured from when that record enters the job.
     */
    final java.util.Map<Integer, List<String>> completing = new java.util.HashMap<>();
    long datapoints;

    Fleet(int instances, int targetGroups, int minutes) {
        this.instances = instances;
        this.targetGroups = targetGroups;
        this.minutes = minutes;
        Random rnd = new Random(7);
        StringBuilder batch = new StringBuilder(LINES_PER_RECORD * 300);
        int inBatch = 0;
        for (int m = 0; m < minutes; m++) {
            long ts = T0 + m * MINUTE;
            for (int i = 0; i < instances; i++) {
                String id = instanceId(i);
                double cpu = 40 + 20 * Math.sin(2 * Math.PI * (m + i % 1440) / 1440.0) + rnd.nextGaussian() * 3;
                inBatch = add(batch, inBatch, line("AWS/EC2", "CPUUtilization", "InstanceId", id, ts, cpu, 4, "Percent"));
                int start = incidentStart(i);
                double failed = start >= 0 && m >= start && m < start + 3 ? 1 : 0;
                if (start >= 0 && m == start + 1) {
                    completing.computeIfAbsent(records.size(), k -> new ArrayList<>()).add(id);
                }
                inBatch = add(batch, inBatch, line("AWS/EC2", "StatusCheckFailed_System", "InstanceId", id, ts, failed, 1, "Count"));
                inBatch = add(batch, inBatch, line("AWS/EC2", "StatusCheckFailed_Instance", "InstanceId", id, ts, 0, 1, "Count"));
                inBatch = add(batch, inBatch, line("AWS/EC2", "NetworkIn", "InstanceId", id, ts, 1e6 + rnd.nextInt(10000), 5, "Bytes"));
            }
            for (int t = 0; t < targetGroups; t++) {
                String tg = "targetgroup/tg-" + t + "/" + Integer.toHexString(0x10000 + t);
                String lb = "app/alb-" + (t / 10) + "/" + Integer.toHexString(0x20000 + t / 10);
                double requests = 1000 + rnd.nextInt(200);
                inBatch = add(batch, inBatch, tgLine("TargetResponseTime", lb, tg, ts, 0.08 + rnd.nextGaussian() * 0.005, requests, "Seconds"));
                inBatch = add(batch, inBatch, tgLine("RequestCount", lb, tg, ts, requests, 1, "Count"));
                inBatch = add(batch, inBatch, tgLine("UnHealthyHostCount", lb, tg, ts, 0, 1, "Count"));
                if (t % 500 == 3 && m >= INCIDENT_MINUTE && m < INCIDENT_MINUTE + 5) {
                    inBatch = add(batch, inBatch, tgLine("HTTPCode_Target_5XX_Count", lb, tg, ts, requests * 0.2, 1, "Count"));
                }
            }
        }
        if (inBatch > 0) {
            records.add(batch.toString().getBytes(StandardCharsets.UTF_8));
            timestampAt.add(java.util.Arrays.copyOf(pendingTimestamps, inBatch));
        }
    }

    /**
     * Record {@code index} as if sent {@code shiftMs} later: a copy with every timestamp moved, so
     * one fleet in memory feeds runs longer than itself (RocksDB's run must outlast a checkpoint
     * interval) without holding more records. Lines are ASCII, so characters are bytes.
     */
    byte[] shifted(int index, long shiftMs) {
        byte[] copy = records.get(index).clone();
        for (int at : timestampAt.get(index)) {
            long ts = 0;
            for (int i = 0; i < 13; i++) {
                ts = ts * 10 + (copy[at + i] - '0');
            }
            ts += shiftMs;
            for (int i = 12; i >= 0; i--) {
                copy[at + i] = (byte) ('0' + ts % 10);
                ts /= 10;
            }
        }
        return copy;
    }

    /**
     * The same datapoints as a metric stream in the OpenTelemetry 1.0 format writes them (built by
     * the official classes), one message per JSON record: the same records in the same order.
     */
    List<byte[]> openTelemetryRecords() {
        List<byte[]> out = new ArrayList<>(records.size());
        MetricStreamParser json = new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "bench");
        List<MetricDatapoint> batch = new ArrayList<>();
        ParseOutput<MetricDatapoint> collect = new ParseOutput<>() {
            @Override
            public void accept(MetricDatapoint d) {
                batch.add(d);
            }

            @Override
            public void reject(DeadLetter d) {
                throw new IllegalStateException("the generated fleet has no bad line: " + d.getMessage());
            }
        };
        for (byte[] r : records) {
            batch.clear();
            json.parse(r, 0, collect);
            out.add(Otlp10Records.record(Otlp10Records.request(batch)));
        }
        return out;
    }

    private static final String TIMESTAMP = "\"timestamp\":";

    static String instanceId(int i) {
        return String.format("i-%017x", 0x1000000L + i);
    }

    /** Minute the instance's incident starts, or -1 for a healthy one. */
    static int incidentStart(int i) {
        return i % 100 == 7 ? 5 + (i / 100) % 8 : -1;
    }

    /** Watched series: everything but NetworkIn. */
    long watchedSeries() {
        return 3L * instances + 4L * targetGroups;
    }

    private int add(StringBuilder batch, int inBatch, String line) {
        pendingTimestamps[inBatch] = batch.length() + line.indexOf(TIMESTAMP) + TIMESTAMP.length();
        batch.append(line).append('\n');
        datapoints++;
        if (++inBatch == LINES_PER_RECORD) {
            records.add(batch.toString().getBytes(StandardCharsets.UTF_8));
            timestampAt.add(pendingTimestamps.clone());
            batch.setLength(0);
            return 0;
        }
        return inBatch;
    }

    static String line(String ns, String metric, String dim, String value, long ts, double avg, int count, String unit) {
        return "{\"metric_stream_name\":\"bench\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\",\"namespace\":\""
                + ns + "\",\"metric_name\":\"" + metric + "\",\"dimensions\":{\"" + dim + "\":\"" + value + "\"},\"timestamp\":"
                + ts + ",\"value\":{\"max\":" + r(avg * 1.1) + ",\"min\":" + r(avg * 0.9) + ",\"sum\":" + r(avg * count)
                + ",\"count\":" + count + ".0},\"unit\":\"" + unit + "\"}";
    }

    static String tgLine(String metric, String lb, String tg, long ts, double avg, double count, String unit) {
        return "{\"metric_stream_name\":\"bench\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\",\"namespace\":"
                + "\"AWS/ApplicationELB\",\"metric_name\":\"" + metric + "\",\"dimensions\":{\"LoadBalancer\":\"" + lb
                + "\",\"TargetGroup\":\"" + tg + "\"},\"timestamp\":" + ts + ",\"value\":{\"max\":" + r(avg * 1.5)
                + ",\"min\":" + r(avg * 0.5) + ",\"sum\":" + r(avg * count) + ",\"count\":" + count + "},\"unit\":\"" + unit + "\"}";
    }

    private static String r(double d) {
        return Double.toString(Math.round(d * 10000) / 10000.0);
    }
}

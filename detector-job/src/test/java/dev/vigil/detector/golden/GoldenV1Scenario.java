package dev.vigil.detector.golden;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The incident the version-1 golden state was taken in. <b>Frozen with the v1 files</b>: the
 * committed state and savepoint were written mid-way through exactly this input, and the tests
 * feed the rest of it; {@link #sha256()} is committed beside them to catch an edit.
 *
 * <p>One account and region; the Auto Scaling group {@code golden-asg} of six instances (1-3 in
 * us-east-1a, 4-6 in us-east-1b) behind the target group {@code golden-web}. Metric-stream records
 * (one Kinesis record per minute, one JSON line per datapoint) and EventBridge events (a heartbeat
 * every minute, which names no resource and so only moves event time, and one Auto Scaling event).
 * Six quiet hours let the anomaly model learn the target group's response time (past its 300
 * values of warm-up), then from minute {@link #W}:
 * <pre>
 *  W+0   i-1 fails its system status check         (opens at W+2; its REPLACE_INSTANCE runs)
 *  W+5   i-3's CPU runs at 85 % against peers at 30 % (peer outlier; zone us-east-1a impaired)
 *  W+15  i-2 fails its status check; 5xx ratio 0.2 on the target group (UnHealthyHostCount 1, then 2)
 *  W+30  ---- CUT: the golden state is taken here ----
 *  W+34  i-1's last datapoint                        W+35:45  Auto Scaling reports it terminated
 *  W+38  5xx normal                                  W+42  i-2 healthy again (the zone recovers)
 *  W+50  i-3's CPU normal                            W+60  i-5 fails for six minutes
 *  W+80  end
 * </pre>
 * Changes that the fleet and zone correlation sees are at least seven minutes apart: it judges
 * zones at the watermark while records run a little ahead of it, so changes closer than that
 * lead could be judged together or apart depending on timing.
 * The response time stays normal: with 545e0e3's rules the anomaly series learns but never fires
 * (a spike would make the outcome depend on the anomaly rule's band direction, which
 * {@code Comparison.isUpward} does not count as upward for {@code GreaterThanUpperThreshold}, so
 * a fix there would change the expected output rather than the state's readability). i-1 goes
 * silent before its termination for a similar reason: with 545e0e3's code a datapoint arriving
 * after the termination was applied opened a fresh impairment, depending on arrival order (since
 * then such a datapoint is dropped as one of a gone instance's last: {@code Placement.GONE}).
 */
public final class GoldenV1Scenario {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String ASG = "golden-asg";
    public static final String TARGET_GROUP = "targetgroup/golden-web/5e1f0a2b3c4d5e6f";
    public static final String LOAD_BALANCER = "app/golden-alb/0a1b2c3d4e5f6a7b";
    /** 2026-11-22T00:00:00Z, the first minute. */
    public static final long T0 = 1_795_305_600_000L;
    public static final long MINUTE = 60_000L;
    public static final int INSTANCES = 6;
    /** First minute of the incident. */
    public static final int W = 360;
    /** The golden state holds every minute before this one. */
    public static final int CUT = W + 30;
    /** Minutes in the whole input. */
    public static final int END = W + 80;
    /** When Auto Scaling reports i-1 terminated. */
    public static final long TERMINATED_AT = T0 + (W + 35) * MINUTE + 45_000;
    /** Rules the golden state was written under: a copy of 545e0e3's default rules. */
    public static final String RULES = "classpath:golden/v1/rules.yaml";

    private GoldenV1Scenario() {}

    public static String instance(int n) {
        return String.format(Locale.ROOT, "i-0c1d%013x", n);
    }

    public static String zone(int n) {
        return n <= 3 ? "us-east-1a" : "us-east-1b";
    }

    public static long minuteStart(int m) {
        return T0 + m * MINUTE;
    }

    /**
     * When the timeline above makes {@code resourceId} healthy again after the cut (i-1: Auto
     * Scaling's termination; the others: their first normal minute; us-east-1a: i-2's recovery):
     * an impairment of it open at the cut resolves at this time or later, and before {@link #END}.
     * Long.MIN_VALUE for a resource the incident does not name.
     */
    public static long recoveredAt(String resourceId) {
        if (resourceId.equals(instance(1))) {
            return TERMINATED_AT;
        }
        if (resourceId.equals(instance(2)) || resourceId.equals(TARGET_GROUP) || resourceId.equals(zone(1))) {
            return minuteStart(W + 42);
        }
        if (resourceId.equals(instance(3))) {
            return minuteStart(W + 50);
        }
        if (resourceId.equals(instance(5))) {
            return minuteStart(W + 66);
        }
        return Long.MIN_VALUE;
    }

    static boolean failing(int n, int m) {
        switch (n) {
            case 1:
                return m >= W && m < W + 35;
            case 2:
                return m >= W + 15 && m < W + 42;
            case 5:
                return m >= W + 60 && m < W + 66;
            default:
                return false;
        }
    }

    /** i-1 is gone once Auto Scaling has replaced it. */
    static boolean reports(int n, int m) {
        return n != 1 || m < W + 35;
    }

    static double cpu(int n, int m) {
        if (n == 3 && m >= W + 5 && m < W + 50) {
            return 85 + (m * 3) % 5;
        }
        return 28 + (n * 7 + m * 3) % 5;
    }

    static long requests(int m) {
        return 1000 + Math.round(200 * Math.sin(2 * Math.PI * m / 120)) + (m * 37L) % 50;
    }

    static long errors(int m) {
        return m >= W + 15 && m < W + 38 ? Math.round(0.2 * requests(m)) : (m * 13L) % 4;
    }

    static double latency(int m) {
        return 0.120 + 0.015 * Math.sin(2 * Math.PI * m / 90) + 0.004 * (((m * 29) % 11) - 5) / 5.0;
    }

    static int unhealthyHosts(int m) {
        return (failing(1, m) ? 1 : 0) + (failing(2, m) ? 1 : 0);
    }

    /** The metric-stream record (JSON lines) of minute {@code m}. */
    public static byte[] metricRecord(int m) {
        long ts = minuteStart(m);
        String tg = "{\"LoadBalancer\":\"" + LOAD_BALANCER + "\",\"TargetGroup\":\"" + TARGET_GROUP + "\"}";
        StringBuilder sb = new StringBuilder();
        long req = requests(m);
        double perSecond = req / 60.0;
        sb.append(line("AWS/ApplicationELB", "RequestCount", tg, ts, perSecond * 1.6, perSecond * 0.4, req, 60, "Count"));
        long err = errors(m);
        sb.append(line("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg, ts, err / 30.0, 0, err, 60, "Count"));
        double lat = latency(m);
        sb.append(line("AWS/ApplicationELB", "TargetResponseTime", tg, ts, lat * 3, lat * 0.2, lat * req, req, "Seconds"));
        int u = unhealthyHosts(m);
        sb.append(line("AWS/ApplicationELB", "UnHealthyHostCount", tg, ts, u, u, u * 60.0, 60, "Count"));
        for (int n = 1; n <= INSTANCES; n++) {
            if (!reports(n, m)) {
                continue;
            }
            String dims = "{\"InstanceId\":\"" + instance(n) + "\"}";
            double f = failing(n, m) ? 1 : 0;
            sb.append(line("AWS/EC2", "StatusCheckFailed_System", dims, ts, f, f, f, 1, "Count"));
            double c = cpu(n, m);
            sb.append(line("AWS/EC2", "CPUUtilization", dims, ts, c, c, c, 1, "Percent"));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(String ns, String metric, String dims, long ts, double max, double min, double sum,
                               long count, String unit) {
        return String.format(Locale.ROOT, "{\"metric_stream_name\":\"vigil-golden\",\"account_id\":\"%s\",\"region\":\"%s\","
                        + "\"namespace\":\"%s\",\"metric_name\":\"%s\",\"dimensions\":%s,\"timestamp\":%d,"
                        + "\"value\":{\"max\":%.6f,\"min\":%.6f,\"sum\":%.6f,\"count\":%d},\"unit\":\"%s\"}\n",
                ACCOUNT, REGION, ns, metric, dims, ts, max, min, sum, count, unit);
    }

    /** Every metric record, minute by minute. */
    public static List<byte[]> metricRecords() {
        List<byte[]> out = new ArrayList<>(END);
        for (int m = 0; m < END; m++) {
            out.add(metricRecord(m));
        }
        return Collections.unmodifiableList(out);
    }

    /** Every event record, in event-time order: a heartbeat at each minute's :30, and i-1's termination. */
    public static List<byte[]> eventRecords() {
        List<byte[]> out = new ArrayList<>(END + 1);
        for (int m = 0; m < END; m++) {
            out.add(heartbeat(m));
            if (minuteStart(m) < TERMINATED_AT && TERMINATED_AT < minuteStart(m + 1)) {
                out.add(terminated());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Event time of each of {@link #eventRecords()}. */
    public static List<Long> eventTimes() {
        List<Long> out = new ArrayList<>(END + 1);
        for (int m = 0; m < END; m++) {
            out.add(minuteStart(m) + 30_000);
            if (minuteStart(m) < TERMINATED_AT && TERMINATED_AT < minuteStart(m + 1)) {
                out.add(TERMINATED_AT);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Event time of each of {@link #metricRecords()}: the minute's start. */
    public static List<Long> metricTimes() {
        List<Long> out = new ArrayList<>(END);
        for (int m = 0; m < END; m++) {
            out.add(minuteStart(m));
        }
        return Collections.unmodifiableList(out);
    }

    /** Event records before minute {@link #CUT}. */
    public static int eventsBeforeCut() {
        return CUT; // one heartbeat per minute; the termination comes later
    }

    private static byte[] heartbeat(int m) {
        return String.format(Locale.ROOT, "{\"version\":\"0\",\"id\":\"golden-heartbeat-%04d\",\"detail-type\":\"Vigil golden heartbeat\","
                        + "\"source\":\"vigil.golden\",\"account\":\"%s\",\"time\":\"%s\",\"region\":\"%s\",\"resources\":[],"
                        + "\"detail\":{\"minute\":%d}}\n", m, ACCOUNT, Instant.ofEpochMilli(minuteStart(m) + 30_000), REGION, m)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Auto Scaling replaced i-1. */
    public static byte[] terminated() {
        String i1 = instance(1);
        return ("{\"version\":\"0\",\"id\":\"golden-asg-terminate-1\",\"detail-type\":\"EC2 Instance Terminate Successful\","
                + "\"source\":\"aws.autoscaling\",\"account\":\"" + ACCOUNT + "\",\"time\":\"" + Instant.ofEpochMilli(TERMINATED_AT)
                + "\",\"region\":\"" + REGION + "\",\"resources\":[\"arn:aws:autoscaling:" + REGION + ":" + ACCOUNT
                + ":autoScalingGroup:0d6c1e0b-golden:autoScalingGroupName/" + ASG + "\",\"arn:aws:ec2:" + REGION + ":" + ACCOUNT
                + ":instance/" + i1 + "\"],\"detail\":{\"StatusCode\":\"InProgress\",\"Description\":\"Terminating EC2 instance: "
                + i1 + "\",\"AutoScalingGroupName\":\"" + ASG + "\",\"EC2InstanceId\":\"" + i1 + "\",\"Cause\":\"an EC2 health "
                + "check indicated it has been terminated or stopped\"}}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Where each instance sits (every member listed, so fleet sizes are known). */
    public static String topologySnapshot() {
        StringBuilder sb = new StringBuilder("{\"resources\": {\n");
        for (int n = 1; n <= INSTANCES; n++) {
            sb.append(String.format(Locale.ROOT, "  \"%s\": {\"availabilityZone\": \"%s\", \"autoScalingGroup\": \"%s\", "
                            + "\"targetGroups\": [\"%s\"], \"loadBalancer\": \"%s\", \"tags\": {\"vigil:managed\": \"true\"}}%s\n",
                    instance(n), zone(n), ASG, TARGET_GROUP, LOAD_BALANCER, n == INSTANCES ? "" : ","));
        }
        return sb.append("}}\n").toString();
    }

    /** SHA-256 of every record and the snapshot, in order: committed beside the golden files. */
    public static String sha256() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] r : metricRecords()) {
                sha.update(r);
            }
            for (byte[] r : eventRecords()) {
                sha.update(r);
            }
            sha.update(topologySnapshot().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : sha.digest()) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

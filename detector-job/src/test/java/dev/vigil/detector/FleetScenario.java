package dev.vigil.detector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A recorded incident for the topology tests: metric-stream records (one Kinesis record per
 * minute, one JSON line per datapoint, as Firehose writes them) for a fleet of ten instances in the
 * Auto Scaling group {@code web-asg} spread over three zones (4, 3, 3), and the topology snapshot
 * that says where each instance sits.
 */
public final class FleetScenario {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    public static final String GROUP = "web-asg";
    static final String TARGET_GROUP = "targetgroup/web/0123456789abcdef";
    static final String LOAD_BALANCER = "app/web-alb/fedcba9876543210";
    static final int SIZE = 10;
    /** A minute boundary (2026-11-22T10:00Z). */
    static final long T0 = 1_795_341_600_000L;

    private final int minutes;
    private final List<byte[]> records = new ArrayList<>();

    private FleetScenario(int minutes) {
        this.minutes = minutes;
    }

    static String instance(int i) {
        return String.format(Locale.ROOT, "i-0000000000000%04d", i);
    }

    static String zone(int i) {
        return i < 4 ? "us-east-1a" : i < 7 ? "us-east-1b" : "us-east-1c";
    }

    /** Zone of member {@code i} of a fleet of {@code size}: the ten-instance layout, or alternating over two zones. */
    static String zone(int i, int size) {
        return size == SIZE ? zone(i) : i % 2 == 0 ? "us-east-1a" : "us-east-1b";
    }

    /**
     * Every instance reports its system status check each minute; those in {@code failing} fail
     * it from {@code failFrom} to the end. With {@code latency}, each also reports an application
     * latency (namespace App) of about 100 ms, except {@code slow} at ten times that from {@code failFrom}.
     */
    public static FleetScenario statusChecks(int minutes, Set<Integer> failing, int failFrom) {
        return build(SIZE, minutes, failFrom, Integer.MAX_VALUE, failing::contains, -1);
    }

    /** A fleet of {@code size} whose {@code failing} members fail their status check in minutes [from, until) and then recover. */
    public static FleetScenario statusChecks(int size, int minutes, Set<Integer> failing, int from, int until) {
        return build(size, minutes, from, until, failing::contains, -1);
    }

    static FleetScenario latency(int minutes, int slow, int slowFrom) {
        return build(SIZE, minutes, slowFrom, Integer.MAX_VALUE, i -> false, slow);
    }

    private static FleetScenario build(int size, int minutes, int from, int until, IntPredicate failing, int slow) {
        FleetScenario s = new FleetScenario(minutes);
        for (int m = 0; m < minutes; m++) {
            long ts = T0 + m * 60_000L;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < size; i++) {
                double failed = failing.test(i) && m >= from && m < until ? 1 : 0;
                sb.append(line("AWS/EC2", "StatusCheckFailed_System", "{\"InstanceId\":\"" + instance(i) + "\"}", ts, failed, 1, "Count"));
                if (slow >= 0) {
                    // Healthy peers wobble a little around 100 ms; the slow one is ten times that.
                    double ms = i == slow && m >= from ? 1_000 : 95 + (i * 7 + m * 3) % 11;
                    sb.append(line("App", "Latency", "{\"AutoScalingGroupName\":\"" + GROUP + "\",\"InstanceId\":\"" + instance(i) + "\"}",
                            ts, ms, 60, "Milliseconds"));
                }
            }
            s.records.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return s;
    }

    private static String line(String ns, String metric, String dims, long ts, double avg, int count, String unit) {
        return String.format(Locale.ROOT, "{\"metric_stream_name\":\"vigil\",\"account_id\":\"%s\",\"region\":\"%s\","
                        + "\"namespace\":\"%s\",\"metric_name\":\"%s\",\"dimensions\":%s,\"timestamp\":%d,"
                        + "\"value\":{\"max\":%s,\"min\":%s,\"sum\":%s,\"count\":%d},\"unit\":\"%s\"}\n",
                ACCOUNT, REGION, ns, metric, dims, ts, avg, avg, avg * count, count, unit);
    }

    public List<byte[]> records() {
        return Collections.unmodifiableList(records);
    }

    int minutes() {
        return minutes;
    }

    /** Writes the topology snapshot of the fleet of ten and returns its path. */
    public static Path snapshot(Path dir) throws IOException {
        return snapshot(dir, SIZE);
    }

    /** Writes the topology snapshot of a fleet of {@code size} and returns its path. */
    public static Path snapshot(Path dir, int size) throws IOException {
        StringBuilder sb = new StringBuilder("{\"resources\": {\n");
        for (int i = 0; i < size; i++) {
            sb.append(String.format(Locale.ROOT, "  \"%s\": {\"availabilityZone\": \"%s\", \"autoScalingGroup\": \"%s\", "
                            + "\"targetGroups\": [\"arn:aws:elasticloadbalancing:%s:%s:%s\"], \"loadBalancer\": \"%s\", "
                            + "\"tags\": {\"vigil:managed\": \"true\"}}%s\n",
                    instance(i), zone(i, size), GROUP, REGION, ACCOUNT, TARGET_GROUP, LOAD_BALANCER, i == size - 1 ? "" : ","));
        }
        sb.append("}}\n");
        Path file = dir.resolve("topology.json");
        Files.writeString(file, sb.toString());
        return file;
    }
}

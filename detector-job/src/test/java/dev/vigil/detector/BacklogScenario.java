package dev.vigil.detector;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Hours of a region's metric stream and events, as they would sit in Kinesis after an outage of
 * the job: a few real incidents among many healthy instances. Metric records go to {@link #SHARDS}
 * of a stream's {@link #STREAM_SHARDS} shards, deliberately uneven (the fleets' shard carries twice
 * the lines of the others, two shards none), as partition keys make real streams; each record is
 * one minute of one shard's lines, as a relay writes a delivery.
 *
 * <p>Incidents, at fixed minutes from the start (the recording is at least {@link #MIN_MINUTES}):
 * <ul>
 *   <li>fleet 0 member 1 fails its system status check, minutes 60 to 75;</li>
 *   <li>standalone instance 0 runs at 97 % CPU, minutes 150 to 190;</li>
 *   <li>fleet 1 member 2 runs at 85 % CPU while its peers idle at 20 %, minutes 240 to 262 (a peer outlier);</li>
 *   <li>standalone instance 1 is stopped (EC2 state events) at minute 300 and running again at 315;</li>
 *   <li>fleet 0 member 3 fails its instance status check, minutes 330 to 345.</li>
 * </ul>
 */
final class BacklogScenario {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final int SHARDS = 4;
    /** The stream has more shards than carry data: a shard with nothing in it must hold nobody back. */
    static final int STREAM_SHARDS = 6;
    static final int MIN_MINUTES = 390;
    private static final long MINUTE = 60_000L;

    /** One Kinesis record: the partition key that puts it on its shard, its minute and its bytes. */
    static final class Entry {
        final String partitionKey;
        final int shard;
        final long minute;
        final byte[] data;

        Entry(String partitionKey, int shard, long minute, byte[] data) {
            this.partitionKey = partitionKey;
            this.shard = shard;
            this.minute = minute;
            this.data = data;
        }
    }

    final long t0;
    final int minutes;
    final int fleets;
    final int fleetSize;
    final int standalone;
    /** Metric records in the order they were written live: minute by minute, every shard. */
    final List<Entry> metrics = new ArrayList<>();
    final List<byte[]> events = new ArrayList<>();
    long datapoints;

    private BacklogScenario(long t0, int minutes, int fleets, int fleetSize, int standalone) {
        this.t0 = t0;
        this.minutes = minutes;
        this.fleets = fleets;
        this.fleetSize = fleetSize;
        this.standalone = standalone;
    }

    /**
     * A recording of {@code minutes} ending a minute before {@code endMs} (so that every
     * datapoint is in the past, the oldest {@code minutes} old).
     */
    static BacklogScenario generate(long endMs, int minutes, int fleets, int fleetSize, int standalone, long seed) {
        if (minutes < MIN_MINUTES || fleets < 2 || fleetSize < 5 || standalone < 2) {
            throw new IllegalArgumentException("the incidents need 390 minutes, 2 fleets of 5 and 2 standalone instances");
        }
        long end = endMs - Math.floorMod(endMs, MINUTE) - MINUTE;
        BacklogScenario s = new BacklogScenario(end - (minutes - 1) * MINUTE, minutes, fleets, fleetSize, standalone);
        Random random = new Random(seed);
        String[] keys = shardKeys();
        for (int m = 0; m < minutes; m++) {
            long ts = s.t0 + m * MINUTE;
            StringBuilder[] shard = new StringBuilder[SHARDS];
            for (int k = 0; k < SHARDS; k++) {
                shard[k] = new StringBuilder();
            }
            for (int f = 0; f < fleets; f++) {
                for (int i = 0; i < fleetSize; i++) {
                    double cpu = f == 1 && i == 2 && m >= 240 && m < 262 ? 85 : healthyCpu(random, m);
                    double system = f == 0 && i == 1 && m >= 60 && m < 75 ? 1 : 0;
                    double inst = f == 0 && i == 3 && m >= 330 && m < 345 ? 1 : 0;
                    s.instanceLines(shard[0], fleetMember(f, i), ts, cpu, system, inst);
                }
            }
            for (int i = 0; i < standalone; i++) {
                double cpu = i == 0 && m >= 150 && m < 190 ? 97 : healthyCpu(random, m);
                if (i == 1 && m >= 300 && m < 315) {
                    continue; // stopped: a stopped instance sends no metrics
                }
                s.instanceLines(shard[1 + i % (SHARDS - 1)], standaloneInstance(i), ts, cpu, 0, 0);
            }
            for (int k = 0; k < SHARDS; k++) {
                if (shard[k].length() > 0) {
                    s.metrics.add(new Entry(keys[k], k, ts, shard[k].toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        s.events.add(ec2State("backlog-boot", standaloneInstance(2), "running", s.t0 + 5 * MINUTE + 1_000));
        s.events.add(ec2State("backlog-stop", standaloneInstance(1), "stopping", s.t0 + 300 * MINUTE + 5_000));
        s.events.add(ec2State("backlog-stopped", standaloneInstance(1), "stopped", s.t0 + 301 * MINUTE + 10_000));
        s.events.add(ec2State("backlog-running", standaloneInstance(1), "running", s.t0 + 315 * MINUTE + 2_000));
        return s;
    }

    /** Healthy load: 15 to 35 % with a slow swing and noise. */
    private static double healthyCpu(Random random, int minute) {
        return Math.round((25 + 6 * Math.sin(minute / 30.0) + random.nextGaussian() * 2) * 1000) / 1000.0;
    }

    private void instanceLines(StringBuilder sb, String instance, long ts, double cpu, double system, double inst) {
        String dims = "{\"InstanceId\":\"" + instance + "\"}";
        sb.append(line("CPUUtilization", dims, ts, cpu, "Percent"));
        sb.append(line("StatusCheckFailed_System", dims, ts, system, "Count"));
        sb.append(line("StatusCheckFailed_Instance", dims, ts, inst, "Count"));
        datapoints += 3;
    }

    static String fleetMember(int fleet, int i) {
        return String.format(Locale.ROOT, "i-0f%02d00000000%04d", fleet, i);
    }

    static String standaloneInstance(int i) {
        return String.format(Locale.ROOT, "i-0e0000000000%05d", i);
    }

    static String group(int fleet) {
        return "backlog-asg-" + fleet;
    }

    /** The last minute of the recording. */
    long lastMinute() {
        return t0 + (minutes - 1) * MINUTE;
    }

    /** Metric record bytes in live order. */
    List<byte[]> metricRecords() {
        List<byte[]> out = new ArrayList<>();
        for (Entry e : metrics) {
            out.add(e.data);
        }
        return out;
    }

    List<String> metricKeys() {
        List<String> out = new ArrayList<>();
        for (Entry e : metrics) {
            out.add(e.partitionKey);
        }
        return out;
    }

    /** The fleets' Auto Scaling groups and zones, for the peer rule and the correlation. */
    Path snapshot(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("{\"resources\": {\n");
        String sep = "";
        for (int f = 0; f < fleets; f++) {
            for (int i = 0; i < fleetSize; i++) {
                sb.append(sep).append(String.format(Locale.ROOT, "  \"%s\": {\"availabilityZone\": \"us-east-1%s\", "
                                + "\"autoScalingGroup\": \"%s\", \"tags\": {\"vigil:managed\": \"true\"}}",
                        fleetMember(f, i), i % 2 == 0 ? "a" : "b", group(f)));
                sep = ",\n";
            }
        }
        sb.append("\n}}\n");
        Path file = dir.resolve("backlog-topology.json");
        Files.writeString(file, sb.toString());
        return file;
    }

    private static String line(String metric, String dims, long ts, double v, String unit) {
        return String.format(Locale.ROOT, "{\"metric_stream_name\":\"vigil\",\"account_id\":\"%s\",\"region\":\"%s\","
                        + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"%s\",\"dimensions\":%s,\"timestamp\":%d,"
                        + "\"value\":{\"max\":%s,\"min\":%s,\"sum\":%s,\"count\":1},\"unit\":\"%s\"}\n",
                ACCOUNT, REGION, metric, dims, ts, v, v, v, unit);
    }

    private static byte[] ec2State(String id, String instance, String state, long time) {
        return String.format(Locale.ROOT, "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"EC2 Instance State-change "
                        + "Notification\",\"source\":\"aws.ec2\",\"account\":\"%s\",\"time\":\"%s\",\"region\":\"%s\","
                        + "\"resources\":[\"arn:aws:ec2:%s:%s:instance/%s\"],\"detail\":{\"instance-id\":\"%s\",\"state\":\"%s\"}}",
                id, ACCOUNT, Instant.ofEpochMilli(time), REGION, REGION, ACCOUNT, instance, instance, state)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A partition key for each shard of a stream of {@link #STREAM_SHARDS} evenly split shards:
     * Kinesis puts a record on the shard whose hash key range holds the MD5 of its partition key.
     */
    static String[] shardKeys() {
        String[] keys = new String[STREAM_SHARDS];
        BigInteger range = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(STREAM_SHARDS));
        for (int n = 0, found = 0; found < STREAM_SHARDS; n++) {
            String key = "shard-key-" + n;
            int shard = new BigInteger(1, md5(key)).divide(range).min(BigInteger.valueOf(STREAM_SHARDS - 1)).intValue();
            if (keys[shard] == null) {
                keys[shard] = key;
                found++;
            }
        }
        return keys;
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

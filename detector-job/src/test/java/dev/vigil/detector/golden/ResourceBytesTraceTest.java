package dev.vigil.detector.golden;

import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.series.Placement;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.golden.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource state's bytes, step by step, are what the codec wrote before series were left as
 * their bytes between two reads (issue 21; commit 3b1cc0b, main's codec, wrote the trace): every
 * step reads the resource from the bytes the previous step wrote, as the keyed function does, does
 * what the function does with a datapoint (place it, close what its data completes) or a timer
 * (advance, forget if silent, expire), or nothing at all (read and written back untouched), and
 * writes it. The trace holds a digest of each step's bytes, next evaluation time, impairments and
 * evaluations; a step whose digest differs is reported with what it did.
 *
 * <p>Three runs: a generated fleet (instances and target groups, threshold, ratio and anomaly
 * series, breaching episodes, silences long enough to go dormant and expire, late and duplicate
 * datapoints) under the golden rules, then under rules edited in ways that keep each series'
 * shape (a different N, M, threshold: the series stay as bytes only where reading would not
 * change them), and the golden v1 and layout-3 resources (layouts 2 and 3, read through the
 * reader's evolution path, written as layout 4, then read lazily) fed the rest of the golden
 * scenario. {@code -Dvigil.trace.write=FILE} writes the trace instead of comparing it.
 */
class ResourceBytesTraceTest {
    private static final String TRACE = "/state/layout4-trace/trace.txt";
    private static final String ACCOUNT = GoldenV1Scenario.ACCOUNT;
    private static final String REGION = GoldenV1Scenario.REGION;
    private static final long T0 = GoldenV1Scenario.T0;
    private static final long MINUTE = 60_000L;
    private static final long RETENTION_MS = 20 * MINUTE;

    @Test
    void everyStepWritesTheBytesTheCodecWroteBefore() throws Exception {
        List<String> trace = new ArrayList<>();
        fleet(GoldenDrivers.RULES, 21, trace);
        RuleSet edited = RuleSet.parse(new ByteArrayInputStream(EditedRules.golden()
                .set("ec2-status-check-system", "evaluationPeriods", "4")
                .set("ec2-status-check-instance", "datapointsToAlarm", "2")
                .set("alb-target-5xx-ratio", "evaluationPeriods", "3")
                .set("alb-target-5xx-ratio", "datapointsToAlarm", "2")
                .set("alb-unhealthy-hosts", "threshold", "2")
                .set("ec2-cpu-high", "threshold", "85")
                .yaml().getBytes(StandardCharsets.UTF_8)), "edited.yaml");
        fleet(edited, 22, trace);
        golden(trace);

        String write = System.getProperty("vigil.trace.write");
        if (write != null) {
            Files.write(Paths.get(write), String.join("\n", digests(trace)).concat("\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<String> expected = readTrace();
        assertThat(trace).hasSizeGreaterThan(5_000);
        List<String> actual = digests(trace);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                throw new AssertionError("step " + i + " differs from the codec before: " + trace.get(i));
            }
        }
    }

    /** A generated fleet over {@code minutes}, driven as ResourceDetectorFunction drives it. */
    private static void fleet(RuleSet rules, long seed, List<String> trace) throws IOException {
        Random random = new Random(seed);
        Keyed keyed = new Keyed(rules, trace);
        int instances = 8;
        int groups = 4;
        int minutes = 110;
        for (int m = 0; m < minutes; m++) {
            List<MetricDatapoint> dps = new ArrayList<>();
            for (int n = 0; n < instances; n++) {
                // instance 7 stops at minute 40 for good (dormant, forgotten, expired), 6 pauses 30 minutes
                if ((n == 7 && m >= 40) || (n == 6 && m >= 50 && m < 80)) {
                    continue;
                }
                String id = GoldenV1Scenario.instance(100 + n);
                boolean failing = (m / 9 + n) % 5 == 0;
                maybe(random, dps, dp(m, random, "AWS/EC2", "StatusCheckFailed_System", failing ? 1 : 0, "InstanceId", id));
                maybe(random, dps, dp(m, random, "AWS/EC2", "StatusCheckFailed_Instance", failing && n % 2 == 0 ? 1 : 0, "InstanceId", id));
                maybe(random, dps, dp(m, random, "AWS/EC2", "CPUUtilization", failing ? 95 + random.nextDouble() * 5
                        : 10 + random.nextDouble() * 60, "InstanceId", id));
            }
            for (int g = 0; g < groups; g++) {
                if (g == 3 && m >= 30 && m < 70) {
                    continue;
                }
                String lb = "app/trace-alb/0a1b2c3d4e5f6a7" + g;
                String tg = "targetgroup/trace-" + g + "/5e1f0a2b3c4d5e6" + g;
                boolean failing = (m / 11 + g) % 4 == 0;
                long requests = 100 + random.nextInt(900);
                maybe(random, dps, dp(m, random, "AWS/ApplicationELB", "RequestCount", requests, "LoadBalancer", lb, "TargetGroup", tg));
                if (failing || random.nextInt(3) == 0) {
                    maybe(random, dps, dp(m, random, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
                            failing ? requests / 5 : random.nextInt(3), "LoadBalancer", lb, "TargetGroup", tg));
                }
                maybe(random, dps, dp(m, random, "AWS/ApplicationELB", "TargetResponseTime",
                        (failing ? 2.0 : 0.2) + random.nextGaussian() * 0.03, "LoadBalancer", lb, "TargetGroup", tg));
                maybe(random, dps, dp(m, random, "AWS/ApplicationELB", "UnHealthyHostCount", failing ? 1 + random.nextInt(3) : 0,
                        "LoadBalancer", lb, "TargetGroup", tg));
            }
            Collections.shuffle(dps, random);
            for (MetricDatapoint dp : dps) {
                keyed.datapoint(dp, 30_000);
                if (random.nextInt(20) == 0) {
                    keyed.untouched(random);
                }
            }
        }
        keyed.finish();
    }

    /** Adds the datapoint, most of the time; now and then a second time (a redelivery) or late. */
    private static void maybe(Random random, List<MetricDatapoint> dps, MetricDatapoint dp) {
        int r = random.nextInt(100);
        if (r < 8) {
            return; // missing
        }
        if (r < 11) {
            dps.add(dp); // duplicate
        } else if (r < 14) {
            dps.add(late(dp, 1 + random.nextInt(6)));
            return;
        }
        dps.add(dp);
    }

    private static MetricDatapoint late(MetricDatapoint dp, int minutes) {
        return rebuild(dp, dp.getTimestamp() - minutes * MINUTE);
    }

    private static MetricDatapoint rebuild(MetricDatapoint dp, long ts) {
        MetricDatapoint.Builder b = MetricDatapoint.builder().account(dp.getAccount()).region(dp.getRegion())
                .namespace(dp.getNamespace()).metricName(dp.getMetricName()).timestamp(ts);
        dp.getStatistics().forEach(b::statistic);
        dp.getDimensions().forEach(b::dimension);
        return b.build();
    }

    private static MetricDatapoint dp(int m, Random random, String namespace, String metric, double value, String... dims) {
        long ts = T0 + m * MINUTE + random.nextInt(60) * 1_000L;
        MetricDatapoint.Builder b = MetricDatapoint.builder().account(ACCOUNT).region(REGION)
                .namespace(namespace).metricName(metric).timestamp(ts)
                .statistic("max", value).statistic("min", value).statistic("sum", value).statistic("count", 1);
        for (int i = 0; i < dims.length; i += 2) {
            b.dimension(dims[i], dims[i + 1]);
        }
        return b.build();
    }

    /** The golden v1 (layout 2) and layout-3 resources, read, written as layout 4 and fed the rest of the scenario. */
    private static void golden(List<String> trace) throws IOException {
        String[][] files = {
                {"v1/resource-instance.bin", GoldenV1Scenario.instance(1)},
                {"v1/resource-target-group.bin", GoldenV1Scenario.TARGET_GROUP},
        };
        for (String[] f : files) {
            for (byte[] bytes : new byte[][] {GoldenFiles.read(f[0]), layout3(f[0])}) {
                Keyed keyed = new Keyed(GoldenDrivers.RULES, trace);
                String key = GoldenDrivers.keyOf(f[1]);
                keyed.state.put(key, bytes);
                keyed.timers.put(key, GoldenDrivers.watermark(GoldenV1Scenario.CUT));
                keyed.untouched(key);
                keyed.untouched(key);
                for (int m = GoldenV1Scenario.CUT; m < GoldenV1Scenario.END; m++) {
                    for (MetricDatapoint dp : GoldenDrivers.datapoints(m)) {
                        keyed.only = key;
                        keyed.datapoint(dp, 30_001);
                    }
                }
                keyed.finish();
            }
        }
    }

    private static byte[] layout3(String golden) {
        String name = "/state/layout3/" + golden.substring(golden.indexOf('/') + 1);
        try (InputStream in = ResourceBytesTraceTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readTrace() throws IOException {
        try (InputStream in = ResourceBytesTraceTest.class.getResourceAsStream(TRACE)) {
            assertThat(in).as(TRACE).isNotNull();
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    private static List<String> digests(List<String> trace) {
        List<String> out = new ArrayList<>(trace.size());
        for (String step : trace) {
            out.add(step.substring(step.lastIndexOf(' ') + 1));
        }
        return out;
    }

    /** The keyed state of one operator: bytes and one event-time timer per key. */
    private static final class Keyed {
        final RuleSet rules;
        final RuleMatcher matcher;
        final List<String> trace;
        final Map<String, byte[]> state = new HashMap<>();
        final Map<String, Long> timers = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        long emitTime;
        /** When set, the only key datapoints are routed to. */
        String only;

        Keyed(RuleSet rules, List<String> trace) {
            this.rules = rules;
            this.matcher = new RuleMatcher(rules);
            this.trace = trace;
        }

        void datapoint(MetricDatapoint dp, long outOfOrdernessMs) throws IOException {
            Set<String> keys = new LinkedHashSet<>();
            matcher.forEachMatch(dp, (rule, role, id) -> keys.add(ResourceKey.key(dp.getAccount(), dp.getRegion(), id)));
            for (String key : keys) {
                if (only == null || only.equals(key)) {
                    element(key, dp);
                }
            }
            long wm = dp.getTimestamp() - outOfOrdernessMs;
            if (wm > watermark) {
                watermark = wm;
                fire();
            }
        }

        private void element(String key, MetricDatapoint dp) throws IOException {
            Step step = new Step("dp " + key + " " + dp.getMetricName() + "@" + dp.getTimestamp());
            byte[] bytes = state.get(key);
            ResourceDetector d = bytes == null ? new ResourceDetector(ResourceKey.parse(key), null) : read(key, bytes);
            long armed = bytes == null ? Long.MIN_VALUE : d.nextEvaluationTime();
            step.add("armed", armed);
            int[] placed = new int[3];
            String resourceId = d.resourceId();
            matcher.forEachMatch(dp, (rule, role, id) -> {
                if (id.equals(resourceId)) {
                    placed[d.accept(rule, role, dp).ordinal()]++;
                }
            });
            step.add("placed", placed[0] + "," + placed[1] + "," + placed[2]);
            if (placed[Placement.DUPLICATE.ordinal()] > 0 && placed[Placement.ACCEPTED.ordinal()] == 0) {
                trace.add(step.done());
                return;
            }
            if (placed[Placement.LATE.ordinal()] == 0) {
                step.impairments(d.closeCompleted(++emitTime, step));
            }
            store(key, d, step);
        }

        /** A resource read and written back with nothing done to it. */
        void untouched(Random random) throws IOException {
            if (state.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(new java.util.TreeSet<>(state.keySet()));
            untouched(keys.get(random.nextInt(keys.size())));
        }

        void untouched(String key) throws IOException {
            Step step = new Step("untouched " + key);
            store(key, read(key, state.get(key)), step);
        }

        private void fire() throws IOException {
            List<String> due = new ArrayList<>();
            timers.forEach((key, time) -> {
                if (time <= watermark) {
                    due.add(key);
                }
            });
            for (String key : due) {
                timers.remove(key);
                Step step = new Step("timer " + key + " at " + watermark);
                ResourceDetector d = read(key, state.get(key));
                step.impairments(d.advance(watermark, ++emitTime, step));
                step.impairments(d.forgetIfSilent(watermark, RETENTION_MS, ++emitTime));
                if (d.expire(watermark, RETENTION_MS)) {
                    state.remove(key);
                    trace.add(step.done());
                    continue;
                }
                store(key, d, step);
            }
        }

        /** The end of the input: every timer fires. */
        void finish() throws IOException {
            watermark = Long.MAX_VALUE - 1;
            fire();
        }

        private void store(String key, ResourceDetector d, Step step) throws IOException {
            byte[] bytes = GoldenDrivers.bytesOf(d);
            state.put(key, bytes);
            long next = d.nextEvaluationTime();
            step.add("next", next);
            step.add("bytes", java.util.Base64.getEncoder().encodeToString(bytes));
            timers.remove(key);
            if (next != Long.MAX_VALUE) {
                timers.put(key, next);
            } else if (d.quietSince() != Long.MIN_VALUE) {
                timers.put(key, d.quietSince() + RETENTION_MS);
            }
            trace.add(step.done());
        }

        private ResourceDetector read(String key, byte[] bytes) throws IOException {
            return ResourceDetector.readFrom(ResourceKey.parse(key), rules, bytes, null);
        }
    }

    /** What one step did and gave, digested. */
    private static final class Step implements ResourceDetector.EvaluationListener {
        private final String what;
        private final StringBuilder out = new StringBuilder();

        Step(String what) {
            this.what = what;
        }

        void add(String name, Object value) {
            out.append(name).append('=').append(value).append('\n');
        }

        void impairments(List<Impairment> impairments) {
            for (Impairment i : impairments) {
                add("impairment", new String(Json.toBytes(i), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void evaluated(String resourceId, String ruleId, dev.vigil.detector.series.Evaluation e) {
            add("evaluated", resourceId + "|" + ruleId + "|" + e.periodStartMs() + "|" + e.value() + "|" + e.state()
                    + "|" + e.verdict().score() + "|" + e.verdict().threshold() + "|" + e.verdict().lowerBound()
                    + "|" + e.verdict().upperBound());
        }

        String done() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder(what).append(' ');
                for (int i = 0; i < 10; i++) {
                    hex.append(String.format("%02x", digest[i]));
                }
                return hex.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

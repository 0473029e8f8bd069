package dev.vigil.detector.resource;

import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resource read from layout-4 bytes keeps the series a datapoint does not touch as their bytes
 * ({@link StoredSeries}); what it writes, evaluates and asks for a timer must be what the same
 * resource does with every series decoded, as the codec did before: the same bytes, byte for byte.
 */
class StoredSeriesTest {
    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final long T0 = 1767571200000L;
    private static final long MINUTE = 60_000;

    /** The default rules with other M of N (the masks a read trims) and another anomaly threshold. */
    private static final RuleSet EDITED = edited();

    @Test
    void untouchedResourceWritesBackItsBytes() throws IOException {
        // Given every state a run of generated resources goes through
        int stored = 0;
        for (byte[] bytes : states(RULES, 40, 7)) {
            ResourceKey key = keyOf(bytes);
            // When it is read and written back with nothing done to it
            ResourceDetector lazy = ResourceDetector.readFrom(key, RULES, bytes, null);
            stored += storedCount(lazy);
            // Then the bytes are the same, and the same as decoding every series gives
            assertArrayEquals(bytes, write(lazy));
            assertArrayEquals(bytes, write(decoded(key, RULES, bytes)));
        }
        assertTrue(stored > 1000, "series kept as bytes: " + stored);
    }

    @Test
    void datapointOnAStoredResourceDoesWhatTheDecodedOneDoes() throws IOException {
        compareSteps(RULES, RULES, 40, 11);
    }

    @Test
    void underEditedRulesTheStoredResourceDoesWhatTheDecodedOneDoes() throws IOException {
        // States written under the default rules, read under rules with other M of N
        compareSteps(RULES, EDITED, 30, 13);
    }

    @Test
    void goldenStatesReadAndWrittenAsBefore() throws IOException {
        // Layouts 2 and 3 read as before; once written as layout 4, read back both ways
        String[] files = {"/golden/v1/resource-instance.bin", "/golden/v1/resource-target-group.bin",
                "/state/layout3/resource-instance.bin", "/state/layout3/resource-target-group.bin",
                "/state/legacy-anomaly/resource-tg-default-rules.bin", "/state/series-v1/instance.bin",
                "/state/series-v1/target-group.bin"};
        for (String file : files) {
            byte[] old;
            try (InputStream in = StoredSeriesTest.class.getResourceAsStream(file)) {
                old = in.readAllBytes();
            }
            for (ResourceKey key : new ResourceKey[] {ResourceKey.of("123456789012", "us-east-1", "i-0c1d0000000000001"),
                    ResourceKey.of("123456789012", "us-east-1", "targetgroup/golden-web/5e1f0a2b3c4d5e6f"),
                    ResourceKey.of(TestEvents.ACCOUNT, TestEvents.REGION, "x")}) {
                byte[] layout4;
                try {
                    layout4 = write(ResourceDetector.readFrom(key, RULES, old, null));
                } catch (IOException unreadableUnderThisKey) {
                    continue;
                }
                assertEquals(4, layout4[0]);
                assertArrayEquals(layout4, write(ResourceDetector.readFrom(key, RULES, layout4, null)), file);
                assertArrayEquals(layout4, write(decoded(key, RULES, layout4)), file);
            }
        }
    }

    @Test
    void stateOutputAndInputAreDataStreamsBytes() throws IOException {
        Random rnd = new Random(3);
        for (int round = 0; round < 200; round++) {
            StateOutput mine = new StateOutput(1);
            ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            DataOutputStream ref = new DataOutputStream(theirs);
            List<Object> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int op = rnd.nextInt(8);
                long v = rnd.nextLong();
                switch (op) {
                    case 0: mine.writeByte((int) v); ref.writeByte((int) v); written.add((byte) v); break;
                    case 1: mine.writeShort((int) v); ref.writeShort((int) v); written.add((short) v); break;
                    case 2: mine.writeInt((int) v); ref.writeInt((int) v); written.add((int) v); break;
                    case 3: mine.writeLong(v); ref.writeLong(v); written.add(v); break;
                    case 4: {
                        double d = rnd.nextBoolean() ? Double.longBitsToDouble(v) : Double.NaN;
                        mine.writeDouble(d); ref.writeDouble(d); written.add(Double.doubleToLongBits(d));
                        break;
                    }
                    case 5: {
                        float f = Float.intBitsToFloat((int) v);
                        mine.writeFloat(f); ref.writeFloat(f); written.add(Float.floatToIntBits(f));
                        break;
                    }
                    case 6: {
                        String s = "réseau-" + (char) (rnd.nextInt(0xD000) + 1) + "\u0000x" + v;
                        mine.writeUTF(s); ref.writeUTF(s); written.add(s);
                        break;
                    }
                    default: mine.writeBoolean(v > 0); ref.writeBoolean(v > 0); written.add(v > 0);
                }
            }
            byte[] expected = theirs.toByteArray();
            assertArrayEquals(expected, java.util.Arrays.copyOf(mine.buffer(), mine.size()));
            StateInput in = new StateInput(expected, 0, expected.length);
            DataInputStream back = new DataInputStream(new ByteArrayInputStream(expected));
            for (Object w : written) {
                if (w instanceof Byte) {
                    assertEquals(back.readByte(), in.readByte());
                } else if (w instanceof Short) {
                    assertEquals(back.readShort(), in.readShort());
                } else if (w instanceof Integer) {
                    assertEquals(back.readInt(), in.readInt());
                } else if (w instanceof Long) {
                    assertEquals(back.readLong(), in.readLong());
                } else if (w instanceof String) {
                    assertEquals(back.readUTF(), in.readUTF());
                } else {
                    assertEquals(back.readBoolean(), in.readBoolean());
                }
            }
            assertEquals(0, in.available());
            assertThrowsEof(in);
        }
    }

    private static void assertThrowsEof(StateInput in) {
        try {
            in.readLong();
            throw new AssertionError("read past the end");
        } catch (java.io.EOFException expected) {
            // as DataInputStream
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Drives generated resources under {@code written}; at every datapoint the state is read under
     * {@code read} twice, one copy left lazy and one with every series decoded, and the function's
     * step (timer asked, datapoint placed, completed periods evaluated, bytes written, timer asked
     * again, sometimes a watermark timer) run on both: everything they say must be the same.
     */
    private static void compareSteps(RuleSet written, RuleSet read, int resources, long seed) throws IOException {
        RuleMatcher matcher = new RuleMatcher(read);
        int steps = 0;
        int kept = 0;
        int refused = 0;
        for (Scenario s : scenarios(resources, seed)) {
            ResourceDetector live = new ResourceDetector(s.key, null);
            RuleMatcher writer = new RuleMatcher(written);
            for (int i = 0; i < s.datapoints.size(); i++) {
                MetricDatapoint dp = s.datapoints.get(i);
                byte[] bytes = write(live);
                ResourceDetector lazy = live.seriesCount() == 0 ? new ResourceDetector(s.key, null)
                        : ResourceDetector.readFrom(s.key, read, bytes, null);
                ResourceDetector eager = live.seriesCount() == 0 ? new ResourceDetector(s.key, null) : decoded(s.key, read, bytes);
                int decodedOnRead = lazy.seriesCount() - storedCount(lazy);
                refused += decodedOnRead;
                kept += storedCount(lazy);
                String a = step(lazy, matcher, dp, s.timerAt.get(i));
                String b = step(eager, matcher, dp, s.timerAt.get(i));
                assertEquals(b, a, s.key + " datapoint " + i);
                assertArrayEquals(write(eager), write(lazy), s.key + " datapoint " + i);
                steps++;
                // The run goes on under the rules it was written under.
                placeAll(live, writer, dp);
                live.closeCompleted(0, null);
                if (s.timerAt.get(i) != Long.MIN_VALUE) {
                    live.advance(s.timerAt.get(i), 0, null);
                    live.expire(s.timerAt.get(i), 3_600_000L);
                }
            }
        }
        assertTrue(steps > 1000, "steps: " + steps);
        assertTrue(kept > steps, "series kept as bytes: " + kept);
        if (written == read) {
            // What the codec wrote under the same rules is what it would write again: every series stays bytes.
            assertEquals(0, refused, "series decoded on read");
        } else {
            // A shorter M of N trims the window on read: those series are decoded, as before.
            assertTrue(refused > 100, "series decoded on read: " + refused);
        }
    }

    private static String step(ResourceDetector d, RuleMatcher matcher, MetricDatapoint dp, long timer) throws IOException {
        StringBuilder said = new StringBuilder();
        said.append(d.seriesCount() == 0 ? Long.MIN_VALUE : d.nextEvaluationTime()).append(' ');
        said.append(placeAll(d, matcher, dp)).append(' ');
        said.append(impairments(d.closeCompleted(5, null))).append(' ');
        said.append(d.nextEvaluationTime()).append(' ').append(d.quietSince()).append(' ').append(d.isImpaired());
        if (timer != Long.MIN_VALUE) {
            said.append(impairments(d.advance(timer, 6, null)));
            said.append(impairments(d.forgetIfSilent(timer, 3_600_000L, 7)));
            said.append(d.expire(timer, 3_600_000L)).append(' ').append(d.nextEvaluationTime());
        }
        return said.toString();
    }

    private static String placeAll(ResourceDetector d, RuleMatcher matcher, MetricDatapoint dp) {
        StringBuilder placed = new StringBuilder();
        matcher.forEachMatch(dp, (rule, role, id) -> {
            if (id.equals(d.resourceId())) {
                placed.append(d.accept(rule, role, dp));
            }
        });
        return placed.toString();
    }

    private static String impairments(List<Impairment> list) {
        StringBuilder sb = new StringBuilder("[");
        for (Impairment i : list) {
            sb.append(new String(dev.vigil.schemas.Json.toBytes(i), StandardCharsets.UTF_8)).append(';');
        }
        return sb.append(']').toString();
    }

    /** The state as the codec read it before: every series decoded. */
    private static ResourceDetector decoded(ResourceKey key, RuleSet rules, byte[] bytes) throws IOException {
        ResourceDetector d = ResourceDetector.readFrom(key, rules, bytes, null);
        for (WatchedSeries s : d.series()) {
            s.evaluator();
        }
        return d;
    }

    private static int storedCount(ResourceDetector d) {
        int n = 0;
        for (WatchedSeries s : d.series()) {
            n += s.stored() != null ? 1 : 0;
        }
        return n;
    }

    static byte[] write(ResourceDetector d) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        d.writeTo(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static final java.util.Map<byte[], ResourceKey> KEYS = new java.util.IdentityHashMap<>();

    private static ResourceKey keyOf(byte[] bytes) {
        return KEYS.get(bytes);
    }

    /** Every state the generated resources are written as, one per datapoint. */
    private static List<byte[]> states(RuleSet rules, int resources, long seed) throws IOException {
        RuleMatcher matcher = new RuleMatcher(rules);
        List<byte[]> out = new ArrayList<>();
        for (Scenario s : scenarios(resources, seed)) {
            ResourceDetector d = new ResourceDetector(s.key, null);
            for (int i = 0; i < s.datapoints.size(); i++) {
                placeAll(d, matcher, s.datapoints.get(i));
                d.closeCompleted(0, null);
                if (s.timerAt.get(i) != Long.MIN_VALUE) {
                    d.advance(s.timerAt.get(i), 0, null);
                    d.forgetIfSilent(s.timerAt.get(i), 3_600_000L, 0);
                    d.expire(s.timerAt.get(i), 3_600_000L);
                }
                byte[] bytes = write(d);
                KEYS.put(bytes, s.key);
                out.add(bytes);
            }
        }
        return out;
    }

    /** One resource's datapoints (and where a watermark timer fires), generated. */
    private static final class Scenario {
        final ResourceKey key;
        final List<MetricDatapoint> datapoints = new ArrayList<>();
        /** Per datapoint, the watermark of a timer firing after it, or Long.MIN_VALUE. */
        final List<Long> timerAt = new ArrayList<>();

        Scenario(ResourceKey key) {
            this.key = key;
        }
    }

    /**
     * Instances (CPU, both status checks) and target groups (response time, requests, 5xx,
     * unhealthy hosts): minutes with every series, minutes with some missing, silences long enough
     * to go dormant, breaches, duplicates, late datapoints and watermark timers, at random.
     */
    private static List<Scenario> scenarios(int resources, long seed) {
        Random rnd = new Random(seed);
        List<Scenario> out = new ArrayList<>();
        for (int r = 0; r < resources; r++) {
            boolean instance = r % 2 == 0;
            String id = instance ? "i-0" + Integer.toHexString(0x1000 + r) : "targetgroup/tg-" + r + "/abc";
            Scenario s = new Scenario(ResourceKey.of(TestEvents.ACCOUNT, TestEvents.REGION, id));
            int minutes = 20 + rnd.nextInt(30);
            boolean breaching = false;
            long previous = Long.MIN_VALUE;
            for (int m = 0; m < minutes; m++) {
                if (rnd.nextInt(15) == 0) {
                    m += 5 + rnd.nextInt(30); // a silence
                }
                if (rnd.nextInt(6) == 0) {
                    breaching = !breaching;
                }
                long ts = T0 + m * MINUTE;
                List<MetricDatapoint> minute = new ArrayList<>();
                if (instance) {
                    maybe(rnd, minute, dp("AWS/EC2", "CPUUtilization", ts, breaching ? 97 : 30 + rnd.nextInt(20), id));
                    maybe(rnd, minute, dp("AWS/EC2", "StatusCheckFailed_System", ts, breaching ? 1 : 0, id));
                    maybe(rnd, minute, dp("AWS/EC2", "StatusCheckFailed_Instance", ts, rnd.nextInt(10) == 0 ? 1 : 0, id));
                } else {
                    double requests = 100 + rnd.nextInt(50);
                    maybe(rnd, minute, tg("TargetResponseTime", ts, breaching ? 2.5 : 0.08 + rnd.nextGaussian() * 0.005, requests, id));
                    maybe(rnd, minute, tg("RequestCount", ts, requests, 1, id));
                    if (breaching || rnd.nextInt(4) == 0) {
                        maybe(rnd, minute, tg("HTTPCode_Target_5XX_Count", ts, requests * (breaching ? 0.3 : 0.01), 1, id));
                    }
                    maybe(rnd, minute, tg("UnHealthyHostCount", ts, breaching && rnd.nextBoolean() ? 2 : 0, 1, id));
                }
                java.util.Collections.shuffle(minute, rnd);
                for (MetricDatapoint dp : minute) {
                    add(s, dp, Long.MIN_VALUE);
                    if (rnd.nextInt(20) == 0) {
                        add(s, dp, Long.MIN_VALUE); // redelivered
                    }
                }
                if (previous != Long.MIN_VALUE && rnd.nextInt(10) == 0 && !minute.isEmpty()) {
                    // late: a datapoint of minutes ago
                    MetricDatapoint late = minute.get(0);
                    MetricDatapoint.Builder b = MetricDatapoint.builder().account(late.getAccount()).region(late.getRegion())
                            .namespace(late.getNamespace()).metricName(late.getMetricName()).timestamp(previous - 3 * MINUTE)
                            .statistic("max", 1).statistic("min", 1).statistic("sum", 1).statistic("count", 1);
                    for (int k = 0; k < late.dimensionCount(); k++) {
                        b.dimension(late.dimensionName(k), late.dimensionValue(k));
                    }
                    add(s, b.build(), Long.MIN_VALUE);
                }
                if (!s.timerAt.isEmpty() && rnd.nextInt(3) == 0) {
                    s.timerAt.set(s.timerAt.size() - 1, ts + MINUTE - 1 - rnd.nextInt(2) * MINUTE);
                }
                previous = ts;
            }
            out.add(s);
        }
        return out;
    }

    private static void add(Scenario s, MetricDatapoint dp, long timer) {
        s.datapoints.add(dp);
        s.timerAt.add(timer);
    }

    private static void maybe(Random rnd, List<MetricDatapoint> minute, MetricDatapoint dp) {
        if (rnd.nextInt(12) != 0) {
            minute.add(dp);
        }
    }

    private static MetricDatapoint dp(String namespace, String metric, long ts, double value, String instance) {
        return MetricDatapoint.builder().account(TestEvents.ACCOUNT).region(TestEvents.REGION).namespace(namespace)
                .metricName(metric).timestamp(ts).statistic("max", value).statistic("min", value).statistic("sum", value)
                .statistic("count", 1).dimension("InstanceId", instance).build();
    }

    private static MetricDatapoint tg(String metric, long ts, double avg, double count, String tg) {
        return MetricDatapoint.builder().account(TestEvents.ACCOUNT).region(TestEvents.REGION).namespace("AWS/ApplicationELB")
                .metricName(metric).timestamp(ts).statistic("max", avg * 1.5).statistic("min", avg * 0.5)
                .statistic("sum", avg * count).statistic("count", count).dimension("LoadBalancer", "app/lb/1")
                .dimension("TargetGroup", tg).build();
    }

    private static RuleSet edited() {
        try (InputStream in = StoredSeriesTest.class.getResourceAsStream("/rules/default-rules.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("datapointsToAlarm: 3\n    evaluationPeriods: 5", "datapointsToAlarm: 2\n    evaluationPeriods: 2")
                    .replace("datapointsToAlarm: 3\n    evaluationPeriods: 3", "datapointsToAlarm: 4\n    evaluationPeriods: 6")
                    .replace("# anomaly: {threshold: 0.5}", "anomaly: {threshold: 0.5}");
            return RuleSet.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "edited");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

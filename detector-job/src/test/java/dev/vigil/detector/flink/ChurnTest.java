package dev.vigil.detector.flink;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.detector.peer.PeerGroupKey;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.types.Either;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn: resources appearing, reporting for a few minutes and going silent for good (instances
 * launched and terminated, tasks scaled in), tens of thousands over a simulated day beside a
 * steady fleet. Once the state retention has passed after the last of them, the operators' keyed
 * state (entries and bytes) and timers must be back to what the steady fleet alone holds: nothing
 * leaks per resource that ever lived. Driven through Flink's operator harnesses on the heap
 * backend, on event time only.
 *
 * <p>The build runs 20,000 resources; {@code -Dvigil.churn.resources=1000000} runs the million
 * (about a minute and a gigabyte of heap at the peak; figures in the README, Reliability).
 */
class ChurnTest {
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    /** A minute boundary (2026-11-22T00:00Z). */
    private static final long T0 = 1_795_305_600_000L;
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final int CHURNED = Integer.getInteger("vigil.churn.resources", 20_000);
    private static final int STEADY = 50;
    private static final int ACTIVE_MINUTES = 5;
    private static final EventParser EVENTS = new EventParser(ParseLimits.defaults().withoutTimeChecks(), "events");
    private static final OutputTag<DeadLetter> LATE = new OutputTag<>("late", DeadLetterTypeInfoFactory.TYPE_INFO);

    @Test
    void resourcesThatComeAndGoOverADayLeaveNoStateOrTimersOnceRetentionPasses() throws Exception {
        long retention = DetectorConfig.defaults().stateRetentionMs();
        ResourceDetectorFunction fn = new ResourceDetectorFunction(LiveRules.fixed(RulesFile.load(RuleSet.DEFAULT_LOCATION)), retention, LATE, null,
                DetectorConfig.defaults().evaluateOnComplete());
        try (KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> h = BroadcastHarness.detector(fn)) {
            h.open();
            // Given a steady fleet for an hour: what it alone holds
            long t = T0;
            for (; t < T0 + HOUR; t += MIN) {
                steadyMinute(h, t);
            }
            Size steady = Size.of(h, "resource");

            // When, over the next day, a resource appears every few seconds, reports for five minutes
            // and falls silent for good, while the steady fleet keeps reporting
            long churnStart = t;
            long day = 24 * HOUR;
            long spacing = Math.max(1, day / CHURNED);
            Random random = new Random(7);
            Size peak = steady;
            long churnEnd = churnStart + day + ACTIVE_MINUTES * MIN;
            long end = churnEnd + retention + 2 * HOUR;
            for (; t < end; t += MIN) {
                steadyMinute(h, t);
                if (t < churnEnd) {
                    // resources whose five minutes include this one
                    long firstAppearing = Math.max(0, (t - churnStart - (ACTIVE_MINUTES - 1) * MIN) / spacing);
                    for (long i = firstAppearing; i < CHURNED && churnStart + i * spacing <= t + MIN - 1; i++) {
                        long appeared = churnStart + i * spacing;
                        if (appeared <= t + MIN - 1 && appeared + ACTIVE_MINUTES * MIN > t) {
                            // every 100th is replaced because it failed: silent while impaired
                            datapoints(h, "i-c" + i, t + Math.floorMod(appeared, MIN), 20 + random.nextInt(20),
                                    i % 100 == 42 ? 1 : 0);
                            if (i % 100 == 17 && appeared + ACTIVE_MINUTES * MIN <= t + MIN) {
                                // and every 100th is terminated: EC2 says so, nothing else ever speaks of it again
                                terminated(h, "i-c" + i, t + 30_000);
                            }
                        }
                    }
                }
                h.processBothWatermarks(new Watermark(t + MIN));
                if (t == churnEnd - (churnEnd % MIN) || t % (6 * HOUR) == 0) {
                    Size now = Size.of(h, "resource");
                    peak = now.entries > peak.entries ? now : peak;
                }
            }
            Size after = Size.of(h, "resource");
            long opened = h.extractOutputValues().stream().filter(i -> i.getState() == LifecycleState.OPEN).count();
            long resolved = h.extractOutputValues().stream().filter(i -> i.getState() == LifecycleState.RESOLVED).count();
            System.out.printf(Locale.ROOT, "churn_opened=%d churn_resolved=%d ", opened, resolved);
            System.out.printf(Locale.ROOT, "churn_resources=%d steady_entries=%d steady_bytes=%d steady_timers=%d "
                            + "peak_entries=%d peak_bytes=%d peak_timers=%d after_entries=%d after_bytes=%d "
                            + "after_timers=%d%n", CHURNED, steady.entries, steady.bytes, steady.timers, peak.entries,
                    peak.bytes, peak.timers, after.entries, after.bytes, after.timers);

            // Then the churned resources were all held at some point (retention is longer than the day)
            assertThat(peak.entries).isGreaterThanOrEqualTo(STEADY + CHURNED * 9 / 10);
            // and those that went silent while impaired were detected, and resolved when forgotten
            assertThat(opened).isGreaterThanOrEqualTo((CHURNED + 57) / 100);
            assertThat(resolved).isEqualTo(opened);
            // and, retention past, state and timers are the steady fleet's again
            assertThat(after.entries).isEqualTo(steady.entries);
            assertThat(after.timers).isEqualTo(steady.timers);
            assertThat(after.bytes).isBetween(steady.bytes * 9 / 10, steady.bytes * 11 / 10);
        }
    }

    @Test
    void membersThatComeAndGoLeaveAPeerGroupAsSmallAsItsSteadyMembers() throws Exception {
        String key = PeerGroupKey.of(ACCOUNT, REGION, "app-latency-peer", "churn-asg").key();
        int churned = Math.min(CHURNED, 5_000); // one group: every member of it passes through one key's state
        try (KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> h =
                     BroadcastHarness.peers(new PeerOutlierFunction(RulesFile.load("classpath:rules/peer-test-rules.yaml")))) {
            h.open();
            long t = T0;
            for (; t < T0 + HOUR; t += MIN) {
                steadyMembers(h, key, t);
                h.processBothWatermarks(new Watermark(t + MIN));
            }
            Size steady = Size.of(h, "peer-group");
            // When the group's instances are replaced one after another, each living ten minutes
            long spacing = Math.max(MIN, 24 * HOUR / churned);
            long churnEnd = t + churned * spacing;
            long end = churnEnd + 2 * HOUR;
            int next = 0;
            for (; t < end; t += MIN) {
                steadyMembers(h, key, t);
                for (int i = Math.max(0, next - 20); i < churned; i++) {
                    long appeared = T0 + HOUR + i * spacing;
                    if (appeared > t) {
                        break;
                    }
                    if (appeared + 10 * MIN > t) {
                        latency(h, key, "i-m" + i, t + 5_000, 100);
                    }
                    next = Math.max(next, i + 1);
                }
                h.processBothWatermarks(new Watermark(t + MIN));
            }
            Size after = Size.of(h, "peer-group");
            System.out.printf(Locale.ROOT, "peer_churn_members=%d steady_bytes=%d after_bytes=%d after_timers=%d%n",
                    churned, steady.bytes, after.bytes, after.timers);
            // Then the group holds its steady members only, with as many timers as before
            assertThat(after.entries).isEqualTo(steady.entries);
            assertThat(after.timers).isEqualTo(steady.timers);
            assertThat(after.bytes).isBetween(steady.bytes * 9 / 10, steady.bytes * 11 / 10);
        }
    }

    private static void steadyMinute(KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> h, long t) throws Exception {
        for (int i = 0; i < STEADY; i++) {
            datapoints(h, "i-s" + i, t, 30 + i % 10, 0);
        }
        h.processBothWatermarks(new Watermark(t + MIN - 1));
    }

    private static void datapoints(KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> h, String instance, long ts, double cpu, double failed)
            throws Exception {
        String key = ResourceKey.key(ACCOUNT, REGION, instance);
        long minute = ts - Math.floorMod(ts, MIN);
        h.processElement1(new StreamRecord<>(DetectorInput.of(key, MetricDatapoint.builder().account(ACCOUNT).region(REGION)
                .namespace("AWS/EC2").metricName("CPUUtilization").dimension("InstanceId", instance)
                .timestamp(minute).unit("Percent").value(cpu).build()), minute));
        h.processElement1(new StreamRecord<>(DetectorInput.of(key, MetricDatapoint.builder().account(ACCOUNT).region(REGION)
                .namespace("AWS/EC2").metricName("StatusCheckFailed_System").dimension("InstanceId", instance)
                .timestamp(minute).unit("Count").value(failed).build()), minute));
    }

    private static void terminated(KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> h, String instance, long time) throws Exception {
        String json = String.format(Locale.ROOT, "{\"version\":\"0\",\"id\":\"churn-%s\",\"detail-type\":\"EC2 Instance "
                        + "State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"%s\",\"time\":\"%s\","
                        + "\"region\":\"%s\",\"resources\":[],\"detail\":{\"instance-id\":\"%s\",\"state\":\"terminated\"}}",
                instance, ACCOUNT, Instant.ofEpochMilli(time), REGION, instance);
        List<HealthEvent> events = new ArrayList<>();
        EVENTS.parse(json.getBytes(StandardCharsets.UTF_8), 0, new ParseOutput<HealthEvent>() {
            @Override
            public void accept(HealthEvent e) {
                events.add(e);
            }

            @Override
            public void reject(DeadLetter d) {
                throw new IllegalStateException(d.getMessage());
            }
        });
        String key = ResourceKey.key(ACCOUNT, REGION, instance);
        h.processElement1(new StreamRecord<>(DetectorInput.of(key, events.get(0)), time));
    }

    private static void steadyMembers(KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> h, String key, long t) throws Exception {
        for (int i = 0; i < 5; i++) {
            latency(h, key, "i-p" + i, t + 5_000, 100 + i);
        }
    }

    private static void latency(KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> h, String key, String instance, long ts, double ms) throws Exception {
        MetricDatapoint dp = MetricDatapoint.builder().account(ACCOUNT).region(REGION).namespace("App")
                .metricName("Latency").dimension("InstanceId", instance).dimension("AutoScalingGroupName", "churn-asg")
                .timestamp(ts).unit("Milliseconds").value(ms).build();
        h.processElement1(new StreamRecord<>(Tuple2.of(key, dp), ts));
    }

    /** Keyed state entries and bytes (the byte[] values of one state) and event-time timers of an operator. */
    private static final class Size {
        final int entries;
        final long bytes;
        final int timers;

        private Size(int entries, long bytes, int timers) {
            this.entries = entries;
            this.bytes = bytes;
            this.timers = timers;
        }

        static Size of(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> h, String state)
                throws Exception {
            AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getOperator();
            KeyedStateBackend<Object> backend = op.getKeyedStateBackend();
            long[] bytes = {0};
            backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new ValueStateDescriptor<>(state, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                    (key, s) -> {
                        byte[] v = ((ValueState<byte[]>) s).value();
                        bytes[0] += v == null ? 0 : v.length;
                    });
            int entries = h instanceof KeyedOneInputStreamOperatorTestHarness
                    ? ((KeyedOneInputStreamOperatorTestHarness<?, ?, ?>) h).numKeyedStateEntries()
                    : ((KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?>) h).numKeyedStateEntries();
            return new Size(entries, bytes[0], h.numEventTimeTimers());
        }
    }
}

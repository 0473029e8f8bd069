package dev.vigil.bench;

import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.series.Placement;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The keyed detector's per-datapoint state round trip, single thread, without Flink or RocksDB
 * around it, so the figure moves little with the load on a shared machine: the resource's bytes
 * read into a {@link ResourceDetector}, the datapoint placed in its series and the periods its
 * data completes evaluated, the resource written back to bytes, and the timer's next time asked
 * before and after, as {@code ResourceDetectorFunction.processElement1} does. Timers that the
 * watermark passes fire as in the job (read, advance, write), counted in the datapoint that moved
 * the watermark. One invocation is one datapoint routed to one resource.
 *
 * <p>The resources are a small generated fleet (300 instances, 30 target groups, default rules,
 * anomaly series included) after 12 minutes of data; the benchmark replays minutes 12 to 24 over
 * those bytes and starts again from them, so every invocation meets a resource in its steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class StateRoundTrip {
    private static final int WARM_MINUTES = 12;
    private static final long OUT_OF_ORDERNESS_MS = 60_000;

    private RuleSet rules;
    private RuleMatcher matcher;
    private final DataOutputSerializer buffer = new DataOutputSerializer(1024);
    /** The steady state every lap starts from. */
    private Map<String, byte[]> start;
    private Map<String, Long> startTimers;
    private Map<String, byte[]> state;
    private Map<String, Long> timers;
    /** The replayed datapoints, one entry per resource each is routed to. */
    private final List<MetricDatapoint> dps = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private int next;
    private long watermark;
    private final int[] placed = new int[Placement.values().length];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        rules = RuleSet.loadDefault();
        matcher = new RuleMatcher(rules);
        Fleet fleet = new Fleet(300, 30, 2 * WARM_MINUTES);
        MetricStreamParser parser = new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "bench");
        List<MetricDatapoint> warm = new ArrayList<>();
        List<String> warmKeys = new ArrayList<>();
        for (byte[] record : fleet.records) {
            parser.parse(record, Fleet.T0, new ParseOutput<MetricDatapoint>() {
                @Override
                public void accept(MetricDatapoint dp) {
                    boolean replayed = dp.getTimestamp() >= Fleet.T0 + WARM_MINUTES * Fleet.MINUTE;
                    for (String key : routes(dp)) {
                        (replayed ? dps : warm).add(dp);
                        (replayed ? keys : warmKeys).add(key);
                    }
                }

                @Override
                public void reject(DeadLetter dead) {
                    throw new IllegalStateException("generated fleet has a bad line: " + dead.getMessage());
                }
            });
        }
        state = new HashMap<>();
        timers = new HashMap<>();
        watermark = Long.MIN_VALUE;
        for (int i = 0; i < warm.size(); i++) {
            roundTrip(warm.get(i), warmKeys.get(i));
        }
        start = new HashMap<>(state);
        startTimers = new HashMap<>(timers);
        lap();
    }

    /** The resources a datapoint is routed to, as the job's routing keys it. */
    private Set<String> routes(MetricDatapoint dp) {
        Set<String> out = new LinkedHashSet<>(2);
        matcher.forEachMatch(dp, (rule, role, id) -> out.add(ResourceKey.key(dp.getAccount(), dp.getRegion(), id)));
        return out;
    }

    private void lap() {
        state = new HashMap<>(start);
        timers = new HashMap<>(startTimers);
        next = 0;
    }

    /**
     * CPU time of this thread per datapoint, the median of {@code laps} laps after as many to warm
     * up: on a machine shared with other builds, wall-clock time (JMH's figure) counts the time the
     * thread waited for a core, CPU time mostly does not.
     */
    static double cpuNanosPerDatapoint(int laps) throws IOException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        StateRoundTrip b = new StateRoundTrip();
        b.setUp();
        double[] perLap = new double[laps];
        for (int lap = -laps; lap < laps; lap++) {
            b.lap();
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < b.dps.size(); i++) {
                b.datapoint();
            }
            if (lap >= 0) {
                perLap[lap] = (threads.getCurrentThreadCpuTime() - t0) / (double) b.dps.size();
            }
        }
        java.util.Arrays.sort(perLap);
        return perLap[laps / 2];
    }

    @Benchmark
    public int datapoint() throws IOException {
        if (next == dps.size()) {
            lap();
        }
        int k = next++;
        return roundTrip(dps.get(k), keys.get(k));
    }

    private int roundTrip(MetricDatapoint dp, String key) throws IOException {
        long wm = dp.getTimestamp() - OUT_OF_ORDERNESS_MS;
        if (wm > watermark || watermark - wm > OUT_OF_ORDERNESS_MS) {
            // Forwards, or back at the start of a lap.
            watermark = wm;
            fireTimers();
        }
        byte[] bytes = state.get(key);
        ResourceDetector d = bytes == null ? new ResourceDetector(ResourceKey.parse(key), null)
                : ResourceDetector.readFrom(ResourceKey.parse(key), rules, bytes, null);
        long armed = d.seriesCount() == 0 ? Long.MIN_VALUE : d.nextEvaluationTime();
        String resourceId = d.resourceId();
        java.util.Arrays.fill(placed, 0);
        matcher.forEachMatch(dp, (rule, role, id) -> {
            if (id.equals(resourceId)) {
                placed[d.accept(rule, role, dp).ordinal()]++;
            }
        });
        if (placed[Placement.GONE.ordinal()] > 0
                || placed[Placement.DUPLICATE.ordinal()] > 0 && placed[Placement.ACCEPTED.ordinal()] == 0) {
            return 0;
        }
        int out = placed[Placement.LATE.ordinal()] > 0 ? 0 : d.closeCompleted(0, null).size();
        store(key, d, armed);
        return out;
    }

    private void fireTimers() throws IOException {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, Long> t : timers.entrySet()) {
            if (t.getValue() <= watermark) {
                due.add(t.getKey());
            }
        }
        for (String key : due) {
            timers.remove(key);
            ResourceDetector d = ResourceDetector.readFrom(ResourceKey.parse(key), rules, state.get(key), null);
            d.advance(watermark, 0, null);
            if (d.expire(watermark, 86_400_000L)) {
                state.remove(key);
            } else {
                store(key, d, Long.MIN_VALUE);
            }
        }
    }

    private void store(String key, ResourceDetector d, long armed) throws IOException {
        buffer.clear();
        d.writeTo(buffer);
        state.put(key, buffer.getCopyOfBuffer());
        long nextTime = d.nextEvaluationTime();
        if (nextTime != armed) {
            timers.remove(key);
            if (nextTime != Long.MAX_VALUE) {
                timers.put(key, nextTime);
            }
        }
    }
}

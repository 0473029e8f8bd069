package dev.vigil.bench;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained overload: the full pipeline at parallelism 2, checkpointing every 10 s, offered twice
 * the rate it was measured to sustain ({@code e2e_dps} from {@code scripts/bench}) for many
 * minutes, from a generator whose fleet keeps moving through event time (the benchmark fleet's
 * minutes replayed cycle after cycle, timestamps shifted, incidents included). What must hold:
 * the source is throttled by backpressure (it gets less than it offers, nothing queues without
 * bound), the heap after a full GC stays flat, and checkpoints keep completing. Prints
 * {@code key=value} figures last.
 *
 * <pre>scripts/soak [--minutes 10] [--e2e-dps N | --rate DPS] [--instances 10000]</pre>
 */
public final class Soak {
    private static final int CYCLE_MINUTES = Fleet.MIN_MINUTES;
    static volatile List<byte[]> records;
    static volatile int[][] timestampOffsets;
    static final AtomicLong EMITTED = new AtomicLong();
    static final AtomicLong IMPAIRMENTS = new AtomicLong();
    static final AtomicLong DEAD_LETTERS = new AtomicLong();

    private Soak() {}

    public static void main(String[] args) throws Exception {
        int minutes = 10;
        double e2e = 0;
        double rate = 0;
        int instances = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes":
                    minutes = Integer.parseInt(args[++i]);
                    break;
                case "--e2e-dps":
                    e2e = Double.parseDouble(args[++i]);
                    break;
                case "--rate":
                    rate = Double.parseDouble(args[++i]);
                    break;
                case "--instances":
                    instances = Integer.parseInt(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("usage: Soak [--minutes N] [--e2e-dps N | --rate DPS] [--instances N]");
            }
        }
        Fleet fleet = new Fleet(instances, instances / 12, CYCLE_MINUTES);
        records = fleet.records;
        timestampOffsets = offsets(fleet.records);
        double perRecord = (double) fleet.datapoints / fleet.records.size();
        Map<String, String> figures = new LinkedHashMap<>();
        if (rate == 0) {
            if (e2e == 0) {
                Bench.log("measuring the sustainable rate first (unthrottled, one pass of the fleet)");
                Soak.EMITTED.set(0);
                e2e = measure(fleet);
                figures.put("e2e_dps_measured", String.format(Locale.ROOT, "%.0f", e2e));
            }
            rate = 2 * e2e;
        }
        figures.put("soak_minutes", Integer.toString(minutes));
        figures.put("soak_series", Long.toString(fleet.watchedSeries()));
        figures.put("soak_offered_dps", String.format(Locale.ROOT, "%.0f", rate));
        figures.putAll(soak(rate / perRecord, perRecord, minutes));
        for (Map.Entry<String, String> f : figures.entrySet()) {
            System.out.println(f.getKey() + "=" + f.getValue());
        }
    }

    /** One unthrottled pass over the fleet's records, end to end: datapoints per second. */
    private static double measure(Fleet fleet) throws Exception {
        double seconds = PipelineBench.run(fleet, PipelineBench.Mode.END_TO_END, 0) / 1e9;
        return fleet.datapoints / seconds;
    }

    private static Map<String, String> soak(double recordsPerSecond, double perRecord, int minutes) throws Exception {
        Path checkpoints = Files.createTempDirectory("vigil-soak-checkpoints");
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build();
        Map<String, String> out = new LinkedHashMap<>();
        try (MiniCluster cluster = new MiniCluster(mc)) {
            cluster.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(10_000);
            env.getCheckpointConfig().setCheckpointStorage(checkpoints.toUri().toString());
            // Endless in practice: 10^12 records would take weeks at any rate measured here.
            long count = 1_000_000_000_000L;
            DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(new Cycling(count), count,
                    RateLimiterStrategy.perSecond(recordsPerSecond), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DataStream<byte[]> metrics = env.fromSource(source, WatermarkStrategy.noWatermarks(), "soak fleet");
            DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DetectorPipeline.Outputs o = DetectorPipeline.build(metrics, events, DetectorConfig.defaults().forReplay());
            o.impairments.map(Soak::countImpairment).returns(o.impairments.getType()).sinkTo(new DiscardingSink<>());
            o.deadLetters.map(Soak::countDead).returns(o.deadLetters.getType()).sinkTo(new DiscardingSink<>());
            JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            List<long[]> heap = new ArrayList<>(); // (seconds, bytes used after a full GC)
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            long emittedAtWarm = -1;
            long warmNanos = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(30_000);
                if (cluster.getJobStatus(job).get().isGloballyTerminalState()) {
                    throw new IllegalStateException("the soak job stopped: " + cluster.requestJobResult(job).get());
                }
                System.gc();
                long s = (System.nanoTime() - start) / 1_000_000_000L;
                heap.add(new long[] {s, memory.getHeapMemoryUsage().getUsed()});
                if (emittedAtWarm < 0 && s >= 60) {
                    // the first minute fills the state and warms the JIT: rates and slopes from here
                    emittedAtWarm = EMITTED.get();
                    warmNanos = System.nanoTime();
                }
                Bench.log("%4d s: %,d records in (%,.0f datapoints/s since start), heap after GC %,d MB, %,d impairment records",
                        s, EMITTED.get(), EMITTED.get() * perRecord / Math.max(1, s), heap.get(heap.size() - 1)[1] >> 20,
                        IMPAIRMENTS.get());
            }
            long emitted = EMITTED.get();
            double steadySeconds = (System.nanoTime() - warmNanos) / 1e9;
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
            CheckpointStatsSnapshot cp = graph.getCheckpointStatsSnapshot();
            cluster.cancelJob(job).get();

            double achieved = (emitted - emittedAtWarm) * perRecord / steadySeconds;
            out.put("soak_achieved_dps", String.format(Locale.ROOT, "%.0f", achieved));
            out.put("soak_offered_over_achieved", String.format(Locale.ROOT, "%.2f",
                    recordsPerSecond * perRecord / achieved));
            out.put("soak_datapoints", String.format(Locale.ROOT, "%.0f", emitted * perRecord));
            out.put("soak_event_minutes", Long.toString((long) (emitted * perRecord / (records.size() * perRecord
                    / CYCLE_MINUTES))));
            out.put("heap_after_gc_first_mb", Long.toString(heap.get(Math.min(1, heap.size() - 1))[1] >> 20));
            out.put("heap_after_gc_last_mb", Long.toString(heap.get(heap.size() - 1)[1] >> 20));
            out.put("heap_after_gc_max_mb", Long.toString(heap.stream().mapToLong(h -> h[1]).max().orElse(0) >> 20));
            out.put("heap_after_gc_slope_mb_per_min", String.format(Locale.ROOT, "%.2f", slopePerMinute(heap)));
            out.put("heap_max_mb", Long.toString(memory.getHeapMemoryUsage().getMax() >> 20));
            out.put("checkpoints_completed", Long.toString(cp.getCounts().getNumberOfCompletedCheckpoints()));
            out.put("checkpoints_failed", Long.toString(cp.getCounts().getNumberOfFailedCheckpoints()));
            out.put("checkpoint_duration_p50_ms", String.format(Locale.ROOT, "%.0f",
                    cp.getSummaryStats().getEndToEndDurationStats().getQuantile(0.5)));
            out.put("checkpoint_duration_max_ms", Long.toString(cp.getSummaryStats().getEndToEndDurationStats().getMaximum()));
            out.put("checkpoint_size_max_bytes", Long.toString(cp.getSummaryStats().getStateSizeStats().getMaximum()));
            out.put("soak_impairment_records", Long.toString(IMPAIRMENTS.get()));
            out.put("soak_dead_letters", Long.toString(DEAD_LETTERS.get()));
        }
        return out;
    }

    /** Least-squares slope of heap after GC over time, from the second sample on (the first minute fills the state). */
    static double slopePerMinute(List<long[]> samples) {
        List<long[]> s = samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
        double n = s.size();
        double mx = 0;
        double my = 0;
        for (long[] p : s) {
            mx += p[0] / n;
            my += (p[1] >> 20) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (long[] p : s) {
            sxy += (p[0] - mx) * ((p[1] >> 20) - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : 60 * sxy / sxx;
    }

    /** Where each record's 13-digit timestamps are, so a later cycle can shift them in place. */
    private static int[][] offsets(List<byte[]> recs) {
        byte[] key = "\"timestamp\":".getBytes(StandardCharsets.UTF_8);
        int[][] out = new int[recs.size()][];
        for (int r = 0; r < recs.size(); r++) {
            byte[] b = recs.get(r);
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i + key.length + 13 <= b.length; i++) {
                if (b[i] == '"' && regionMatches(b, i, key)) {
                    at.add(i + key.length);
                    i += key.length + 12;
                }
            }
            out[r] = at.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static boolean regionMatches(byte[] b, int i, byte[] key) {
        for (int k = 0; k < key.length; k++) {
            if (b[i + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static Impairment countImpairment(Impairment i) {
        IMPAIRMENTS.incrementAndGet();
        return i;
    }

    private static DeadLetter countDead(DeadLetter d) {
        if (DEAD_LETTERS.incrementAndGet() == 1) {
            Bench.log("unexpected dead letter: %s %s", d.getReason(), d.getMessage());
        }
        return d;
    }

    /**
     * Index to record, both source subtasks (each given half of the index range) walking through
     * time together as shards do; cycle c of the fleet's minutes is shifted c cycles later in event time.
     */
    static final class Cycling implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final long half;

        Cycling(long count) {
            this.half = (count + 1) / 2;
        }

        @Override
        public byte[] map(Long index) {
            long global = index < half ? 2 * index : 2 * (index - half) + 1;
            int n = records.size();
            int r = (int) (global % n);
            long cycle = global / n;
            EMITTED.incrementAndGet();
            byte[] original = records.get(r);
            if (cycle == 0) {
                return original;
            }
            byte[] b = original.clone();
            long shift = cycle * CYCLE_MINUTES * Fleet.MINUTE;
            for (int at : timestampOffsets[r]) {
                long ts = 0;
                for (int k = 0; k < 13; k++) {
                    ts = ts * 10 + (b[at + k] - '0');
                }
                ts += shift;
                for (int k = 12; k >= 0; k--) {
                    b[at + k] = (byte) ('0' + ts % 10);
                    ts /= 10;
                }
            }
            return b;
        }
    }
}

package dev.vigil.bench;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.flink.ParseMetricsFunction;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.OutputTag;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the fleet through Flink on a local MiniCluster at parallelism 2. The records live in this
 * JVM (the MiniCluster's too), so the generator source hands them out without copying or
 * generating anything: the source is never what is measured.
 */
final class PipelineBench {
    enum Mode { PARSE_ONLY, END_TO_END }

    static volatile List<byte[]> records;
    static volatile Map<Integer, List<String>> completing = Collections.emptyMap();
    static final ConcurrentHashMap<String, Long> EMITTED_NANOS = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<Long> LATENCY_NANOS = new ConcurrentLinkedQueue<>();
    /** When the first record entered the job: the clock starts there, not at job submission. */
    static final AtomicLong FIRST_NANOS = new AtomicLong();

    private PipelineBench() {}

    /**
     * Runs once; returns the nanoseconds from the first record entering the job to the job's end
     * (every record processed, every timer fired). {@code recordsPerSecond} 0 means unthrottled.
     */
    static long run(Fleet fleet, Mode mode, double recordsPerSecond) throws Exception {
        return run(fleet, fleet.records, MetricFormat.JSON, mode, recordsPerSecond, Setup.DEFAULT);
    }

    /** The same, over the fleet's datapoints in another metric-stream format (one record for each JSON one). */
    static long run(Fleet fleet, List<byte[]> fleetRecords, MetricFormat format, Mode mode, double recordsPerSecond)
            throws Exception {
        return run(fleet, fleetRecords, format, mode, recordsPerSecond, Setup.DEFAULT);
    }

    /** Unthrottled, on another backend, parallelism or length (JSON). */
    static long run(Fleet fleet, Mode mode, Setup setup) throws Exception {
        return run(fleet, fleet.records, MetricFormat.JSON, mode, 0, setup);
    }

    private static long run(Fleet fleet, List<byte[]> fleetRecords, MetricFormat format, Mode mode, double recordsPerSecond,
                            Setup setup) throws Exception {
        if (setup.passes > 1 && fleetRecords != fleet.records) {
            throw new IllegalArgumentException("only the JSON records are shifted for further passes");
        }
        fleetRef = fleet;
        records = fleetRecords;
        completing = fleet.completing;
        EMITTED_NANOS.clear();
        LATENCY_NANOS.clear();
        FIRST_NANOS.set(0);
        DEAD_LETTERS.set(0);
        IMPAIRMENTS.set(0);
        CHECKPOINTS.clear();
        java.nio.file.Path checkpoints = Backend.temporaryCheckpoints();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                setup.backend.configuration(checkpoints, Backend.MSF_CHECKPOINT_INTERVAL));
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(setup.parallelism);
        int n = fleetRecords.size();
        long total = (long) n * setup.passes;
        TOTAL.set(total);
        DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(new Interleaved(n, setup.parallelism), total,
                recordsPerSecond > 0 ? RateLimiterStrategy.perSecond(recordsPerSecond) : RateLimiterStrategy.noOp(),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> metrics = env.fromSource(source, WatermarkStrategy.noWatermarks(), "fleet");
        DetectorConfig config = DetectorConfig.defaults().forReplay().withMetricFormat(format);
        if (mode == Mode.PARSE_ONLY) {
            OutputTag<DeadLetter> dead = new OutputTag<>("dead", DeadLetterTypeInfoFactory.TYPE_INFO);
            metrics.process(new ParseMetricsFunction(config.parseLimits(), format, dead), MetricDatapointTypeInfoFactory.TYPE_INFO)
                    .sinkTo(new DiscardingSink<>());
        } else {
            DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, config);
            out.impairments.map(new Observe()).returns(out.impairments.getType()).sinkTo(new DiscardingSink<>());
            out.deadLetters.map(PipelineBench::countDead).returns(out.deadLetters.getType()).sinkTo(new DiscardingSink<>());
        }
        try {
            env.execute("vigil-bench-" + mode);
            return System.nanoTime() - FIRST_NANOS.get();
        } finally {
            Backend.delete(checkpoints);
        }
    }

    /** How a run is set up: the defaults are the figures the performance table always had. */
    static final class Setup {
        static final Setup DEFAULT = new Setup(Backend.HEAP, 2, 1);
        final Backend backend;
        final int parallelism;
        /** Times the fleet is sent, each pass {@code minutes} later than the one before. */
        final int passes;

        Setup(Backend backend, int parallelism, int passes) {
            this.backend = backend;
            this.parallelism = parallelism;
            this.passes = passes;
        }

        @Override
        public String toString() {
            return backend + " p" + parallelism + (passes > 1 ? " x" + passes : "");
        }
    }

    /** Checkpoints completed during the last run (ids acknowledged to the job's last operator). */
    static final java.util.Set<Long> CHECKPOINTS = ConcurrentHashMap.newKeySet();

    static final java.util.concurrent.atomic.AtomicLong DEAD_LETTERS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong IMPAIRMENTS = new java.util.concurrent.atomic.AtomicLong();

    /** The generated fleet has no bad input: any dead letter means the benchmark measures the wrong thing. */
    private static DeadLetter countDead(DeadLetter d) {
        if (DEAD_LETTERS.incrementAndGet() == 1) {
            Bench.log("unexpected dead letter: %s %s", d.getReason(), d.getMessage());
        }
        return d;
    }

    /** At the job's output: how long since the record that completed this alarm entered the job. */
    static final class Observe implements MapFunction<Impairment, Impairment>, CheckpointListener {
        private static final long serialVersionUID = 1L;

        @Override
        public Impairment map(Impairment i) {
            IMPAIRMENTS.incrementAndGet();
            if (i.getState() == LifecycleState.OPEN) {
                Long emitted = EMITTED_NANOS.remove(i.getResourceId());
                if (emitted != null) {
                    LATENCY_NANOS.add(System.nanoTime() - emitted);
                }
            }
            return i;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.add(checkpointId);
        }
    }

    /**
     * Index to record so that the source subtasks (each reads one contiguous split of the index
     * range, the first {@code total % p} splits one longer) walk through time together, as shards
     * of one stream do. Past the fleet's records the same records come again, shifted in time.
     */
    static final class Interleaved implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final int records;
        private final int parallelism;

        Interleaved(int records, int parallelism) {
            this.records = records;
            this.parallelism = parallelism;
        }

        /** Position in time of the {@code index}-th number of the generated sequence. */
        static long position(long index, long total, int parallelism) {
            long base = total / parallelism;
            long longer = total % parallelism;
            long split;
            long offset;
            if (index < longer * (base + 1)) {
                split = index / (base + 1);
                offset = index % (base + 1);
            } else {
                split = longer + (index - longer * (base + 1)) / base;
                offset = (index - longer * (base + 1)) % base;
            }
            return offset * parallelism + split;
        }

        @Override
        public byte[] map(Long index) {
            long g = position(index, total(), parallelism);
            int record = (int) (g % records);
            int pass = (int) (g / records);
            if (FIRST_NANOS.get() == 0) {
                FIRST_NANOS.compareAndSet(0, System.nanoTime());
            }
            if (pass > 0) {
                return fleetRef.shifted(record, pass * fleetRef.minutes * Fleet.MINUTE);
            }
            List<String> resources = completing.get(record);
            if (resources != null) {
                long now = System.nanoTime();
                for (String r : resources) {
                    EMITTED_NANOS.put(r, now);
                }
            }
            return PipelineBench.records.get(record);
        }

        private long total() {
            return TOTAL.get();
        }
    }

    /** Numbers the source generates in the running job. */
    private static final AtomicLong TOTAL = new AtomicLong();
    private static volatile Fleet fleetRef;
}

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
        return run(fleet, fleet.records, MetricFormat.JSON, mode, recordsPerSecond);
    }

    /** The same, over the fleet's datapoints in another metric-stream format (one record for each JSON one). */
    static long run(Fleet fleet, List<byte[]> fleetRecords, MetricFormat format, Mode mode, double recordsPerSecond)
            throws Exception {
        records = fleetRecords;
        completing = fleet.completing;
        EMITTED_NANOS.clear();
        LATENCY_NANOS.clear();
        FIRST_NANOS.set(0);
        DEAD_LETTERS.set(0);
        IMPAIRMENTS.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(2);
        int n = fleetRecords.size();
        DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(new Interleaved(n), n,
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
            out.impairments.map(PipelineBench::observe).returns(out.impairments.getType()).sinkTo(new DiscardingSink<>());
            out.deadLetters.map(PipelineBench::countDead).returns(out.deadLetters.getType()).sinkTo(new DiscardingSink<>());
        }
        env.execute("vigil-bench-" + mode);
        return System.nanoTime() - FIRST_NANOS.get();
    }

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
    private static Impairment observe(Impairment i) {
        IMPAIRMENTS.incrementAndGet();
        if (i.getState() == LifecycleState.OPEN) {
            Long emitted = EMITTED_NANOS.remove(i.getResourceId());
            if (emitted != null) {
                LATENCY_NANOS.add(System.nanoTime() - emitted);
            }
        }
        return i;
    }

    /**
     * Index to record so that both source subtasks (which get the two halves of the index range)
     * walk through time together, as shards of one stream do.
     */
    static final class Interleaved implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final long half;

        Interleaved(int n) {
            this.half = (n + 1) / 2;
        }

        @Override
        public byte[] map(Long index) {
            int record = (int) (index < half ? 2 * index : 2 * (index - half) + 1);
            if (FIRST_NANOS.get() == 0) {
                FIRST_NANOS.compareAndSet(0, System.nanoTime());
            }
            List<String> resources = completing.get(record);
            if (resources != null) {
                long now = System.nanoTime();
                for (String r : resources) {
                    EMITTED_NANOS.put(r, now);
                }
            }
            return records.get(record);
        }
    }
}

package dev.vigil.bench;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.flink.ParseMetricsFunction;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.JobExecutionResult;
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
import java.util.concurrent.TimeUnit;

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

    private PipelineBench() {}

    /** Runs once; returns the job's net runtime in ms. {@code recordsPerSecond} 0 means unthrottled. */
    static long run(Fleet fleet, Mode mode, double recordsPerSecond) throws Exception {
        records = fleet.records;
        completing = fleet.completing;
        EMITTED_NANOS.clear();
        LATENCY_NANOS.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        int n = fleet.records.size();
        DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(new Interleaved(n), n,
                recordsPerSecond > 0 ? RateLimiterStrategy.perSecond(recordsPerSecond) : RateLimiterStrategy.noOp(),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> metrics = env.fromSource(source, WatermarkStrategy.noWatermarks(), "fleet");
        DetectorConfig config = DetectorConfig.defaults().forReplay();
        if (mode == Mode.PARSE_ONLY) {
            OutputTag<DeadLetter> dead = new OutputTag<>("dead", DeadLetterTypeInfoFactory.TYPE_INFO);
            metrics.process(new ParseMetricsFunction(config.parseLimits(), dead), MetricDatapointTypeInfoFactory.TYPE_INFO)
                    .sinkTo(new DiscardingSink<>());
        } else {
            DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, config);
            out.impairments.map(PipelineBench::observe).returns(out.impairments.getType()).sinkTo(new DiscardingSink<>());
            out.deadLetters.sinkTo(new DiscardingSink<>());
        }
        JobExecutionResult result = env.execute("vigil-bench-" + mode);
        return result.getNetRuntime(TimeUnit.MILLISECONDS);
    }

    /** At the job's output: how long since the record that completed this alarm entered the job. */
    private static Impairment observe(Impairment i) {
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

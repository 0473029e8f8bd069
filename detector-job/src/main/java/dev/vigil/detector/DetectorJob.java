package dev.vigil.detector;

import dev.vigil.actions.flink.ActionsKinesisIo;
import dev.vigil.actions.flink.ActionsPipeline;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.common.flink.JobStart;
import dev.vigil.common.flink.KinesisRecords;
import dev.vigil.common.flink.Uids;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.flink.KinesisIo;
import dev.vigil.schemas.ActionOutcome;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detector job: Kinesis in, {@link DetectorPipeline}, Kinesis out. On Managed Service for
 * Apache Flink the configuration comes from the application's runtime properties; locally from
 * {@code --config FILE} with the same groups.
 */
public final class DetectorJob {
    private DetectorJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobStart.wire("vigil-detector", () -> {
            JobConfig config = JobConfig.load(args);
            config.aws.prepareProcess();
            wire(env, config);
        });
        env.execute("vigil-detector");
    }

    /** Sources, pipeline and sinks; split from main so tests and the demo run exactly this. */
    public static void wire(StreamExecutionEnvironment env, JobConfig config) {
        JobEnvironment.configure(env); // max parallelism and no Kryo: the state depends on both
        // Watermarks are assigned after parsing, on event time; the sources only deliver bytes.
        DataStream<byte[]> metrics = env.fromSource(KinesisRecords.source(config.aws, config.input, config.metricsStreamArn),
                        WatermarkStrategy.noWatermarks(), "Kinesis metrics", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid(Uids.SOURCE_METRICS);
        DataStream<byte[]> events = env.fromSource(KinesisRecords.source(config.aws, config.input, config.eventsStreamArn),
                        WatermarkStrategy.noWatermarks(), "Kinesis events", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid(Uids.SOURCE_EVENTS);

        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, config.detector);

        out.impairments.sinkTo(KinesisIo.impairmentSink(config.aws, config.impairmentsStreamArn))
                .uid(Uids.SINK_IMPAIRMENTS).name("Kinesis impairments");
        out.deadLetters.sinkTo(KinesisRecords.deadLetterSink(config.aws, config.deadLettersStreamArn))
                .uid(Uids.SINK_DEAD_LETTERS).name("Kinesis dead letters");

        if (config.actions != null) {
            // Actions.enabled: the same application also recovers (see the actions-sink module).
            DataStream<ActionOutcome> outcomes = ActionsPipeline.build(out.impairments, config.actions);
            outcomes.sinkTo(ActionsKinesisIo.outcomeSink(config.aws, config.outcomesStreamArn))
                    .uid(Uids.SINK_ACTION_OUTCOMES).name("Kinesis action outcomes");
        }
    }
}

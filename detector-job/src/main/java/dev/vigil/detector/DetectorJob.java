package dev.vigil.detector;

import dev.vigil.actions.flink.ActionsKinesisIo;
import dev.vigil.actions.flink.ActionsPipeline;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.common.flink.JobStart;
import dev.vigil.common.flink.FitDeadLetters;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.common.flink.KinesisRecords;
import dev.vigil.common.flink.Uids;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.flink.KinesisIo;
import dev.vigil.detector.flink.ParsingDeserializer;
import dev.vigil.detector.flink.ShardWatermarks;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

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
        // Parsed in the sources, with event time per shard: a reader catching up on a backlog reads
        // its shards hours apart, and a watermark over all of them would make the one read last late.
        DetectorConfig d = config.detector;
        ParsingDeserializer<MetricDatapoint> metricUnits = ParsingDeserializer.metrics(d.parseLimits(), d.metricFormat());
        DataStream<Either<MetricDatapoint, DeadLetter>> metrics = env.fromSource(
                        KinesisRecords.source(config.aws, config.input, config.metricsStreamArn, metricUnits),
                        ShardWatermarks.strategy(d.maxOutOfOrdernessMs(), d.idlenessMs(), MetricDatapoint::getTimestamp),
                        "Kinesis metrics", metricUnits.getProducedType())
                .uid(Uids.SOURCE_METRICS);
        // Events are few and sparse: a shard may carry none for hours, and one without a record
        // since the start never gets an idle watermark of its own; their event time is assigned
        // after the source, on processing-time idleness, as before. (An event behind the watermark
        // is applied at once, never late.)
        ParsingDeserializer<HealthEvent> eventUnits = ParsingDeserializer.events(d.parseLimits());
        DataStream<Either<HealthEvent, DeadLetter>> events = env.fromSource(
                        KinesisRecords.source(config.aws, config.input, config.eventsStreamArn, eventUnits),
                        WatermarkStrategy.noWatermarks(), "Kinesis events", eventUnits.getProducedType())
                .uid(Uids.SOURCE_EVENTS);

        DetectorPipeline.Outputs out = DetectorPipeline.buildParsed(metrics, events, d);

        out.impairments.sinkTo(KinesisIo.impairmentSink(config.aws, config.impairmentsStreamArn))
                .uid(Uids.SINK_IMPAIRMENTS).name("Kinesis impairments");
        out.deadLetters.flatMap(new FitDeadLetters(), DeadLetterTypeInfoFactory.TYPE_INFO)
                .uid(Uids.FIT_DEAD_LETTERS).name("Dead letters in parts that fit a record")
                .sinkTo(KinesisRecords.deadLetterSink(config.aws, config.deadLettersStreamArn))
                .uid(Uids.SINK_DEAD_LETTERS).name("Kinesis dead letters");

        if (config.actions != null) {
            // Actions.enabled: the same application also recovers (see the actions-sink module).
            DataStream<ActionOutcome> outcomes = ActionsPipeline.build(out.impairments, config.actions);
            outcomes.sinkTo(ActionsKinesisIo.outcomeSink(config.aws, config.outcomesStreamArn))
                    .uid(Uids.SINK_ACTION_OUTCOMES).name("Kinesis action outcomes");
        }
    }
}

package dev.vigil.actions;

import dev.vigil.actions.config.ActionsJobConfig;
import dev.vigil.actions.flink.ActionsKinesisIo;
import dev.vigil.actions.flink.ActionsPipeline;
import dev.vigil.actions.flink.ParseImpairments;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.common.flink.JobStart;
import dev.vigil.common.flink.FitDeadLetters;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.common.flink.KinesisRecords;
import dev.vigil.common.flink.Uids;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The actions job on its own: the impairments stream in, {@link ActionsPipeline}, the action-outcome
 * stream out. (The detector job can run the same pipeline in-process with {@code Actions.enabled}.)
 * On Managed Service for Apache Flink the configuration comes from the runtime properties; locally
 * from {@code --config FILE} with the same groups.
 */
public final class ActionsJob {
    private ActionsJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobStart.wire("vigil-actions", () -> {
            ActionsJobConfig config = ActionsJobConfig.load(args);
            config.actions.aws.prepareProcess();
            wire(env, config);
        });
        env.execute("vigil-actions");
    }

    /** Source, parsing, pipeline and sinks; split from main so tests run exactly this. */
    public static void wire(StreamExecutionEnvironment env, ActionsJobConfig config) {
        JobEnvironment.configure(env); // max parallelism and no Kryo: the state depends on both
        DataStream<byte[]> raw = env.fromSource(KinesisRecords.source(config.actions.aws, config.input,
                        config.impairmentsStreamArn), WatermarkStrategy.noWatermarks(),
                "Kinesis impairments", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).uid(Uids.SOURCE_IMPAIRMENTS);
        SingleOutputStreamOperator<Impairment> impairments = raw
                .process(new ParseImpairments(config.impairmentsStreamArn), ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(Uids.PARSE_IMPAIRMENTS).name("Parse impairments");
        DataStream<ActionOutcome> outcomes = ActionsPipeline.build(impairments, config.actions);

        outcomes.sinkTo(ActionsKinesisIo.outcomeSink(config.actions.aws, config.outcomesStreamArn))
                .uid(Uids.SINK_OUTCOMES).name("Kinesis action outcomes");
        impairments.getSideOutput(ParseImpairments.DEAD_LETTERS)
                .flatMap(new FitDeadLetters(), DeadLetterTypeInfoFactory.TYPE_INFO)
                .uid(Uids.FIT_IMPAIRMENT_DEAD_LETTERS).name("Dead letters in parts that fit a record")
                .sinkTo(KinesisRecords.deadLetterSink(config.actions.aws, config.deadLettersStreamArn))
                .uid(Uids.SINK_IMPAIRMENT_DEAD_LETTERS).name("Kinesis dead letters");
    }
}

package dev.vigil.detector.flink;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay's per-period evaluations: a typed side output only a replay asks for. */
class PeriodEvaluationOutputTest {
    private static final long T0 = 1763800200000L; // 08:30:00Z
    private static final long MIN = 60_000;
    private static final OutputTag<DeadLetter> LATE = new OutputTag<>("late", DeadLetterTypeInfoFactory.TYPE_INFO);

    @Test
    void anEvaluationRoundTripsInItsOwnLayoutWithoutKryo() throws Exception {
        // Given an evaluation of a period without band (NaN bounds) and its serializer, Kryo forbidden
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<PeriodEvaluation> serializer = PeriodEvaluationTypeInfoFactory.TYPE_INFO.createSerializer(config);
        PeriodEvaluation e = new PeriodEvaluation("i-1", "cpu", T0, 42.5, Double.NaN, 80.0, Double.NaN, Double.NaN);

        // When it is written
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(e, out);

        // Then layout 1 is the two ids, the period start and five doubles, and reads back equal
        assertThat(hex(out.getCopyOfBuffer())).isEqualTo("04692d31046370750000019aaaaf3340"
                + "40454000000000007ff800000000000040540000000000007ff80000000000007ff8000000000000");
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(e);
        // and its snapshot names the codec and the layout, as every record's does
        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snap, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<PeriodEvaluation> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    @Test
    void theDetectorReportsEachPeriodWithResourceAndRuleApart() throws Exception {
        // Given the detector with the evaluations' side output, and two breaching minutes of one instance
        String key = ResourceKey.key("111122223333", "eu-west-1", "i-1");
        OutputTag<PeriodEvaluation> tag = PeriodEvaluationTypeInfoFactory.sideOutput();
        ResourceDetectorFunction fn = new ResourceDetectorFunction(LiveRules.fixed(RulesFile.load(RuleSet.DEFAULT_LOCATION)), 30 * MIN, LATE, tag, false);
        try (KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment> h =
                     BroadcastHarness.detector(fn)) {
            h.open();
            for (int m = 0; m < 2; m++) {
                MetricDatapoint dp = MetricDatapoint.builder().account("111122223333").region("eu-west-1")
                        .namespace("AWS/EC2").metricName("StatusCheckFailed_System").dimension("InstanceId", "i-1")
                        .timestamp(T0 + m * MIN).unit("Count").value(1).build();
                h.processElement1(new StreamRecord<>(DetectorInput.of(key, dp), dp.getTimestamp()));
            }

            // When the watermark passes both periods
            h.processBothWatermarks(new Watermark(T0 + 2 * MIN));

            // Then each period is reported once, under the instance and the rule, with its value and threshold
            List<PeriodEvaluation> reported = h.getSideOutput(tag).stream().map(StreamRecord::getValue)
                    .collect(Collectors.toList());
            assertThat(reported).extracting(PeriodEvaluation::resourceId).containsOnly("i-1");
            assertThat(reported).extracting(PeriodEvaluation::ruleId).containsOnly("ec2-status-check-system");
            assertThat(reported).extracting(PeriodEvaluation::periodStartMs).containsExactly(T0, T0 + MIN);
            assertThat(reported).extracting(PeriodEvaluation::value).containsExactly(1.0, 1.0);
            assertThat(reported).extracting(PeriodEvaluation::expected).containsExactly(1.0, 1.0);
        }
    }

    @Test
    void onlyAPipelineAskedForEvaluationsHasThem() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env);
        byte[] none = new byte[0];

        // The job's settings: no evaluations stream at all
        DetectorPipeline.Outputs job = DetectorPipeline.build(env.fromData(List.of(none), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                env.fromData(List.of(none), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO), DetectorConfig.defaults());
        assertThat(job.evaluations).isNull();

        // A replay's: the typed side output
        DetectorPipeline.Outputs replay = DetectorPipeline.build(env.fromData(List.of(none), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                env.fromData(List.of(none), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                DetectorConfig.defaults().withEvaluations());
        assertThat(replay.evaluations.getType()).isEqualTo(PeriodEvaluationTypeInfoFactory.TYPE_INFO);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}

package dev.vigil.detector.flink;

import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.flink.Bin;
import dev.vigil.schemas.flink.CodecSerializer;
import dev.vigil.schemas.flink.RecordCodec;
import dev.vigil.schemas.flink.RecordTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Flink type information for {@link PeriodEvaluation}, as the schemas' records have theirs: an
 * explicit layout with a version, neither Kryo nor the POJO serializer. Never in state (it only
 * leaves the detector as the replay's side output), but a layout that names its version costs
 * nothing and keeps the rule simple.
 */
public final class PeriodEvaluationTypeInfoFactory extends TypeInfoFactory<PeriodEvaluation> {
    public static final TypeInformation<PeriodEvaluation> TYPE_INFO =
            new RecordTypeInfo<>(PeriodEvaluation.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<PeriodEvaluation> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The detector's side output of every period evaluation (see {@code DetectorConfig.withEvaluations()}). */
    public static OutputTag<PeriodEvaluation> sideOutput() {
        return new OutputTag<>("evaluations", TYPE_INFO);
    }

    /** The binary layout of {@link PeriodEvaluation}. */
    public static final class Codec implements RecordCodec<PeriodEvaluation> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 1;
        }

        @Override
        public void write(PeriodEvaluation e, DataOutputView out) throws IOException {
            Bin.writeString(e.resourceId(), out);
            Bin.writeString(e.ruleId(), out);
            out.writeLong(e.periodStartMs());
            out.writeDouble(e.value());
            out.writeDouble(e.score());
            out.writeDouble(e.expected());
            out.writeDouble(e.lower());
            out.writeDouble(e.upper());
        }

        @Override
        public PeriodEvaluation read(DataInputView in, int layout) throws IOException {
            return new PeriodEvaluation(Bin.readString(in), Bin.readString(in), in.readLong(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        }
    }
}

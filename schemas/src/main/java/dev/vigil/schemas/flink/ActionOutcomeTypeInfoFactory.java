package dev.vigil.schemas.flink;

import dev.vigil.schemas.*;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link ActionOutcome}. */
public final class ActionOutcomeTypeInfoFactory extends TypeInfoFactory<ActionOutcome> {
    public static final TypeInformation<ActionOutcome> TYPE_INFO =
            new RecordTypeInfo<>(ActionOutcome.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<ActionOutcome> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link ActionOutcome}. */
    public static final class Codec implements RecordCodec<ActionOutcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 2;
        }

        @Override
        public int oldestLayout() {
            return 1;
        }

        @Override
        public void write(ActionOutcome a, DataOutputView out) throws IOException {
            Bin.writeString(a.getActionId(), out);
            Bin.writeString(a.getImpairmentId(), out);
            out.writeInt(a.getStep());
            Bin.writeEnum(a.getType(), out);
            Bin.writeString(a.getResourceId(), out);
            Bin.writeEnum(a.getStatus(), out);
            Bin.writeString(a.getDetail(), out);
            Bin.writeString(a.getErrorCode(), out);
            out.writeInt(a.getAttempts());
            out.writeLong(a.getStartedAt());
            out.writeLong(a.getFinishedAt());
        }

        @Override
        public ActionOutcome read(DataInputView in, int layout) throws IOException {
            return new ActionOutcome(Bin.readString(in), Bin.readString(in), in.readInt(),
                    Bin.readEnum(ActionType.class, layout, in), Bin.readString(in),
                    Bin.readEnum(OutcomeStatus.class, layout, in), Bin.readString(in), Bin.readString(in),
                    in.readInt(), in.readLong(), in.readLong());
        }
    }
}

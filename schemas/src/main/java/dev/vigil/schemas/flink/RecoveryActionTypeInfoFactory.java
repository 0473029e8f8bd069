package dev.vigil.schemas.flink;

import dev.vigil.schemas.*;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link RecoveryAction}. */
public final class RecoveryActionTypeInfoFactory extends TypeInfoFactory<RecoveryAction> {
    public static final TypeInformation<RecoveryAction> TYPE_INFO =
            new RecordTypeInfo<>(RecoveryAction.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<RecoveryAction> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link RecoveryAction}. */
    public static final class Codec implements RecordCodec<RecoveryAction> {
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
        public void write(RecoveryAction a, DataOutputView out) throws IOException {
            Bin.writeString(a.getActionId(), out);
            Bin.writeString(a.getImpairmentId(), out);
            out.writeInt(a.getStep());
            Bin.writeEnum(a.getType(), out);
            Bin.writeString(a.getResourceId(), out);
            Bin.writeString(a.getResourceType(), out);
            Bin.writeString(a.getAccount(), out);
            Bin.writeString(a.getRegion(), out);
            Bin.writeStringMap(a.getParameters(), out);
            out.writeBoolean(a.isDestructive());
            Bin.writeString(a.getReason(), out);
        }

        @Override
        public RecoveryAction read(DataInputView in, int layout) throws IOException {
            return new RecoveryAction(Bin.readString(in), Bin.readString(in), in.readInt(),
                    Bin.readEnum(ActionType.class, layout, in), Bin.readString(in), Bin.readString(in),
                    Bin.readString(in), Bin.readString(in), Bin.readStringMap(in), in.readBoolean(),
                    Bin.readString(in));
        }
    }
}

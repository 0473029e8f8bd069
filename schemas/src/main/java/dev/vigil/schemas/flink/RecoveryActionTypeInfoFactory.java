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

        /** Layout 3 adds {@code beyondRecommendation}, {@code unboundParameters} and {@code legacyActionId}. */
        @Override
        public int layoutVersion() {
            return 3;
        }

        /** Layout 1 (release 0.1): enums by ordinal; layout 2: enums by name. */
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
            Bin.writeString(a.getBeyondRecommendation(), out);
            Bin.writeStringMap(a.getUnboundParameters(), out);
            Bin.writeString(a.getLegacyActionId(), out);
        }

        @Override
        public RecoveryAction read(DataInputView in, int layout) throws IOException {
            String actionId = Bin.readString(in);
            String impairmentId = Bin.readString(in);
            int step = in.readInt();
            ActionType type = Bin.readEnum(ActionType.class, layout, in);
            String resourceId = Bin.readString(in);
            String resourceType = Bin.readString(in);
            String account = Bin.readString(in);
            String region = Bin.readString(in);
            Map<String, String> parameters = Bin.readStringMap(in);
            boolean destructive = in.readBoolean();
            String reason = Bin.readString(in);
            if (layout < 3) {
                // None of the three yet: nothing beyond the recommendation, every parameter bound, and
                // the id it carries is already the key release 0.1 used.
                return new RecoveryAction(actionId, impairmentId, step, type, resourceId, resourceType, account,
                        region, parameters, destructive, reason);
            }
            return new RecoveryAction(actionId, impairmentId, step, type, resourceId, resourceType, account, region,
                    parameters, destructive, reason, Bin.readString(in), Bin.readStringMap(in), Bin.readString(in));
        }
    }
}

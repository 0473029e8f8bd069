package dev.vigil.schemas.flink;

import dev.vigil.schemas.*;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link HealthEvent}. */
public final class HealthEventTypeInfoFactory extends TypeInfoFactory<HealthEvent> {
    public static final TypeInformation<HealthEvent> TYPE_INFO =
            new RecordTypeInfo<>(HealthEvent.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<HealthEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link HealthEvent}. */
    public static final class Codec implements RecordCodec<HealthEvent> {
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
        public void write(HealthEvent e, DataOutputView out) throws IOException {
            Bin.writeString(e.getId(), out);
            Bin.writeString(e.getSource(), out);
            Bin.writeString(e.getDetailType(), out);
            Bin.writeEnum(e.getKind(), out);
            Bin.writeString(e.getCode(), out);
            Bin.writeString(e.getStatus(), out);
            Bin.writeString(e.getAccount(), out);
            Bin.writeString(e.getRegion(), out);
            out.writeLong(e.getTime());
            Bin.writeStrings(e.getResources(), out);
            Bin.writeStrings(e.getAffectedResources(), out);
            Bin.writeString(e.getDetail(), out);
        }

        @Override
        public HealthEvent read(DataInputView in, int layout) throws IOException {
            return new HealthEvent(Bin.readString(in), Bin.readString(in), Bin.readString(in),
                    Bin.readEnum(HealthEventKind.class, layout, in), Bin.readString(in), Bin.readString(in),
                    Bin.readString(in), Bin.readString(in), in.readLong(), Bin.readStrings(in),
                    Bin.readStrings(in), Bin.readString(in));
        }
    }
}

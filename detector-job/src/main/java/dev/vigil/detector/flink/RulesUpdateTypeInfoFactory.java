package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.schemas.flink.Bin;
import dev.vigil.schemas.flink.CodecSerializer;
import dev.vigil.schemas.flink.RecordCodec;
import dev.vigil.schemas.flink.RecordTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Flink type information for {@link RulesUpdate}: no Kryo, and a versioned layout, because the
 * operators' broadcast state keeps the last accepted update in every checkpoint and savepoint.
 */
public final class RulesUpdateTypeInfoFactory extends TypeInfoFactory<RulesUpdate> {
    public static final TypeInformation<RulesUpdate> TYPE_INFO =
            new RecordTypeInfo<>(RulesUpdate.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<RulesUpdate> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link RulesUpdate}. */
    public static final class Codec implements RecordCodec<RulesUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 1;
        }

        @Override
        public void write(RulesUpdate u, DataOutputView out) throws IOException {
            Bin.writeString(u.location(), out);
            Bin.writeString(u.tag(), out);
            out.writeLong(u.readTime());
            Bin.writeBytes(u.bytes(), out);
        }

        @Override
        public RulesUpdate read(DataInputView in, int layout) throws IOException {
            return new RulesUpdate(Bin.readString(in), Bin.readString(in), in.readLong(), Bin.readBytes(in));
        }
    }
}

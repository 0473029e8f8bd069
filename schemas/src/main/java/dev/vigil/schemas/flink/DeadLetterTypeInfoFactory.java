package dev.vigil.schemas.flink;

import dev.vigil.schemas.*;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link DeadLetter}. */
public final class DeadLetterTypeInfoFactory extends TypeInfoFactory<DeadLetter> {
    public static final TypeInformation<DeadLetter> TYPE_INFO =
            new RecordTypeInfo<>(DeadLetter.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<DeadLetter> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link DeadLetter}. */
    public static final class Codec implements RecordCodec<DeadLetter> {
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
        public void write(DeadLetter d, DataOutputView out) throws IOException {
            Bin.writeEnum(d.getReason(), out);
            Bin.writeString(d.getMessage(), out);
            Bin.writeString(d.getSourceStream(), out);
            out.writeLong(d.getIngestTime());
            Bin.writeBytes(d.getOriginal(), out);
        }

        @Override
        public DeadLetter read(DataInputView in, int layout) throws IOException {
            return new DeadLetter(Bin.readEnum(DeadLetterReason.class, layout, in), Bin.readString(in),
                    Bin.readString(in), in.readLong(), Bin.readBytes(in));
        }
    }
}

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

    /**
     * The binary layout of {@link DeadLetter}: 3 adds, after the original, whether it is a part and
     * then its part, parts and the whole's SHA-256; 2 has enums by name; 1 by ordinal.
     */
    public static final class Codec implements RecordCodec<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 3;
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
            out.writeBoolean(d.isPart());
            if (d.isPart()) {
                out.writeInt(d.getPart());
                out.writeInt(d.getParts());
                Bin.writeString(d.getWholeSha256(), out);
            }
        }

        @Override
        public DeadLetter read(DataInputView in, int layout) throws IOException {
            DeadLetterReason reason = Bin.readEnum(DeadLetterReason.class, layout, in);
            String message = Bin.readString(in);
            String source = Bin.readString(in);
            long ingest = in.readLong();
            byte[] original = Bin.readBytes(in);
            if (layout < 3 || !in.readBoolean()) {
                return new DeadLetter(reason, message, source, ingest, original);
            }
            return new DeadLetter(reason, message, source, ingest, original, in.readInt(), in.readInt(), Bin.readString(in));
        }
    }
}

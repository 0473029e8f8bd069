package dev.vigil.schemas.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Serializer for Vigil's immutable records, driven by a {@link RecordCodec}.
 *
 * <p>Flink's POJO serializer needs mutable fields and falls back to Kryo for maps and nested
 * arrays; these records are immutable and sit on the hot path, so each gets an explicit binary
 * layout. Being immutable lets Flink skip defensive copies between chained operators.
 */
public final class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final RecordCodec<T> codec;
    /** The layout this serializer reads: the codec's current one, or an earlier one while Flink migrates state. */
    private final int readLayout;

    public CodecSerializer(RecordCodec<T> codec) {
        this(codec, codec.layoutVersion());
    }

    private CodecSerializer(RecordCodec<T> codec, int readLayout) {
        this.codec = codec;
        this.readLayout = readLayout;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** Stateless, so one instance is safe to share between threads. */
    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        codec.write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return codec.read(source, readLayout);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        codec.write(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSerializer && ((CodecSerializer<?>) o).codec.getClass() == codec.getClass()
                && ((CodecSerializer<?>) o).readLayout == readLayout;
    }

    @Override
    public int hashCode() {
        return codec.getClass().hashCode() * 31 + readLayout;
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codec);
    }

    /**
     * Records the codec class and its layout version, so a restore can check both. Restored from an
     * earlier release, it yields a serializer that reads that release's layout, and the current codec
     * declares itself compatible after migration when it still reads it.
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private RecordCodec<T> codec;
        private int layoutVersion;

        /** For Flink's reflective restore. */
        public Snapshot() {}

        Snapshot(RecordCodec<T> codec) {
            this.codec = codec;
            this.layoutVersion = codec.layoutVersion();
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(codec.getClass().getName());
            out.writeInt(layoutVersion);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            String name = in.readUTF();
            layoutVersion = in.readInt();
            try {
                codec = (RecordCodec<T>) Class.forName(name, true, classLoader).getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot restore record codec " + name, e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new CodecSerializer<>(codec, layoutVersion);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (!(old instanceof Snapshot) || ((Snapshot<T>) old).codec.getClass() != codec.getClass()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int written = ((Snapshot<T>) old).layoutVersion;
            if (written == layoutVersion) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (written >= codec.oldestLayout() && written < layoutVersion) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}

package dev.vigil.schemas;

import dev.vigil.schemas.flink.CodecSerializer;
import dev.vigil.schemas.flink.RecordCodec;
import dev.vigil.schemas.flink.RecordTypeInfo;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record must travel through Flink with its own serializer, never Kryo. */
class FlinkSerializationTest {

    static Stream<Object> records() {
        return Stream.of(Samples.datapoint(), Samples.healthEvent(), Samples.impairment(), Samples.recoveryAction(), Samples.recoveryActionBeyondRecommendation(),
                Samples.actionOutcome(), Samples.deadLetter());
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    <T> void recordRoundTripsWithoutKryo(T record) throws Exception {
        // Given the type information Flink extracts for the record's class, with Kryo forbidden
        SerializerConfig config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeInformation<T> info = TypeInformation.of((Class<T>) record.getClass());
        assertThat(info).isInstanceOf(RecordTypeInfo.class);
        TypeSerializer<T> serializer = info.createSerializer(config);

        // When it is written and read back
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        T copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        // Then it is equal, and a restored snapshot yields a compatible serializer
        assertThat(copy).isEqualTo(record);
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer snapOut = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapOut, snapshot);
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapOut.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<T> compat =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    <T> void aSnapshotOfAnEarlierLayoutMigratesAndOneOfAnUnknownLayoutIsRefused(T record) throws Exception {
        // Given the serializer of a record whose codec reads an earlier layout than it writes
        CodecSerializer<T> serializer = (CodecSerializer<T>) TypeInformation.of((Class<T>) record.getClass())
                .createSerializer(new SerializerConfigImpl());
        RecordCodec<T> codec = codecOf(serializer);
        TypeSerializerSnapshot<T> current = serializer.snapshotConfiguration();

        // When Flink compares it with snapshots naming each layout from before the oldest to after the newest
        for (int layout = codec.oldestLayout() - 1; layout <= codec.layoutVersion() + 1; layout++) {
            TypeSerializerSnapshot<T> old = snapshotWithLayout(codec, layout);
            TypeSerializerSchemaCompatibility<T> compat = current.resolveSchemaCompatibility(old);

            // Then the current layout is as-is, earlier readable ones migrate, everything else is refused
            if (layout == codec.layoutVersion()) {
                assertThat(compat.isCompatibleAsIs()).as("layout %d", layout).isTrue();
            } else if (layout >= codec.oldestLayout() && layout < codec.layoutVersion()) {
                assertThat(compat.isCompatibleAfterMigration()).as("layout %d", layout).isTrue();
                assertThat(old.restoreSerializer()).isNotEqualTo(serializer);
            } else {
                assertThat(compat.isIncompatible()).as("layout %d", layout).isTrue();
            }
        }
    }

    private static <T> RecordCodec<T> codecOf(CodecSerializer<T> serializer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.snapshotConfiguration().writeSnapshot(out);
        @SuppressWarnings("unchecked")
        RecordCodec<T> codec = (RecordCodec<T>) Class.forName(new DataInputDeserializer(out.getCopyOfBuffer()).readUTF())
                .getConstructor().newInstance();
        return codec;
    }

    /** A snapshot as an earlier (or unknown later) release would have written it. */
    private static <T> TypeSerializerSnapshot<T> snapshotWithLayout(RecordCodec<T> codec, int layout) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(codec.getClass().getName());
        out.writeInt(layout);
        CodecSerializer.Snapshot<T> snapshot = new CodecSerializer.Snapshot<>();
        snapshot.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()), FlinkSerializationTest.class.getClassLoader());
        return snapshot;
    }
}

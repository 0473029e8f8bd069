package dev.vigil.schemas;

import dev.vigil.schemas.flink.RecordTypeInfo;
import org.apache.flink.api.common.ExecutionConfig;
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
        return Stream.of(Samples.datapoint(), Samples.healthEvent(), Samples.impairment(), Samples.recoveryAction(),
                Samples.actionOutcome(), Samples.deadLetter());
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings({"unchecked", "deprecation"})
    <T> void recordRoundTripsWithoutKryo(T record) throws Exception {
        // Given the type information Flink extracts for the record's class, with Kryo forbidden
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        TypeInformation<T> info = TypeInformation.of((Class<T>) record.getClass());
        assertThat(info).isInstanceOf(RecordTypeInfo.class);
        TypeSerializer<T> serializer = info.createSerializer(config.getSerializerConfig());

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
}

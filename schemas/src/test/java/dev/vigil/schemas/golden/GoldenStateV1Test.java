package dev.vigil.schemas.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.flink.ActionOutcomeTypeInfoFactory;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import dev.vigil.schemas.flink.RecoveryActionTypeInfoFactory;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records written by the version-1 codecs (commit 545e0e3) still decode: each golden file under
 * {@code golden/v1/records/} is read the way Flink reads it after an upgrade, through the
 * serializer its v1 snapshot restores, and must give back every field its JSON lists, with no byte
 * left over. The current serializer must accept the v1 snapshot (as is, or after migration), or a
 * savepoint holding these records in flight would not restore.
 *
 * <p>Later versions keep this test passing unchanged (imports aside, if packages move): they add a
 * reader for layout 1; they never regenerate these files ({@link GoldenStateV1Generator}).
 */
class GoldenStateV1Test {

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("metric-datapoint", MetricDatapointTypeInfoFactory.TYPE_INFO),
                Arguments.of("health-event", HealthEventTypeInfoFactory.TYPE_INFO),
                Arguments.of("impairment-open", ImpairmentTypeInfoFactory.TYPE_INFO),
                Arguments.of("impairment-resolved", ImpairmentTypeInfoFactory.TYPE_INFO),
                Arguments.of("recovery-action", RecoveryActionTypeInfoFactory.TYPE_INFO),
                Arguments.of("action-outcome", ActionOutcomeTypeInfoFactory.TYPE_INFO),
                Arguments.of("dead-letter", DeadLetterTypeInfoFactory.TYPE_INFO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @SuppressWarnings("deprecation")
    <T> void version1RecordDecodes(String name, TypeInformation<T> info) throws Exception {
        // Given the bytes and serializer snapshot the v1 codec wrote, and what they must decode to
        byte[] bytes = GoldenFiles.read("v1/records/" + name + ".bin");
        JsonNode expected = GoldenFiles.readJson("v1/records/" + name + ".json");
        assertThat(bytes).hasSize(expected.get("bytes").intValue());
        TypeSerializerSnapshot<T> v1 = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(GoldenFiles.read("v1/records/" + name + ".snapshot")),
                getClass().getClassLoader());

        // When they are read through the serializer the snapshot restores (Flink's path after an upgrade)
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T record = v1.restoreSerializer().deserialize(in);

        // Then every field is there, nothing is left over, and today's serializer accepts the snapshot
        GoldenFiles.assertContains(expected.get("record"), GoldenFiles.tree(record), name);
        assertThat(in.available()).as("bytes left after the record").isZero();
        TypeSerializer<T> current = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        TypeSerializerSchemaCompatibility<T> compatibility = current.snapshotConfiguration().resolveSchemaCompatibility(v1);
        assertThat(compatibility.isIncompatible()).as("current serializer vs the v1 snapshot").isFalse();
        if (compatibility.isCompatibleAsIs()) {
            DataInputDeserializer again = new DataInputDeserializer(bytes);
            GoldenFiles.assertContains(expected.get("record"), GoldenFiles.tree(current.deserialize(again)), name);
            assertThat(again.available()).isZero();
        }
    }
}

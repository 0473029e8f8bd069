package dev.vigil.actions.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actions' velocity history as version 1 (commit 545e0e3) checkpointed it still restores:
 * the elements of the {@code velocity-history} list state decode through the serializer their v1
 * snapshot restores, today's state type accepts that snapshot, and the entries, loaded into a
 * limiter as {@code ExecuteActionsFunction.initializeState} does, still count against the limits.
 * (The operator itself restoring them from a real savepoint is {@code GoldenSavepointV1ITCase}.)
 *
 * <p>Later versions keep this test passing unchanged (imports aside): they add a reader for v1;
 * they never regenerate the files ({@link GoldenStateV1Generator}).
 */
class GoldenStateV1Test {

    @Test
    @SuppressWarnings("deprecation")
    void version1VelocityHistoryRestores() throws Exception {
        // Given the v1 list-state elements, their serializer snapshot and what they must decode to
        JsonNode expected = GoldenFiles.readJson("v1/velocity-history.json");
        TypeSerializerSnapshot<Tuple2<String, Long>> v1 = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(GoldenFiles.read("v1/velocity-history.snapshot")), getClass().getClassLoader());
        DataInputDeserializer in = new DataInputDeserializer(GoldenFiles.read("v1/velocity-history.bin"));

        // When they are read through the restored serializer
        TypeSerializer<Tuple2<String, Long>> restored = v1.restoreSerializer();
        List<Tuple2<String, Long>> entries = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            entries.add(restored.deserialize(in));
        }

        // Then they are the entries v1 wrote, and today's state type accepts the snapshot
        assertThat(in.available()).isZero();
        JsonNode list = expected.get("entries");
        assertThat(entries).hasSize(list.size());
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).f0).isEqualTo(list.get(i).get("fleet").asText());
            assertThat(entries.get(i).f1).isEqualTo(list.get(i).get("time").asLong());
        }
        TypeInformation<Tuple2<String, Long>> today = Types.TUPLE(Types.STRING, Types.LONG);
        TypeSerializerSchemaCompatibility<Tuple2<String, Long>> compatibility = today
                .createSerializer(new ExecutionConfig().getSerializerConfig()).snapshotConfiguration()
                .resolveSchemaCompatibility(v1);
        assertThat(compatibility.isIncompatible()).isFalse();

        // and, recorded into a limiter of two actions per ten minutes, they still hold back the fleet
        long at = expected.get("snapshotAt").asLong();
        VelocityLimiter velocity = new VelocityLimiter(2, Duration.ofMinutes(10), 1.0);
        for (Tuple2<String, Long> t : entries) {
            velocity.record(t.f0, t.f1);
        }
        assertThat(velocity.denial("golden-asg", null, at)).contains("2 destructive actions on golden-asg");
        assertThat(velocity.denial("golden-api-asg", null, at)).isNull();
        Map<String, List<Long>> history = velocity.history(at);
        assertThat(history.get("golden-asg")).containsExactly(entries.get(1).f1, entries.get(2).f1);
        // the older golden-asg action leaves the window ten minutes after it was taken
        assertThat(velocity.denial("golden-asg", null, entries.get(1).f1 + Duration.ofMinutes(10).toMillis())).isNull();
    }
}

package dev.vigil.actions.golden;

import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the actions' velocity history as {@code ExecuteActionsFunction} checkpoints it: the
 * union list state {@code velocity-history}, one {@code Tuple2<fleet, epoch ms>} per recent
 * destructive action, each element through the state's element serializer (Flink's tuple
 * serializer), beside that serializer's snapshot (what a savepoint stores for the state) and the
 * JSON of the entries.
 *
 * <p><b>Run once per released layout; never regenerate v1.</b> The files under
 * {@code src/test/resources/golden/v1/} were written by the code of commit 545e0e3;
 * {@link GoldenStateV1Test} reads them. For a new version, write to a scratch folder:
 * <pre>
 * mvn -o -pl actions-sink -am test -Dtest=GoldenStateV1Generator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvigil.golden.generate=v1 -Dvigil.golden.out=/tmp/golden-v1
 * </pre>
 *
 * <p>File layout of {@code velocity-history.bin} (the container is this test's; the elements are
 * the state's): int count, then count elements as the serializer writes them.
 */
class GoldenStateV1Generator {
    /** 2026-11-22T06:00:00Z. */
    static final long T0 = 1_795_327_200_000L;

    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.GENERATE, matches = "v1")
    @SuppressWarnings("deprecation")
    void writeVelocityHistory() throws Exception {
        // Three destructive actions: two on one fleet a minute apart, one on another.
        VelocityLimiter velocity = new VelocityLimiter(3, Duration.ofMinutes(10), 0.25);
        velocity.record("golden-asg", T0);
        velocity.record("golden-asg", T0 + 60_000);
        velocity.record("golden-api-asg", T0 + 90_000);
        long snapshotAt = T0 + 120_000;

        // What ExecuteActionsFunction.snapshotState puts into the list state, in the same order
        List<Tuple2<String, Long>> entries = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : new TreeMap<>(velocity.history(snapshotAt)).entrySet()) {
            for (Long t : e.getValue()) {
                entries.add(Tuple2.of(e.getKey(), t));
            }
        }
        TypeInformation<Tuple2<String, Long>> type = Types.TUPLE(Types.STRING, Types.LONG);
        TypeSerializer<Tuple2<String, Long>> serializer = type.createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeInt(entries.size());
        for (Tuple2<String, Long> t : entries) {
            serializer.serialize(t, out);
        }
        DataOutputSerializer snapshot = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());

        Path dir = GoldenFiles.outputDir("v1");
        GoldenFiles.write(dir, "velocity-history.bin", out.getCopyOfBuffer());
        GoldenFiles.write(dir, "velocity-history.snapshot", snapshot.getCopyOfBuffer());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("state", "velocity-history");
        expected.put("snapshotAt", snapshotAt);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Tuple2<String, Long> t : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fleet", t.f0);
            m.put("time", t.f1);
            list.add(m);
        }
        expected.put("entries", list);
        GoldenFiles.writeJson(dir, "velocity-history.json", expected);
    }
}

package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector fails at several points and restarts from its last checkpoint, as MSF restarts it,
 * and publishes what a clean run of the same input publishes: the whole {@link GoldenV1Scenario}
 * (six quiet hours, then instance failures, a peer outlier, a zone, a target group's 5xx and
 * unhealthy hosts) through {@link DetectorPipeline} on a MiniCluster (parallelism 2, checkpoints
 * every 300 ms, fixed-delay restarts), with test-only operators ({@link FailureHooks}) passed in
 * around the pipeline: on the metric records, failing between two checkpoints in the quiet hours,
 * during a checkpoint, just after one (nothing since it to hand out again), and between
 * checkpoints with impairments open; on the impairments, failing as the target group's impairment
 * resolves.
 *
 * <p>The sinks are at least once: after a restart, records since the checkpoint come again. So
 * the output is compared deduplicated on (id, revision), as a consumer reads it: the same pairs as
 * the clean run, each pair the same record every time it came (less {@code emitTime}, processing
 * time), and every impairment's revisions gapless from its OPEN to its RESOLVED.
 * {@link GoldenSource} paces both inputs by the output watermark, each attempt of the job from its
 * own, so both runs see the same interleaving of event time, however loaded the machine; a run
 * whose sources stall fails at once saying what they wait for.
 */
class DetectorRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int PARALLELISM = 2;
    /** Seconds alone; minutes allowed, for a machine shared with other builds (a stall fails in one). */
    private static final Duration JOB_LIMIT = Duration.ofMinutes(5);
    private static final String QUIET = "between checkpoints (quiet hours)";
    private static final String CHECKPOINT = "during a checkpoint";
    private static final String JUST_AFTER = "just after a checkpoint";
    private static final String OPEN = "between checkpoints, impairments open";
    private static final String RESOLVING = "an impairment resolving";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void failuresAtSeveralPointsPublishWhatACleanRunPublishes() throws Exception {
        Path topology = Files.writeString(tmp.resolve("topology.json"), GoldenV1Scenario.topologySnapshot());

        // Given the clean run's output
        run(topology, "clean", false);
        Map<String, JsonNode> clean = byIdAndRevision(GoldenV1Job.impairments("clean"), "clean run");
        assertThat(clean).isNotEmpty();

        // When the same input runs with failures injected at each point
        run(topology, "failing", true);

        // Then every point failed the job once, and the job restarted from a checkpoint each time and finished
        String[] points = {QUIET, CHECKPOINT, JUST_AFTER, OPEN, RESOLVING};
        for (String point : points) {
            assertThat(FailureHooks.fired(point)).as("failure injected %s", point).isTrue();
        }
        assertThat(GoldenSource.attempts("failing", GoldenV1Job.METRICS)).as(GoldenSource.describe("failing"))
                .isEqualTo(1 + points.length);
        // and its output, deduplicated on (id, revision), is the clean run's, each copy the same record
        Map<String, JsonNode> failing = byIdAndRevision(GoldenV1Job.impairments("failing"), "run with failures");
        assertThat(failing.keySet()).isEqualTo(clean.keySet());
        assertThat(failing).isEqualTo(clean);
        assertThat(GoldenV1Job.deadLetters("failing")).isEmpty();
        // and every impairment's revisions are gapless, from OPEN to RESOLVED
        Map<String, List<JsonNode>> byId = new TreeMap<>();
        failing.forEach((key, json) -> byId.computeIfAbsent(json.get("id").asText(), k -> new ArrayList<>()).add(json));
        assertThat(byId).hasSizeGreaterThanOrEqualTo(5);
        byId.forEach((id, revisions) -> {
            for (int r = 0; r < revisions.size(); r++) {
                assertThat(revisions.get(r).get("revision").asInt()).as("%s revision", id).isEqualTo(r);
            }
            assertThat(revisions.get(0).get("state").asText()).as(id).isEqualTo(LifecycleState.OPEN.name());
            assertThat(revisions.get(revisions.size() - 1).get("state").asText()).as(id).isEqualTo(LifecycleState.RESOLVED.name());
        });
    }

    /** Runs the whole scenario; with {@code failures}, through the failure hooks, else through the same operators never failing. */
    private static void run(Path topology, String run, boolean failures) throws Exception {
        FailureHooks.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(300);
        env.getConfig().disableGenericTypes();
        env.getConfig().setAutoWatermarkInterval(5);
        env.setBufferTimeout(0);
        String pacing = GoldenSource.newRun(run, PARALLELISM);

        long never = Long.MAX_VALUE;
        DataStream<byte[]> metrics = env.fromSource(GoldenSource.of(pacing, GoldenV1Job.METRICS, GoldenV1Scenario.metricRecords(),
                                GoldenV1Scenario.metricTimes(), GoldenV1Job.ALL),
                        WatermarkStrategy.noWatermarks(), "Metric records", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .setParallelism(1).uid("restart-source-metrics")
                .map(new FailureHooks.FailAtRecord(QUIET, FailureHooks.When.BETWEEN_CHECKPOINTS, failures ? 120 : never))
                .setParallelism(1).uid("restart-hook-quiet")
                .map(new FailureHooks.FailAtRecord(CHECKPOINT, FailureHooks.When.DURING_CHECKPOINT, failures ? 250 : never))
                .setParallelism(1).uid("restart-hook-checkpoint")
                .map(new FailureHooks.FailJustAfterCheckpoint(JUST_AFTER, failures ? 300 : never, pacing, GoldenV1Job.METRICS))
                .setParallelism(1).uid("restart-hook-just-after")
                .map(new FailureHooks.FailAtRecord(OPEN, FailureHooks.When.BETWEEN_CHECKPOINTS,
                        failures ? GoldenV1Scenario.W + 20 : never))
                .setParallelism(1).uid("restart-hook-open");
        DataStream<byte[]> events = env.fromSource(GoldenSource.of(pacing, GoldenV1Job.EVENTS, GoldenV1Scenario.eventRecords(),
                                GoldenV1Scenario.eventTimes(), GoldenV1Job.ALL),
                        WatermarkStrategy.noWatermarks(), "Event records", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .setParallelism(1).uid("restart-source-events");

        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, GoldenV1Job.detectorConfig(topology));
        out.impairments
                .map(new FailureHooks.FailOnResolved(RESOLVING, failures ? GoldenV1Scenario.TARGET_GROUP : "nothing"),
                        ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid("restart-hook-resolving")
                .sinkTo(new CollectSink<Impairment>(run + "-impairments", pacing)).uid("restart-sink-impairments");
        out.deadLetters.sinkTo(new CollectSink<DeadLetter>(run + "-dead-letters", null)).uid("restart-sink-dead-letters");
        JobClient job = env.executeAsync("vigil-restart-" + run);
        GoldenSource.await(run, job.getJobExecutionResult(), JOB_LIMIT, job::cancel);
    }

    /** Records by (id, revision), less emitTime; a pair that came more than once must be the same record each time. */
    private static Map<String, JsonNode> byIdAndRevision(List<Impairment> records, String what) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Impairment i : records) {
            ObjectNode json = (ObjectNode) GoldenFiles.tree(i);
            json.remove("emitTime");
            JsonNode previous = out.putIfAbsent(String.format("%s/%06d", i.getId(), i.getRevision()), json);
            if (previous != null) {
                assertThat(json).as("%s: %s/%d came twice, differently", what, i.getId(), i.getRevision()).isEqualTo(previous);
            }
        }
        return out;
    }
}

package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Flink savepoint of version 1 (commit 545e0e3, {@code golden/v1/savepoint/}, taken by
 * {@link GoldenSavepointV1Generator} mid-incident) restores into a job built by today's code, with
 * no state left behind ({@code allowNonRestoredState} false: every operator's state in the
 * savepoint must find its operator), and carries on exactly as an uninterrupted run of the whole
 * input does: what the job emitted before the savepoint plus what the restored job emits, once
 * deduplicated on (id, revision), is the clean run's output, every impairment's revisions are
 * gapless, and those open at the savepoint continue with the same id and the next revision and
 * resolve. The actions' velocity history comes back too: a replacement after the restore is held
 * back by the one v1 counted before it, while the clean run (dry, so it counts none) lets it pass.
 *
 * <p>Later versions keep this test passing unchanged (imports aside, if packages move): they add
 * readers for v1's state; they never retake the savepoint. Renaming or moving a class the
 * savepoint names (the record codecs and their serializer snapshot) breaks the restore.
 */
class GoldenSavepointV1ITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** A window no wall clock leaves: the entry v1 recorded still counts, whenever this runs. */
    private static final long CENTURY_MS = 100L * 365 * 24 * 3_600_000L;

    @TempDir
    Path tmp;

    @Test
    void version1SavepointRestoresAndTheIncidentContinuesAsInACleanRun(@InjectMiniCluster MiniCluster cluster) throws Exception {
        JsonNode golden = GoldenFiles.readJson("v1/savepoint.json");
        assertThat(GoldenV1Scenario.sha256()).as("the input the savepoint was taken in").isEqualTo(golden.get("sha256").asText());
        Path topology = Files.writeString(tmp.resolve("topology.json"), GoldenV1Scenario.topologySnapshot());
        // Dry runs against an address nothing listens on: actions are planned and gated, nothing is called.
        String nowhere = closedPort();

        // Given a clean run of the whole input
        run(cluster, GoldenV1Job.build(topology, GoldenV1Job.ALL, GoldenV1Job.ALL,
                GoldenV1Job.actions(nowhere, true, 1, CENTURY_MS), "clean"));
        List<Impairment> clean = GoldenV1Job.impairments("clean");
        List<ActionOutcome> cleanOutcomes = GoldenV1Job.outcomes("clean");

        // When today's job restores the v1 savepoint and is fed the rest of the input
        JobGraph restoredJob = GoldenV1Job.build(topology, GoldenV1Job.ALL, GoldenV1Job.ALL,
                GoldenV1Job.actions(nowhere, true, 1, CENTURY_MS), "restored");
        restoredJob.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepointPath(), false));
        run(cluster, restoredJob);
        List<Impairment> restored = GoldenV1Job.impairments("restored");
        List<ActionOutcome> restoredOutcomes = GoldenV1Job.outcomes("restored");

        // Then the sources went on where they stopped
        assertThat(GoldenSource.emitted(GoldenV1Job.METRICS))
                .isEqualTo(golden.get("metricRecords").asLong() - golden.get("metricRecordsBefore").asLong());
        assertThat(GoldenSource.emitted(GoldenV1Job.EVENTS))
                .isEqualTo(golden.get("eventRecords").asLong() - golden.get("eventRecordsBefore").asLong());
        assertThat(GoldenV1Job.deadLetters("clean")).isEmpty();
        assertThat(GoldenV1Job.deadLetters("restored")).isEmpty();

        // and every impairment open at the savepoint continues: same id, the next revision, resolved in the end
        for (JsonNode open : golden.get("open")) {
            String id = open.get("id").asText();
            int revision = open.get("revision").asInt();
            List<Impairment> after = restored.stream().filter(i -> i.getId().equals(id)).collect(java.util.stream.Collectors.toList());
            assertThat(after).as("records of %s (%s) after the restore", id, open.get("resourceId").asText()).isNotEmpty();
            assertThat(after).extracting(Impairment::getRevision).as(id).contains(revision + 1).allMatch(r -> r >= revision);
            assertThat(after.get(after.size() - 1).getState()).as(id).isEqualTo(LifecycleState.RESOLVED);
        }

        // and what was emitted before plus what was emitted after is the clean run's output, gapless
        Map<String, JsonNode> expected = byIdAndRevision(clean, "clean run");
        List<Impairment> before = new ArrayList<>();
        for (JsonNode b : golden.get("before")) {
            before.add(Json.fromString(b.toString(), Impairment.class));
        }
        List<Impairment> both = new ArrayList<>(before);
        both.addAll(restored);
        Map<String, JsonNode> actual = byIdAndRevision(both, "before and after the restore");
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((key, record) -> assertThat(record).as(key).isEqualTo(expected.get(key)));
        assertGapless(actual);

        // and the velocity entry v1 counted for i-1's replacement holds back the next replacement in the fleet
        ActionOutcome cleanReplace = replacementOf(cleanOutcomes, GoldenV1Scenario.instance(5));
        assertThat(cleanReplace.getStatus()).isEqualTo(OutcomeStatus.DRY_RUN);
        ActionOutcome restoredReplace = replacementOf(restoredOutcomes, GoldenV1Scenario.instance(5));
        assertThat(restoredReplace.getActionId()).isEqualTo(cleanReplace.getActionId());
        assertThat(restoredReplace.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(restoredReplace.getDetail()).contains("velocity: 1 destructive actions on " + golden.get("velocity").get("fleet").asText());
    }

    private static void run(MiniCluster cluster, JobGraph job) throws Exception {
        cluster.submitJob(job).get(1, TimeUnit.MINUTES);
        JobResult result = cluster.requestJobResult(job.getJobID()).get(2, TimeUnit.MINUTES);
        assertThat(result.getSerializedThrowable()).as("job failure").isEmpty();
    }

    private static String savepointPath() throws Exception {
        return Path.of(GoldenSavepointV1ITCase.class.getResource("/golden/v1/savepoint/_metadata").toURI()).getParent().toString();
    }

    private static String closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /**
     * Records by (id, revision) as published, less the processing time they were emitted at; a
     * pair emitted twice (a restore replays what was in flight) must be the same record.
     */
    private static Map<String, JsonNode> byIdAndRevision(List<Impairment> records, String what) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Impairment i : records) {
            ObjectNode json = (ObjectNode) GoldenFiles.tree(i);
            json.remove("emitTime");
            String key = i.getId() + "/" + String.format("%04d", i.getRevision());
            JsonNode previous = out.putIfAbsent(key, json);
            if (previous != null) {
                assertThat(json).as("%s: %s emitted twice, differently", what, key).isEqualTo(previous);
            }
        }
        return out;
    }

    /** Per id, revisions 0, 1, 2, ... with no gap. */
    private static void assertGapless(Map<String, JsonNode> records) {
        Map<String, Integer> next = new TreeMap<>();
        for (JsonNode r : records.values()) {
            String id = r.get("id").asText();
            int expected = next.getOrDefault(id, 0);
            assertThat(r.get("revision").asInt()).as("revision of %s", id).isEqualTo(expected);
            next.put(id, expected + 1);
        }
    }

    private static ActionOutcome replacementOf(List<ActionOutcome> outcomes, String instance) {
        return outcomes.stream().filter(o -> o.getType() == ActionType.REPLACE_INSTANCE && o.getResourceId().equals(instance))
                .findFirst().orElseThrow(() -> new AssertionError("no REPLACE_INSTANCE outcome for " + instance));
    }
}

package dev.vigil.detector.golden;

import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the version-1 savepoint: {@link GoldenV1Job} on a MiniCluster (parallelism 2) over
 * {@link GoldenV1Scenario} up to minute {@link GoldenV1Scenario#CUT}, where its sources stop
 * handing out records; once the job is quiet, stop-with-savepoint in the canonical format (the one
 * every state backend reads). At that point the target group's impairment is open with its
 * threshold and anomaly series learned, the peer group of golden-asg is populated, the correlation
 * holds its members, counts and the open zone impairment of us-east-1a, and the actions operator
 * holds the velocity entry of i-1's replacement. The actions ran for real (not dry) so that the
 * replacement counted: against the local AWS emulator, for the DynamoDB ledger only (the
 * replacement itself then fails, the instance being unknown there, which is no matter: velocity
 * counts an action when it is about to be carried out).
 *
 * <p>Writes {@code golden/v1/savepoint/} (the savepoint directory as Flink wrote it) and
 * {@code golden/v1/savepoint.json} (what the job had emitted before the savepoint, and which
 * impairments were open), read by {@link GoldenSavepointV1ITCase}.
 *
 * <p><b>Run once per released layout; never regenerate v1.</b> It needs the local AWS emulator
 * ({@code scripts/local-aws}, moto). For a new version, write to a scratch folder:
 * <pre>
 * mvn -o -pl detector-job -am test -Dtest='dev.vigil.detector.golden.GoldenSavepointV1Generator' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvigil.golden.generate=v1 -Dvigil.golden.out=/tmp/golden-v1
 * </pre>
 */
class GoldenSavepointV1Generator {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.GENERATE, matches = "v1")
    void writeSavepoint(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path out = GoldenFiles.outputDir("v1");
        Path target = out.resolve("savepoint");
        assertThat(target).as("golden savepoints are never regenerated").doesNotExist();
        Path topology = Files.writeString(tmp.resolve("topology.json"), GoldenV1Scenario.topologySnapshot());
        String run = "generate";

        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"))) {
            // The job over the first part of the input, actions for real against the emulator
            JobGraph job = GoldenV1Job.build(topology, GoldenV1Scenario.CUT, GoldenV1Scenario.eventsBeforeCut(),
                    GoldenV1Job.actions(aws.endpoint(), false, 3, 600_000), run);
            cluster.submitJob(job).get();
            String replaced = GoldenV1Scenario.instance(1);
            waitUntil(() -> GoldenSource.paused(run, GoldenV1Job.METRICS) && GoldenSource.paused(run, GoldenV1Job.EVENTS)
                    && GoldenV1Job.outcomes(run).stream().anyMatch(o -> o.getType() == ActionType.REPLACE_INSTANCE
                    && o.getResourceId().equals(replaced)));
            waitQuiet(run);
            assertThat(GoldenSource.emitted(run, GoldenV1Job.METRICS)).isEqualTo(GoldenV1Scenario.CUT);
            assertThat(GoldenSource.emitted(run, GoldenV1Job.EVENTS)).isEqualTo(GoldenV1Scenario.eventsBeforeCut());

            // Stop with a canonical savepoint
            String savepoint = cluster.stopWithSavepoint(job.getJobID(), tmp.resolve("savepoints").toUri().toString(), false,
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            cluster.requestJobResult(job.getJobID()).get(2, TimeUnit.MINUTES);
            Path written = Path.of(URI.create(savepoint));
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(written)) {
                for (Path f : files.collect(Collectors.toList())) {
                    GoldenFiles.write(target, f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        }

        List<Impairment> before = GoldenV1Job.impairments(run);
        assertThat(GoldenV1Job.deadLetters(run)).isEmpty();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sha256", GoldenV1Scenario.sha256());
        json.put("parallelism", 2);
        json.put("format", "CANONICAL");
        json.put("metricRecords", GoldenV1Scenario.END);
        json.put("metricRecordsBefore", GoldenV1Scenario.CUT);
        json.put("eventRecords", GoldenV1Scenario.eventRecords().size());
        json.put("eventRecordsBefore", GoldenV1Scenario.eventsBeforeCut());
        json.put("open", open(before));
        json.put("velocity", velocity(GoldenV1Job.outcomes(run)));
        json.put("before", GoldenFiles.tree(dedup(before)));
        GoldenFiles.writeJson(out, "savepoint.json", json);
    }

    /** The last record of each impairment not resolved before the savepoint. */
    private static List<Object> open(List<Impairment> before) {
        Map<String, Impairment> latest = new TreeMap<>();
        for (Impairment i : before) {
            latest.merge(i.getId(), i, (a, b) -> b.getRevision() > a.getRevision() ? b : a);
        }
        List<Object> out = new ArrayList<>();
        for (Impairment i : latest.values()) {
            if (i.getState() != LifecycleState.RESOLVED) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.getId());
                m.put("revision", i.getRevision());
                m.put("resourceId", i.getResourceId());
                m.put("type", i.getType().name());
                out.add(m);
            }
        }
        return out;
    }

    /** The destructive action whose velocity entry the savepoint holds. */
    private static Map<String, Object> velocity(List<ActionOutcome> outcomes) {
        ActionOutcome replace = outcomes.stream().filter(o -> o.getType() == ActionType.REPLACE_INSTANCE).findFirst()
                .orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fleet", GoldenV1Scenario.ASG);
        m.put("actionId", replace.getActionId());
        m.put("status", replace.getStatus().name());
        m.put("detail", replace.getDetail());
        return m;
    }

    /** One record per (id, revision), ordered by both. */
    static List<Impairment> dedup(List<Impairment> records) {
        Map<String, Impairment> byKey = new TreeMap<>();
        for (Impairment i : records) {
            byKey.putIfAbsent(i.getId() + "/" + String.format("%06d", i.getRevision()), i);
        }
        List<Impairment> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(Impairment::getId).thenComparingInt(Impairment::getRevision));
        return out;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for the job to reach the cut").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Until nothing new arrived for five seconds: the last watermarks and timers have run. */
    private static void waitQuiet(String run) throws InterruptedException {
        int seen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
            int now = GoldenV1Job.impairments(run).size() + GoldenV1Job.outcomes(run).size();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }
}

package dev.vigil.detector.golden;

import dev.vigil.detector.testing.JobMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real savepoint restored into today's job under rules an operator changed in between, as MSF
 * does when an application update brings a new rules file: the golden version-1 savepoint (commit
 * 545e0e3) and a savepoint of the job as it was before layout 4 (commit 10359c3,
 * {@code state/layout3/}), both taken mid-incident with the target group's impairment open on
 * the 5xx-ratio and unhealthy-hosts rules. The new rules remove the 5xx-ratio rule, rename the
 * unhealthy-hosts rule and change the anomaly rule's parameters (a season bucket count, which
 * sized the old model's state, and the sustained window, which sizes today's).
 *
 * <p>The restore must not fail (no restart strategy: any exception in an operator fails the job)
 * and nothing may be left unrestored; the dropped series are counted
 * ({@code vigil.stateSeriesDropped}); the target group's impairment goes on as itself, loses the
 * removed rules' causes in gapless revisions and resolves; the renamed rule starts afresh and
 * opens an impairment of its own while its hosts are still unhealthy; every other impairment open
 * at the savepoint continues as the golden invariants say.
 */
class StateEvolutionITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long JOB_TIMEOUT_MINUTES = 8;
    private static final String RATIO = "alb-target-5xx-ratio";
    private static final String HOSTS = "alb-unhealthy-hosts";
    private static final String RENAMED = "alb-unhealthy-targets";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"golden/v1", "state/layout3"})
    @Timeout(value = 2 * JOB_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
    void aSavepointRestoresUnderChangedRules(String source, @InjectMiniCluster MiniCluster cluster) throws Exception {
        JsonNode golden = json("/" + source + "/savepoint.json");
        Path topology = Files.writeString(tmp.resolve("topology.json"), GoldenV1Scenario.topologySnapshot());
        Path rules = EditedRules.golden().remove(RATIO).rename(HOSTS, RENAMED)
                .set(GoldenDrivers.ANOMALY_RULE, "anomaly", "{season.buckets: 48, sustain.rows: 8}").write(tmp, "rules.yaml");
        String run = "evolved-" + source.replace('/', '-');
        List<Impairment> before = new ArrayList<>();
        for (JsonNode b : golden.get("before")) {
            before.add(Json.fromString(b.toString(), Impairment.class));
        }

        // Given a savepoint taken mid-incident, and the changed rules
        JobGraph job = GoldenV1Job.build(topology, GoldenV1Job.ALL, GoldenV1Job.ALL,
                GoldenV1Job.actions(closedPort(), true, 1, 600_000), run, rules.toString());
        job.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepointPath(source), false));

        // When today's job restores it and reads the rest of the input
        cluster.submitJob(job).get(JOB_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        JobResult result = GoldenSource.await(run, cluster.requestJobResult(job.getJobID()),
                Duration.ofMinutes(JOB_TIMEOUT_MINUTES), () -> cluster.cancelJob(job.getJobID()));

        // Then it ran to the end without a failure, every line read
        assertThat(result.getSerializedThrowable()).as("job failure").isEmpty();
        assertThat(GoldenV1Job.deadLetters(run)).isEmpty();
        assertThat(GoldenSource.emitted(run, GoldenV1Job.METRICS))
                .isEqualTo(golden.get("metricRecords").asLong() - golden.get("metricRecordsBefore").asLong());
        // and the two series whose rules are gone were dropped, counted; nothing was restarted or unreadable
        assertThat(counter(job.getJobID(), "stateSeriesDropped")).isEqualTo(2);
        assertThat(counter(job.getJobID(), "stateSeriesRestarted")).isZero();
        assertThat(counter(job.getJobID(), "stateUnreadable")).isZero();

        List<Impairment> after = after(GoldenSavepointV1Generator.dedup(GoldenV1Job.impairments(run)), before);
        Map<String, Impairment> lastBefore = new TreeMap<>();
        before.forEach(i -> lastBefore.merge(i.getId(), i, (a, b) -> b.getRevision() > a.getRevision() ? b : a));
        Set<String> open = new TreeSet<>();
        for (JsonNode o : golden.get("open")) {
            Impairment atCut = lastBefore.get(o.get("id").asText());
            open.add(atCut.getId());
            if (atCut.getResourceId().equals(GoldenV1Scenario.TARGET_GROUP)) {
                // and the target group's impairment loses both causes in the revisions that follow, and resolves
                List<Impairment> own = after.stream().filter(i -> i.getId().equals(atCut.getId())).collect(Collectors.toList());
                assertThat(own).extracting(Impairment::getRevision)
                        .containsExactly(atCut.getRevision() + 1, atCut.getRevision() + 2);
                assertThat(own).extracting(Impairment::getState).containsExactly(LifecycleState.UPDATE, LifecycleState.RESOLVED);
                assertThat(own.get(0).getType()).isEqualTo(atCut.getType());
                assertThat(own.get(1).getResolvedTime()).isLessThan(GoldenV1Scenario.minuteStart(GoldenV1Scenario.CUT + 3));
            } else {
                GoldenInvariants.continues(atCut, after, run);
            }
        }
        // (the first cause to leave is the 5xx ratio's; the RESOLVED record keeps the last summary)
        assertThat(after).filteredOn(i -> i.getState() != LifecycleState.RESOLVED)
                .allSatisfy(i -> assertThat(i.getSummary()).doesNotContain("rule:" + RATIO));
        // and the renamed rule, learning from nothing, opens the target group's next impairment and resolves it
        List<Impairment> renamed = after.stream().filter(i -> i.getResourceId().equals(GoldenV1Scenario.TARGET_GROUP)
                && !open.contains(i.getId())).collect(Collectors.toList());
        assertThat(renamed).isNotEmpty();
        assertThat(renamed.get(0).getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(renamed.get(0).getSummary()).contains("rule:" + RENAMED);
        assertThat(renamed.get(0).getFirstBreachTime()).isGreaterThanOrEqualTo(GoldenV1Scenario.minuteStart(GoldenV1Scenario.CUT));
        GoldenInvariants.allResolved(after, open, run);
        // and the anomaly series, under its new parameters, goes on being evaluated; the removed rules' are not
        Set<String> evaluated = GoldenV1Job.evaluations(run).stream().map(PeriodEvaluation::ruleId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(evaluated).contains(GoldenDrivers.ANOMALY_RULE, RENAMED).doesNotContain(RATIO, HOSTS);
    }

    /** What was emitted after the restore and not before it (a restore may replay what was in flight). */
    private static List<Impairment> after(List<Impairment> emitted, List<Impairment> before) {
        Set<String> seen = before.stream().map(i -> i.getId() + "/" + i.getRevision()).collect(Collectors.toSet());
        return emitted.stream().filter(i -> !seen.contains(i.getId() + "/" + i.getRevision())).collect(Collectors.toList());
    }

    private static long counter(JobID job, String name) {
        return JobMetrics.counter(METRICS, job, name);
    }

    private static JsonNode json(String resource) throws Exception {
        try (InputStream in = StateEvolutionITCase.class.getResourceAsStream(resource)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static String savepointPath(String source) throws Exception {
        return Path.of(StateEvolutionITCase.class.getResource("/" + source + "/savepoint/_metadata").toURI()).getParent().toString();
    }

    private static String closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}

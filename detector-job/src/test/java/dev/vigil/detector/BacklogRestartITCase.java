package dev.vigil.detector;

import dev.vigil.detector.testing.Jobs;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job restarted after an outage, with hours of input waiting in Kinesis (the stream's
 * retention): it reads the backlog as fast as it can, event time hours behind processing time,
 * several shards per reader, one shard's hours arriving before another's minutes. It must give
 * exactly the impairments the job gave live (ids, types, resources, revisions, breach, detection
 * and resolution times), and no dead letter: no processing-time check (future or expired
 * timestamps, late data, timers, caches) may turn valid old data into anything else. Live is the
 * same recording read in the order it was written, one source, time checks off (processing time
 * was event time then). The backlog is read once from the start, and once as the outage leaves
 * it: the job ran on the first 90 minutes, was stopped with a savepoint, and is restored from it
 * with the rest waiting.
 *
 * <p>{@code -Dvigil.longBacklog=true}: 23 hours (just inside Kinesis' default retention of a
 * day) of 4 fleets of 25 and 200 standalone instances.
 */
class BacklogRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final boolean LONG = Boolean.getBoolean("vigil.longBacklog");
    private static final long MINUTE = 60_000L;

    @Test
    void aBacklogReadInABurstGivesWhatTheJobGaveLiveAlsoAcrossARestore(
            @TempDir Path tmp, @InjectMiniCluster MiniCluster cluster) throws Exception {
        // Given hours of input ending now: a few incidents among many healthy instances
        BacklogScenario s = LONG
                ? BacklogScenario.generate(System.currentTimeMillis(), 23 * 60, 4, 25, 200, 19)
                : BacklogScenario.generate(System.currentTimeMillis(), 6 * 60 + 30, 2, 8, 24, 19);
        Path snapshot = s.snapshot(tmp);
        // and what the job made of it live: records in the order written, processing time = event time
        DetectorConfig live = DetectorConfig.defaults().forReplay().withTopologySnapshot(snapshot.toString());
        PipelineRun liveRun = PipelineRun.of(s.metricRecords(), s.events, live, 2);
        assertThat(liveRun.deadLetters).isEmpty();
        assertThat(liveRun.datapoints).isEqualTo(s.datapoints);
        // (the input is bounded: its end flushes what a stream still waiting would not; compare up to a cutoff)
        long cutoff = s.lastMinute() - 20 * MINUTE;
        Map<String, String> expected = byIdAndRevision(liveRun.impairments, cutoff);
        assertThat(liveRun.impairments.stream().filter(i -> i.getState() == LifecycleState.OPEN)
                .map(Impairment::getResourceId).distinct().collect(Collectors.toList()))
                .as("the scenario's incidents, found live").contains(BacklogScenario.fleetMember(0, 1),
                        BacklogScenario.standaloneInstance(0), BacklogScenario.fleetMember(1, 2),
                        BacklogScenario.standaloneInstance(1), BacklogScenario.fleetMember(0, 3));

        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"))) {
            // and the same input waiting in the streams, on uneven shards
            String metrics = aws.createStream("metrics", BacklogScenario.STREAM_SHARDS);
            String events = aws.createStream("events", 1);
            aws.put("metrics", s.metricRecords(), s.metricKeys());
            aws.put("events", s.events, s.events.stream().map(e -> "event").collect(Collectors.toList()));

            // When the job reads it all from the start, as fast as it can
            JobConfig burst = config(aws, tmp, "burst", metrics, events, snapshot, false);
            Output first = new Output(aws, "burst");
            JobID job = cluster.submitJob(graph(burst, null)).get().getJobID();
            long started = System.nanoTime();
            first.awaitAll(expected, cutoff, Duration.ofSeconds(LONG ? 900 : 120));
            System.out.printf("backlog burst: %d datapoints over %d minutes in %.1f s, %d of %d expected records, "
                            + "dead letters %s%n", s.datapoints, s.minutes, (System.nanoTime() - started) / 1e9,
                    byIdAndRevision(first.impairments, cutoff).size(), expected.size(), first.deadByReason());
            Jobs.end(cluster, job);

            // Then the same impairments as live and no dead letter
            assertThat(first.dead).as("dead letters of a backlog").isEmpty();
            assertThat(byIdAndRevision(first.impairments, cutoff)).containsExactlyInAnyOrderEntriesOf(expected);

            // When the job ran on the first 90 minutes, was stopped with a savepoint, stayed down for
            // the rest of the recording and was restored from the savepoint with that waiting
            String metrics2 = aws.createStream("metrics-2", BacklogScenario.STREAM_SHARDS);
            String events2 = aws.createStream("events-2", 1);
            long cut = s.t0 + 90 * MINUTE;
            List<BacklogScenario.Entry> before = s.metrics.stream().filter(e -> e.minute < cut).collect(Collectors.toList());
            List<BacklogScenario.Entry> after = s.metrics.stream().filter(e -> e.minute >= cut).collect(Collectors.toList());
            aws.put("metrics-2", data(before), keys(before));
            aws.put("events-2", s.events.subList(0, 1), List.of("event"));
            JobConfig restored = config(aws, tmp, "restore", metrics2, events2, snapshot, false);
            Output second = new Output(aws, "restore");
            job = cluster.submitJob(graph(restored, null)).get().getJobID();
            Map<String, String> expectedBefore = byIdAndRevision(liveRun.impairments, cut - 20 * MINUTE);
            assertThat(expectedBefore).as("an incident before the savepoint").isNotEmpty();
            second.awaitAll(expectedBefore, cut - 20 * MINUTE, Duration.ofSeconds(120));
            String savepoint = cluster.stopWithSavepoint(job, tmp.resolve("savepoints").toUri().toString(), false,
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
            second.poll();
            int beforeRestore = byIdAndRevision(second.impairments, cutoff).size();
            int deadBeforeRestore = second.dead.size();
            aws.put("metrics-2", data(after), keys(after));
            aws.put("events-2", s.events.subList(1, s.events.size()),
                    s.events.subList(1, s.events.size()).stream().map(e -> "event").collect(Collectors.toList()));
            job = cluster.submitJob(graph(config(aws, tmp, "restore", metrics2, events2, snapshot, true), savepoint))
                    .get().getJobID();
            second.awaitAll(expected, cutoff, Duration.ofSeconds(LONG ? 900 : 120));
            Jobs.end(cluster, job);
            System.out.printf("backlog restore: %d of %d records before the savepoint, %d after, dead letters %s "
                            + "(%d before the savepoint)%s%n", beforeRestore, expected.size(),
                    byIdAndRevision(second.impairments, cutoff).size(), second.deadByReason(), deadBeforeRestore,
                    second.dead.isEmpty() ? "" : ", first: " + second.dead.get(0).getMessage() + " "
                            + new String(second.dead.get(0).getOriginal(), java.nio.charset.StandardCharsets.UTF_8));

            // Then the same again: the restore lost nothing and invented nothing
            assertThat(beforeRestore).as("stopped midway").isLessThan(expected.size());
            assertThat(deadBeforeRestore).as("dead letters before the savepoint").isZero();
            assertThat(second.dead).as("dead letters of a restored backlog").isEmpty();
            assertThat(byIdAndRevision(second.impairments, cutoff)).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    private static List<byte[]> data(List<BacklogScenario.Entry> entries) {
        return entries.stream().map(e -> e.data).collect(Collectors.toList());
    }

    private static List<String> keys(List<BacklogScenario.Entry> entries) {
        return entries.stream().map(e -> e.partitionKey).collect(Collectors.toList());
    }

    /** The job's configuration on the emulator with the default time checks, writing to streams of its own. */
    private static JobConfig config(LocalAws aws, Path tmp, String run, String metrics, String events, Path snapshot,
                                    boolean restoring) throws Exception {
        if (!restoring) {
            aws.createStream(run + "-impairments", 1);
            aws.createStream(run + "-dead-letters", 1);
        }
        String impairments = aws.streamArn(run + "-impairments");
        String dead = aws.streamArn(run + "-dead-letters");
        // Idleness is processing time: a shard the reader leaves unread longer than this while it
        // works through another's batch is taken for idle, and its data turns late. The live default
        // is 60 s; the emulator's 3 s lost 11,810 datapoints this way on a machine under load.
        String json = aws.jobConfigJson(metrics, events, impairments, dead, false)
                .replace("\"idleness.ms\": \"3000\"", "\"idleness.ms\": \"20000\"")
                // The emulator's ListShards ignores ExclusiveStartShardId: a restored enumerator (whose
                // state keeps the last shard seen, not the splits it assigned) would take every shard
                // for new at its first discovery and read it again from the start. AWS answers only
                // the shards after the one given; a restored job here discovers none within the test
                // (its readers have their shards from the savepoint).
                .replace("\"shard.discovery.interval.ms\": \"1000\"", "\"shard.discovery.interval.ms\": \""
                        + (restoring ? 3_600_000 : 1_000) + "\"");
        json = json.substring(0, json.lastIndexOf('}'))
                + ",\n  \"Topology\": {\"api.enabled\": \"false\", \"snapshot.path\": \"" + snapshot + "\"}\n}\n";
        Path file = tmp.resolve(run + (restoring ? "-restoring" : "") + ".json");
        Files.writeString(file, json);
        return JobConfig.of(JobConfig.readJson(file));
    }

    private static JobGraph graph(JobConfig config, String savepoint) {
        return DetectorJobGraphs.of(config, 2, savepoint);
    }

    /** (id, revision) → what every copy of it must say, for records up to the cutoff; fails on conflicting copies. */
    static Map<String, String> byIdAndRevision(List<Impairment> impairments, long cutoff) {
        Map<String, String> byKey = new TreeMap<>();
        for (Impairment i : impairments) {
            long at = i.getResolvedTime() != null ? i.getResolvedTime() : i.getDetectionTime();
            if (at > cutoff) {
                continue;
            }
            String content = i.getState() + " " + i.getType() + " " + i.getSeverity() + " " + i.getResourceId() + " "
                    + i.getFirstBreachTime() + " " + i.getDetectionTime() + " " + i.getResolvedTime();
            String prior = byKey.putIfAbsent(i.getId() + "#" + i.getRevision(), content);
            assertThat(prior == null || prior.equals(content)).as("two different records " + i.getId() + "#"
                    + i.getRevision() + ": " + prior + " / " + content).isTrue();
        }
        return byKey;
    }

    /** What a run wrote to its output streams so far. */
    private static final class Output {
        final List<Impairment> impairments = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();
        private final LocalAws.Reader impairmentReader;
        private final LocalAws.Reader deadReader;

        Output(LocalAws aws, String run) {
            impairmentReader = aws.reader(run + "-impairments");
            deadReader = aws.reader(run + "-dead-letters");
        }

        Map<String, Long> deadByReason() {
            return dead.stream().collect(Collectors.groupingBy(d -> d.getReason().code(), TreeMap::new,
                    Collectors.counting()));
        }

        void poll() {
            impairmentReader.poll().forEach(j -> impairments.add(Json.fromString(j, Impairment.class)));
            deadReader.poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
        }

        /** Until every expected record arrived (then a little longer, for what should not come), or the deadline. */
        void awaitAll(Map<String, String> expected, long cutoff, Duration timeout) throws InterruptedException {
            await(() -> byIdAndRevision(impairments, cutoff).keySet().containsAll(expected.keySet()), timeout);
            Thread.sleep(2_000);
            poll();
        }

        void await(BooleanSupplier done, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            poll();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                poll();
            }
        }
    }
}

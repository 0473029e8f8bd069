package dev.vigil.detector;

import dev.vigil.detector.testing.Jobs;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.detector.testing.Recording;
import dev.vigil.faults.Fault;
import dev.vigil.faults.FaultProxy;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector job with its real Kinesis source and sinks, against the emulator through the fault
 * proxy: GetRecords, GetShardIterator and ListShards throttled, failing with 5xx and reset;
 * PutRecords partially failed, throttled, failing with 500 and losing its answer. The job
 * checkpoints and restarts as on Managed Service for Apache Flink. Every impairment record and dead
 * letter of a clean run of the same recording must arrive (at least once: deduplicated on
 * id + revision), nothing else may, and the job must still be running.
 */
class KinesisFaultsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Longer runs with many more faults: {@code -Dvigil.longFaults=true}. */
    private static final boolean LONG = Boolean.getBoolean("vigil.longFaults");

    @Test
    void everyRecordArrivesThroughThrottlingServerErrorsAndResetsOnTheSourceAndSinks(
            @TempDir Path tmp, @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"));
             FaultProxy proxy = FaultProxy.start(aws.endpoint())) {
            // Given the bundled incident in the input streams, and what a clean run makes of it
            String metrics = aws.createStream("metrics", 1);
            String events = aws.createStream("events", 1);
            String impairments = aws.createStream("impairments", 1);
            String deadLetters = aws.createStream("dead-letters", 1);
            Recording recording = Recording.demo();
            List<byte[]> metricRecords = recording.metricRecords(25);
            aws.put("metrics", metricRecords, keys("m", metricRecords.size()));
            aws.put("events", recording.eventRecords(), keys("e", recording.eventRecords().size()));
            Path configFile = tmp.resolve("job.json");
            Files.writeString(configFile, aws.jobConfigJson(metrics, events, impairments, deadLetters, true)
                    .replace(aws.endpoint(), proxy.endpoint().toString()));
            JobConfig config = JobConfig.of(JobConfig.readJson(configFile));
            PipelineRun clean = PipelineRun.of(recording, config.detector, 2);
            Map<String, String> expected = byIdAndRevision(clean.impairments);
            Set<String> expectedDead = deadLetterKeys(clean.deadLetters);
            assertThat(expected).hasSizeGreaterThanOrEqualTo(10);
            proxy.reset(); // the clean run's topology lookups went through the proxy too

            // and AWS failing in every way it does, on the reading side and the writing side
            int scale = LONG ? 10 : 1;
            // The job writes a dozen records, so PutRecords is called far less often than GetRecords
            int puts = LONG ? 2 : 1;
            if (LONG) {
                // past the connector's 30 s read timeouts (Apache client for the source, Netty for the sinks)
                proxy.on("kinesis", "GetRecords").skip(20).times(1).inject(Fault.slow(Duration.ofSeconds(35)));
                proxy.on("kinesis", "PutRecords").skip(3).times(1).inject(Fault.slow(Duration.ofSeconds(35)));
            }
            proxy.on("kinesis", "GetRecords").fraction(0.3, 19).times(6 * scale)
                    .inject(Fault.error(400, "ProvisionedThroughputExceededException",
                            "Rate exceeded for shard shardId-000000000000 in stream metrics under account "
                                    + LocalAws.ACCOUNT + "."));
            proxy.on("kinesis", "GetRecords").skip(3).times(2 * scale).inject(Fault.error(500, "InternalFailure"));
            proxy.on("kinesis", "GetRecords").skip(5).times(scale).inject(Fault.status(503));
            proxy.on("kinesis", "GetRecords").skip(8).times(scale).inject(Fault.reset());
            proxy.on("kinesis", "GetRecords").skip(10).times(scale).inject(Fault.lostResponse());
            proxy.on("kinesis", "GetShardIterator").times(scale).inject(Fault.reset());
            proxy.on("kinesis", "GetShardIterator").times(scale).inject(Fault.error(400,
                    "ProvisionedThroughputExceededException"));
            proxy.on("kinesis", "ListShards").times(2 * scale).inject(Fault.error(500, "InternalFailure"));
            // the SDK does not retry LimitExceededException: the enumerator fails the job, early and
            // again once the recording has been read
            proxy.on("kinesis", "ListShards").times(scale).inject(Fault.error(400, "LimitExceededException"));
            proxy.on("kinesis", "ListShards").skip(20).times(scale).inject(Fault.error(400, "LimitExceededException"));
            // (few PutRecords calls: the lost answer is armed first, so the other rules cannot use them all up)
            proxy.on("kinesis", "PutRecords").skip(1).times(puts).inject(Fault.lostResponse());
            proxy.on("kinesis", "PutRecords").times(3 * puts).inject(Fault.partialPutRecords(3));
            proxy.on("kinesis", "PutRecords").times(puts).inject(Fault.error(400, "ProvisionedThroughputExceededException"));
            proxy.on("kinesis", "PutRecords").times(puts).inject(Fault.error(500, "InternalFailure"));
            proxy.on("kinesis", "PutRecords").times(puts).inject(Fault.reset());


            // When the job runs, checkpointing and restarting as on MSF
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            // MSF restarts without limit; the short run must get by with 20 restarts
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, LONG ? Integer.MAX_VALUE : 20);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(500);
            DetectorJob.wire(env, config);
            JobClient job = env.executeAsync("vigil-kinesis-faults");
            List<Impairment> out = new ArrayList<>();
            List<DeadLetter> dead = new ArrayList<>();
            ArchivedExecutionGraph graph;
            long heartbeats;
            try {
                LocalAws.Reader impairmentReader = aws.reader("impairments");
                LocalAws.Reader deadReader = aws.reader("dead-letters");
                long deadline = System.nanoTime() + Duration.ofSeconds(LONG ? 600 : 150).toNanos();
                long first = recording.lastMetricTimestamp() + 3_600_000L;
                long beat = first;
                long progress = System.nanoTime();
                while ((!byIdAndRevision(out).keySet().containsAll(expected.keySet())
                        || !deadLetterKeys(dead).containsAll(expectedDead)) && System.nanoTime() < deadline) {
                    int seen = out.size() + dead.size();
                    impairmentReader.poll().forEach(j -> out.add(Json.fromString(j, Impairment.class)));
                    deadReader.poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
                    if (out.size() + dead.size() > seen) {
                        progress = System.nanoTime();
                    } else if (System.nanoTime() - progress > Duration.ofSeconds(3).toNanos()) {
                        // A live metric stream never stops; this recording does. A job restored
                        // after reading all of it restarts its watermark from nothing and waits for
                        // the next input: give it one, a datapoint no rule watches, an hour on.
                        aws.put("metrics", List.of(Recording.unwatchedDatapoint(beat += 60_000)), List.of("heartbeat"));
                        progress = System.nanoTime() - Duration.ofSeconds(2).toNanos(); // again in a second
                    }
                    if (job.getJobStatus().get().isGloballyTerminalState()) {
                        job.getJobExecutionResult().get(); // throws the job's failure cause
                    }
                    Thread.sleep(250);
                }
                Thread.sleep(1_500); // anything beyond the expected would show now
                impairmentReader.poll().forEach(j -> out.add(Json.fromString(j, Impairment.class)));
                deadReader.poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
                graph = cluster.getArchivedExecutionGraph(job.getJobID()).get();
                heartbeats = (beat - first) / 60_000;
            } finally {
                Jobs.end(job);
            }

            // Then every fault happened, on both sides
            assertThat(proxy.rules()).allSatisfy(r -> assertThat(r.injected()).as(r.toString()).isPositive());
            // and the job recovered by itself: never failed for good (it got through on SDK retries,
            // the sink's own retries of failed entries, and restarts from the last checkpoint)
            assertThat(graph.getState()).as(String.valueOf(graph.getFailureInfo())).isIn(JobStatus.RUNNING,
                    JobStatus.RESTARTING);
            System.out.printf("kinesis faults: %d injected, %d impairment records read for %d distinct, "
                            + "%d dead letters for %d, %d heartbeats, restarted=%s (last failure: %s)%n  %s%n",
                    proxy.injected().size(), out.size(), expected.size(), dead.size(), expectedDead.size(),
                    heartbeats,
                    graph.getStatusTimestamp(JobStatus.RESTARTING) > 0,
                    graph.getFailureInfo() == null ? "none" : graph.getFailureInfo().getExceptionAsString().lines()
                            .findFirst().orElse(""),
                    proxy.injected().stream().collect(Collectors.groupingBy(c -> c.operation() + " " + c.fault(),
                            TreeMap::new, Collectors.counting())));
            // and exactly the clean run's records arrived: none lost, none invented, each
            // duplicate a copy of its original
            assertThat(byIdAndRevision(out)).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(deadLetterKeys(dead)).containsExactlyInAnyOrderElementsOf(expectedDead);
        }
    }

    /** (id, revision) → what must be the same in every copy of that record; fails on conflicting copies. */
    private static Map<String, String> byIdAndRevision(List<Impairment> impairments) {
        Map<String, String> byKey = new TreeMap<>();
        for (Impairment i : impairments) {
            String content = i.getState() + " " + i.getType() + " " + i.getSeverity() + " " + i.getResourceId() + " "
                    + i.getFirstBreachTime() + " " + i.getDetectionTime() + " " + i.getResolvedTime();
            String prior = byKey.putIfAbsent(i.getId() + "#" + i.getRevision(), content);
            assertThat(prior == null || prior.equals(content)).as("two different records " + i.getId() + "#"
                    + i.getRevision() + ": " + prior + " / " + content).isTrue();
        }
        return byKey;
    }

    private static Set<String> deadLetterKeys(List<DeadLetter> dead) {
        return dead.stream().map(d -> d.getReason() + " " + Base64.getEncoder().encodeToString(d.getOriginal()))
                .collect(Collectors.toCollection(HashSet::new));
    }



    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }
}

package dev.vigil.detector.aws;

import dev.vigil.detector.testing.Jobs;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.DetectorJob;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.detector.testing.Recording;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The job with its real Kinesis sources and sinks against the local emulator. */
class KinesisDetectorITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void recordedIncidentInKinesisComesBackAsImpairmentsAndDeadLetters(@TempDir Path tmp) throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"))) {
            // Given the bundled incident in the emulator's input streams
            String metrics = aws.createStream("metrics", 1);
            String events = aws.createStream("events", 1);
            String impairments = aws.createStream("impairments", 1);
            String deadLetters = aws.createStream("dead-letters", 1);
            Recording recording = Recording.demo();
            List<byte[]> metricRecords = recording.metricRecords(25);
            aws.put("metrics", metricRecords, keys("m", metricRecords.size()));
            aws.put("events", recording.eventRecords(), keys("e", recording.eventRecords().size()));
            Path configFile = tmp.resolve("job.json");
            Files.writeString(configFile, aws.jobConfigJson(metrics, events, impairments, deadLetters, true));
            JobConfig config = JobConfig.of(JobConfig.readJson(configFile));

            // When the job runs
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
            env.setParallelism(2);
            DetectorJob.wire(env, config);
            JobClient job = env.executeAsync("vigil-detector-itcase");
            List<Impairment> out = new ArrayList<>();
            List<DeadLetter> dead = new ArrayList<>();
            try {
                LocalAws.Reader impairmentReader = aws.reader("impairments");
                LocalAws.Reader deadReader = aws.reader("dead-letters");
                long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
                long beat = recording.lastMetricTimestamp() + 3_600_000L;
                long progress = System.nanoTime();
                while ((out.size() < 10 || dead.size() < 3) && System.nanoTime() < deadline) {
                    int before = out.size() + dead.size();
                    impairmentReader.poll().forEach(j -> out.add(Json.fromString(j, Impairment.class)));
                    deadReader.poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
                    if (out.size() + dead.size() > before) {
                        progress = System.nanoTime();
                    } else if (System.nanoTime() - progress > Duration.ofSeconds(5).toNanos()) {
                        // The recording has ended; the watermark waits for more input: the live stream goes on.
                        aws.put("metrics", List.of(Recording.unwatchedDatapoint(beat += 60_000)), List.of("heartbeat"));
                        progress = System.nanoTime() - Duration.ofSeconds(4).toNanos();
                    }
                    if (job.getJobStatus().get().isGloballyTerminalState()) {
                        job.getJobExecutionResult().get(); // throws the job's failure cause
                    }
                    Thread.sleep(250);
                }
                Thread.sleep(1000); // anything beyond the expected would show now
                impairmentReader.poll().forEach(j -> out.add(Json.fromString(j, Impairment.class)));
            } finally {
                Jobs.end(job);
            }

            // Then exactly the incident's lifecycle records and the three planted dead letters come back
            Map<String, List<LifecycleState>> byResource = new TreeMap<>();
            out.stream().sorted((a, b) -> Integer.compare(a.getRevision(), b.getRevision()))
                    .forEach(i -> byResource.computeIfAbsent(i.getResourceId(), k -> new ArrayList<>()).add(i.getState()));
            assertThat(byResource).containsOnlyKeys("i-0a1b2c3d4e5f60718", "targetgroup/web-tg/73e2d6bc24d8a067", "web-asg");
            assertThat(byResource.get("i-0a1b2c3d4e5f60718")).containsExactly(
                    LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.UPDATE, LifecycleState.RESOLVED);
            assertThat(byResource.get("targetgroup/web-tg/73e2d6bc24d8a067")).containsExactly(
                    LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.UPDATE, LifecycleState.RESOLVED);
            assertThat(byResource.get("web-asg")).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
            assertThat(dead.stream().map(DeadLetter::getReason).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder(DeadLetterReason.NON_FINITE, DeadLetterReason.MALFORMED_JSON,
                            DeadLetterReason.MISSING_FIELD);
            for (Impairment i : out) {
                assertThat(SchemaValidator.problems("impairment", i)).isEmpty();
            }
        }
    }

    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }
}

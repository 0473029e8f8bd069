package dev.vigil.detector.aws;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.DetectorJob;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.Jobs;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterParts;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Json;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs whose dead letters are too big for one Kinesis record, through the job's real sink on the
 * emulator: before, the sink refused such a dead letter and failed the job, which read the same
 * input again after its restart, for ever. Now each comes out in parts that join to its exact bytes.
 */
class DeadLetterPartsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void anInputTooBigForADeadLetterRecordComesOutInPartsAndTheJobGoesOn(@TempDir Path tmp) throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"))) {
            // Given, in the metrics stream, a record that is one line of 900,000 bytes (over the line
            // limit: an oversized line, its dead letter 1.2 MB in base64) and a record of 1,000,000
            // bytes that says it is gzip and is not (its dead letter is the whole record)
            String metrics = aws.createStream("metrics", 1);
            String events = aws.createStream("events", 1);
            String impairments = aws.createStream("impairments", 1);
            String deadLetters = aws.createStream("dead-letters", 1);
            byte[] line = new byte[900_000];
            Arrays.fill(line, (byte) 'x');
            byte[] notGzip = new byte[1_000_000];
            new Random(1).nextBytes(notGzip);
            notGzip[0] = 0x1f;
            notGzip[1] = (byte) 0x8b;
            aws.put("metrics", List.of(line, notGzip), List.of("big-line", "not-gzip"));
            Path configFile = tmp.resolve("job.json");
            Files.writeString(configFile, aws.jobConfigJson(metrics, events, impairments, deadLetters, true));

            // When the job runs
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            JobEnvironment.configure(env);
            env.setParallelism(1);
            DetectorJob.wire(env, JobConfig.of(JobConfig.readJson(configFile)));
            JobClient job = env.executeAsync("vigil-dead-letter-parts");
            List<DeadLetter> dead = new ArrayList<>();
            try {
                LocalAws.Reader reader = aws.reader("dead-letters");
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!complete(dead, 2) && System.nanoTime() < deadline) {
                    reader.poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
                    if (job.getJobStatus().get().isGloballyTerminalState()) {
                        job.getJobExecutionResult().get(); // throws the job's failure cause
                    }
                    Thread.sleep(250);
                }
                // Then the job never failed over (a sink's refusal restarts it and reads the input again)
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
            } finally {
                Jobs.end(job);
            }

            // and each input is one dead letter in parts, each part valid by the schema, joining to its exact bytes
            Map<String, List<DeadLetter>> bySha = dead.stream().collect(Collectors.groupingBy(DeadLetter::getWholeSha256));
            assertThat(bySha).hasSize(2);
            assertThat(dead).allSatisfy(d -> {
                assertThat(d.isPart()).isTrue();
                assertThat(SchemaValidator.problems("dead-letter", d)).isEmpty();
            });
            List<byte[]> joined = bySha.values().stream().map(DeadLetterPartsITCase::distinctParts)
                    .map(DeadLetterParts::join).collect(Collectors.toList());
            assertThat(joined).anySatisfy(b -> assertThat(b).isEqualTo(line));
            assertThat(joined).anySatisfy(b -> assertThat(b).isEqualTo(notGzip));
            assertThat(dead.stream().map(DeadLetter::getReason).distinct())
                    .containsExactlyInAnyOrder(DeadLetterReason.OVERSIZED, DeadLetterReason.BAD_COMPRESSION);
        }
    }

    /** One of each part (a retried put may deliver one twice). */
    private static List<DeadLetter> distinctParts(List<DeadLetter> parts) {
        return new ArrayList<>(parts.stream().collect(Collectors.toMap(DeadLetter::getPart, d -> d, (a, b) -> a)).values());
    }

    /** Whether {@code n} dead letters have all their parts . */
    private static boolean complete(List<DeadLetter> dead, int n) {
        Map<String, Long> parts = dead.stream().filter(DeadLetter::isPart)
                .collect(Collectors.groupingBy(DeadLetter::getWholeSha256, Collectors.mapping(DeadLetter::getPart,
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        return parts.size() == n && dead.stream().filter(DeadLetter::isPart)
                .allMatch(d -> parts.get(d.getWholeSha256()).intValue() == d.getParts());
    }
}

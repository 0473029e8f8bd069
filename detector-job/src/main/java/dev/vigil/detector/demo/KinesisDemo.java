package dev.vigil.detector.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detector.DetectorJob;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/demo}: the local AWS emulator, the Kinesis streams, the detector job on a local
 * MiniCluster with Flink's web UI, the bundled incident played into the input streams as if it
 * were happening now, and each impairment printed as it arrives on the output stream.
 */
public final class KinesisDemo {
    private static final long MINUTE = 60_000;
    private static final int EXPECTED_IMPAIRMENTS = 10;

    private KinesisDemo() {}

    public static void main(String[] args) throws Exception {
        Path root = LocalAws.projectRoot();
        Path work = root.resolve("target/demo");
        Files.createDirectories(work);
        System.out.println("starting the local AWS emulator (moto) ...");
        try (LocalAws aws = LocalAws.start(root, work.resolve("local-aws"))) {
            String metrics = aws.createStream("vigil-metrics", 1);
            String events = aws.createStream("vigil-events", 1);
            String impairments = aws.createStream("vigil-impairments", 1);
            String deadLetters = aws.createStream("vigil-dead-letters", 1);
            System.out.println("streams created at " + aws.endpoint() + ": vigil-metrics, vigil-events, vigil-impairments, vigil-dead-letters");
            Path configFile = work.resolve("job.json");
            Files.write(configFile, aws.jobConfigJson(metrics, events, impairments, deadLetters, false)
                    .getBytes(StandardCharsets.UTF_8));
            JobConfig config = JobConfig.of(JobConfig.readJson(configFile));

            Configuration flink = new Configuration();
            flink.set(RestOptions.BIND_PORT, "8081-8099");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(2);
            DetectorJob.wire(env, config);
            JobClient job = env.executeAsync("vigil-detector");
            System.out.println("detector running on a local MiniCluster; Flink web UI on http://localhost:8081 (or the next free port up to 8099)");

            Recording recording = shiftedToNow(Recording.demo());
            System.out.println("playing the bundled incident: a web fleet behind an ALB; i-0a1b2c3d4e5f60718 fails its status "
                    + "checks, 5xx and latency climb on its target group, Auto Scaling replaces it");
            List<byte[]> records = recording.metricRecords(25);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                keys.add("relay-" + i);
            }
            aws.put("vigil-metrics", records, keys);
            List<String> eventKeys = new ArrayList<>();
            for (int i = 0; i < recording.eventLines().size(); i++) {
                eventKeys.add("event-" + i);
            }
            aws.put("vigil-events", recording.eventRecords(), eventKeys);
            System.out.printf("played %d metric-stream records (%d datapoint lines) and %d events; impairments as they arrive:%n%n",
                    records.size(), recording.metricLines().size(), recording.eventLines().size());

            LocalAws.Reader impairmentReader = aws.reader("vigil-impairments");
            LocalAws.Reader deadReader = aws.reader("vigil-dead-letters");
            int seen = 0;
            long deadline = System.currentTimeMillis() + 90_000;
            while (seen < EXPECTED_IMPAIRMENTS && System.currentTimeMillis() < deadline) {
                for (String json : impairmentReader.poll()) {
                    System.out.println("impairment  " + ImpairmentText.line(Json.fromString(json, Impairment.class)));
                    seen++;
                }
                for (String json : deadReader.poll()) {
                    System.out.println("dead-letter " + Json.fromString(json, DeadLetter.class));
                }
                Thread.sleep(200);
            }
            System.out.printf("%n%d impairment records read back from vigil-impairments; shutting down%n", seen);
            job.cancel().get();
            // cancel() returns once acknowledged; the sources must stop before the emulator does.
            awaitTermination(job);
        }
    }

    /** Waits until the job has stopped; a local MiniCluster shuts down with its job, which also counts. */
    private static void awaitTermination(JobClient job) throws InterruptedException {
        while (true) {
            try {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    return;
                }
            } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The same incident, moved so that it ends now: the live parser's age checks apply unchanged. */
    static Recording shiftedToNow(Recording r) {
        long last = 0;
        List<ObjectNode> metrics = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (String line : r.metricLines()) {
            try {
                ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
                metrics.add(n);
                if (n.hasNonNull("timestamp")) {
                    last = Math.max(last, n.get("timestamp").asLong());
                }
            } catch (Exception e) {
                metrics.add(null);
                broken.add(line);
            }
        }
        long shift = Math.floorDiv(System.currentTimeMillis() - last, MINUTE) * MINUTE - MINUTE;
        List<String> metricLines = new ArrayList<>();
        int b = 0;
        for (ObjectNode n : metrics) {
            if (n == null) {
                metricLines.add(broken.get(b++)); // the planted malformed line stays as it is
                continue;
            }
            if (n.hasNonNull("timestamp")) {
                n.put("timestamp", n.get("timestamp").asLong() + shift);
            }
            metricLines.add(n.toString());
        }
        List<String> eventLines = new ArrayList<>();
        for (String line : r.eventLines()) {
            try {
                ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
                n.put("time", Instant.parse(n.get("time").asText()).plusMillis(shift).toString());
                eventLines.add(n.toString());
            } catch (Exception e) {
                eventLines.add(line);
            }
        }
        return new Recording(metricLines, eventLines);
    }
}

package dev.vigil.detector;

import dev.vigil.detector.testing.JobMetrics;
import dev.vigil.detector.testing.Jobs;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector job, as MSF runs it (Kinesis in and out on the emulator), with live rules polled
 * from the emulator's S3 while it runs. It starts under R0; R1, published while it runs, adds a
 * rule (for a metric R0's routing dropped), changes one (its threshold) and removes one; R2 is
 * broken. Event time is driven by the datapoints written (one minute at a time, a datapoint no
 * rule watches closing each minute); each step waits for what the job says (impairments, dead
 * letters, the {@code vigil.rulesVersion} gauge of every rules-using operator), never for a time.
 *
 * <p>Shows: the impairment of the unchanged rule, open before R1, goes on as the same id with
 * gapless revisions to its RESOLVED; the removed rule's impairment resolves (its cause gone); the
 * changed rule judges by its new threshold; the added rule fires; R2 is one {@code invalid_rules}
 * dead letter with R2's exact bytes, naming the rule and key, and R1 stays in force (a resource
 * first seen after R2 opens under R1's added rule).
 */
class LiveRulesITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** 2026-11-22T00:00Z: a minute boundary in the past (the parse limits are off, as for a replay). */
    private static final long T0 = 1_795_305_600_000L;
    private static final long MIN = 60_000;
    private static final String NS = "Vigil/Live";
    private static final String BUCKET = "vigil-rules";
    private static final String KEY = "live/rules.yaml";
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path tmp;

    private LocalAws aws;
    private final List<Impairment> impairments = Collections.synchronizedList(new ArrayList<>());
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private LocalAws.Reader impairmentReader;
    private LocalAws.Reader deadLetterReader;
    private int keys;
    /** The unchanged rule's impairment, opened under R0. */
    private String keepOpenId;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rulesAddedChangedAndRemovedWhileRunningAndABadUpdateRejected(@InjectMiniCluster MiniCluster cluster) throws Exception {
        try (LocalAws local = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"));
             S3Client s3 = s3(local)) {
            aws = local;
            String[] arns = {aws.createStream("metrics", 1), aws.createStream("events", 1),
                    aws.createStream("impairments", 1), aws.createStream("dead-letters", 1)};
            s3.createBucket(b -> b.bucket(BUCKET));
            // Given the job started under R0 (the start file) and polling the live object, which holds R0 too
            Path r0File = Files.writeString(tmp.resolve("r0.yaml"), r0());
            s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString(r0()));
            Path config = Files.writeString(tmp.resolve("job.json"), aws.jobConfigJson(arns[0], arns[1], arns[2], arns[3], true)
                    .replace("\"Detector\": {", "\"Detector\": {\"rules.location\": \"" + r0File + "\", "
                            + "\"rules.live.location\": \"s3://" + BUCKET + "/" + KEY + "\", \"rules.live.interval.ms\": \"300\", ")
                    .replace("\"Aws\": {", "\"Topology\": {\"api.enabled\": \"false\"},\n  \"Aws\": {"));
            JobConfig jobConfig = JobConfig.of(JobConfig.readJson(config));
            impairmentReader = aws.reader("impairments");
            deadLetterReader = aws.reader("dead-letters");
            JobID job = cluster.submitJob(graph(jobConfig, null)).get().getJobID();
            JobID restored = null;
            try {
                beforeRestart(s3, job);
                // When the job is stopped with a savepoint (as MSF does on every update) and restored from it
                String savepoint = cluster.stopWithSavepoint(job, tmp.resolve("savepoints").toUri().toString(), false,
                        SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
                cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
                restored = cluster.submitJob(graph(jobConfig, savepoint)).get().getJobID();
                afterRestart(job, restored);
            } finally {
                // Both ended before the emulator goes: a job still cancelling when it does fails over
                // into restarts that the cluster's shutdown then races
                Jobs.end(cluster, restored);
                Jobs.end(cluster, job);
            }
        }
    }

    private static JobGraph graph(JobConfig config, String savepoint) {
        return DetectorJobGraphs.of(config, 1, savepoint);
    }

    private void beforeRestart(S3Client s3, JobID job) throws Exception {
        await(() -> versions(job).size() == 3 && versions(job).stream().allMatch(v -> v == 1), "R0 in force everywhere");

        // When, under R0, i-keep and i-gone breach their rules, i-tuned stays under R0's threshold and
        // i-added reports a metric no rule of R0 watches
        for (int m = 0; m < 4; m++) {
            minute(m, Map.of("i-keep", 50.0), Map.of("i-gone", 500.0), Map.of("i-tuned", 200.0), Map.of("i-added", 1.0));
        }
        await(() -> opened("i-keep") && opened("i-gone"), "i-keep and i-gone open under R0");
        keepOpenId = of("i-keep").get(0).getId();
        assertThat(of("i-tuned")).as("under R0's threshold").isEmpty();
        assertThat(of("i-added")).as("no rule of R0 watches it").isEmpty();

        // When R1 is published: rule 'added' new, 'tuned' at a lower threshold, 'gone' removed
        s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString(r1()));
        await(() -> versions(job).stream().allMatch(v -> v == 2), "R1 applied by every rules-using operator");
        for (int m = 4; m < 9; m++) {
            minute(m, Map.of("i-keep", 50.0), Map.of("i-gone", 500.0), Map.of("i-tuned", 200.0), Map.of("i-added", 1.0));
        }

        // Then the added rule fires for the metric R0 dropped, the changed one by its new threshold,
        // and the removed rule's impairment resolves, its cause gone
        await(() -> opened("i-added") && opened("i-tuned") && resolved("i-gone"), "R1's rules judged");
        assertThat(of("i-added").get(0).getSummary()).contains("rule:added");
        assertThat(of("i-tuned").get(0).getSummary()).contains("rule:tuned");
        gapless(of("i-gone"));

        // When R2, broken, is published
        String r2 = r1().replace("threshold: 100\n", "threshold: lots\n");
        s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString(r2));

        // Then it is one dead letter of exactly its bytes, naming the rule and key, and counted
        await(() -> !rulesDeadLetters().isEmpty(), "R2 rejected");
        assertThat(rulesDeadLetters()).hasSize(1);
        DeadLetter rejected = rulesDeadLetters().get(0);
        assertThat(rejected.getReason()).isEqualTo(DeadLetterReason.INVALID_RULES);
        assertThat(rejected.getSourceStream()).isEqualTo("rules");
        assertThat(rejected.getOriginal()).isEqualTo(r2.getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.getMessage()).contains("s3://" + BUCKET + "/" + KEY).contains("tuned").contains("threshold");
        await(() -> counter(job, "rulesRejected") == 1, "the rejection counted");
        assertThat(versions(job)).containsOnly(2L);
        assertThat(counter(job, "rulesApplied")).as("R0 and R1, by three operators").isEqualTo(6);
    }

    private void afterRestart(JobID before, JobID job) throws Exception {
        // Then the restored job has R1 in force from its broadcast state, without applying anything
        // again, and its rules source, which remembers the object's last version, reads nothing again
        await(() -> versions(job).size() == 3 && versions(job).stream().allMatch(v -> v == 2),
                "R1 restored in every rules-using operator");
        Thread.sleep(1_500); // several polls of the unchanged object
        assertThat(counter(job, "rulesApplied")).as("restored, not applied again").isZero();
        assertThat(counter(job, "rulesRejected")).as("R2 not read again").isZero();

        // and R1 stays in force: a resource first seen now opens under R1's added rule, while i-keep recovers
        for (int m = 9; m < 15; m++) {
            minute(m, Map.of("i-keep", 0.0), Map.of(), Map.of("i-tuned", 200.0), Map.of("i-added", 1.0, "i-added-2", 1.0));
        }
        await(() -> opened("i-added-2") && resolved("i-keep"), "i-added-2 open under R1, i-keep resolved");
        assertThat(of("i-added-2").get(0).getSummary()).contains("rule:added");
        assertThat(versions(job)).containsOnly(2L);

        // and the unchanged rule's impairment, open before R1, went on as itself: one id, gapless to RESOLVED
        List<Impairment> keep = of("i-keep");
        assertThat(keep).extracting(Impairment::getId).containsOnly(keepOpenId);
        assertThat(keep.stream().filter(i -> i.getState() == LifecycleState.OPEN)).hasSize(1);
        gapless(keep);
        assertThat(keep).allSatisfy(i -> assertThat(i.getSummary()).contains("rule:keep"));
        // and no datapoint was late: the rules stream never moved event time (it carries none)
        assertThat(deadLetters).as("dead letters").hasSize(1);
        // and the Kinesis source's shard positions came back with the savepoint: the two jobs together
        // read every datapoint put, once (a restored job that read its shards again from the start
        // would count the first job's too)
        await(() -> counter(before, "datapointsParsed") + counter(job, "datapointsParsed") >= keys, "every datapoint read");
        Thread.sleep(1_000);
        assertThat(counter(before, "datapointsParsed") + counter(job, "datapointsParsed")).isEqualTo(keys);
    }

    /** One minute's datapoints (resource to value per metric: Errors, Latency, Queue, Saturation), then a datapoint closing it. */
    @SafeVarargs
    private void minute(int m, Map<String, Double>... perMetric) {
        String[] metrics = {"Errors", "Latency", "Queue", "Saturation"};
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < perMetric.length; i++) {
            for (Map.Entry<String, Double> e : perMetric[i].entrySet()) {
                records.add(datapoint(metrics[i], e.getKey(), T0 + m * MIN + 10_000, e.getValue()));
            }
        }
        // 40 s into the next minute: with 30 s out of orderness the watermark passes this minute's end
        records.add(datapoint("Heartbeat", "i-none", T0 + (m + 1) * MIN + 40_000, 1));
        aws.put("metrics", records, IntStream.range(0, records.size()).mapToObj(i -> "k" + (keys++)).collect(Collectors.toList()));
    }

    private static byte[] datapoint(String metric, String instance, long ts, double v) {
        return String.format(java.util.Locale.ROOT, "{\"metric_stream_name\":\"vigil\",\"account_id\":\"111122223333\","
                + "\"region\":\"eu-west-1\",\"namespace\":\"%s\",\"metric_name\":\"%s\",\"dimensions\":{\"InstanceId\":\"%s\"},"
                + "\"timestamp\":%d,\"value\":{\"max\":%s,\"min\":%s,\"sum\":%s,\"count\":1.0},\"unit\":\"None\"}",
                NS, metric, instance, ts, v, v, v).getBytes(StandardCharsets.UTF_8);
    }

    private static String rule(String id, String metric, double threshold) {
        return "  - id: " + id + "\n"
                + "    namespace: " + NS + "\n"
                + "    metricName: " + metric + "\n"
                + "    dimensions: [InstanceId]\n"
                + "    statistic: Maximum\n"
                + "    periodSeconds: 60\n"
                + "    detector: threshold\n"
                + "    comparison: GreaterThanThreshold\n"
                + "    threshold: " + (threshold == Math.rint(threshold) ? String.valueOf((long) threshold) : String.valueOf(threshold)) + "\n"
                + "    datapointsToAlarm: 2\n"
                + "    evaluationPeriods: 2\n"
                + "    treatMissingData: missing\n"
                + "    healthyThreshold: 2\n"
                + "    impairmentType: APPLICATION_ERROR\n"
                + "    severity: HIGH\n"
                + "    resourceDimension: InstanceId\n"
                + "    resourceType: EC2_INSTANCE\n"
                + "    recommendedActions: [NOTIFY]\n";
    }

    private static String r0() {
        return "version: 1\nrules:\n" + rule("keep", "Errors", 10) + rule("gone", "Latency", 100) + rule("tuned", "Queue", 500);
    }

    private static String r1() {
        return "version: 2\nrules:\n" + rule("keep", "Errors", 10) + rule("tuned", "Queue", 100) + rule("added", "Saturation", 0.9);
    }

    private List<Impairment> of(String resource) {
        synchronized (impairments) {
            return impairments.stream().filter(i -> i.getResourceId().equals(resource)).collect(Collectors.toList());
        }
    }

    private boolean opened(String resource) {
        return of(resource).stream().anyMatch(i -> i.getState() == LifecycleState.OPEN);
    }

    private boolean resolved(String resource) {
        return of(resource).stream().anyMatch(i -> i.getState() == LifecycleState.RESOLVED);
    }

    private List<DeadLetter> rulesDeadLetters() {
        synchronized (deadLetters) {
            return deadLetters.stream().filter(d -> d.getSourceStream().equals("rules")).collect(Collectors.toList());
        }
    }

    /** One impairment's records: revisions 0, 1, ... without a gap, OPEN first, RESOLVED last. */
    private static void gapless(List<Impairment> records) {
        assertThat(records).extracting(Impairment::getRevision)
                .containsExactlyElementsOf(IntStream.range(0, records.size()).boxed().collect(Collectors.toList()));
        assertThat(records.get(0).getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(records.get(records.size() - 1).getState()).isEqualTo(LifecycleState.RESOLVED);
    }

    /** Waits for {@code condition}, reading the outputs meanwhile. */
    private void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            for (String line : impairmentReader.poll()) {
                impairments.add(Json.fromString(line, Impairment.class));
            }
            for (String line : deadLetterReader.poll()) {
                deadLetters.add(Json.fromString(line, DeadLetter.class));
            }
            if (condition.getAsBoolean()) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("waiting for: %s; impairments %s; dead letters %s", what,
                    impairments, deadLetters).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** {@code vigil.rulesVersion} of every subtask of every operator that uses rules. */
    private static List<Long> versions(JobID job) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<String, Metric> e : METRICS.findMetrics(job, "rulesVersion").entrySet()) {
            if (e.getKey().endsWith("vigil.rulesVersion")) {
                out.add(((Number) ((Gauge<?>) e.getValue()).getValue()).longValue());
            }
        }
        return out;
    }

    private static long counter(JobID job, String name) {
        return JobMetrics.counter(METRICS, job, name);
    }

    private static S3Client s3(LocalAws aws) {
        return S3Client.builder().endpointOverride(URI.create(aws.endpoint())).region(Region.of(LocalAws.REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))).build();
    }
}

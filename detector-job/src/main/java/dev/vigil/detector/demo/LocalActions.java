package dev.vigil.detector.demo;

import dev.vigil.actions.ActionsJob;
import dev.vigil.actions.config.ActionsJobConfig;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code scripts/actions-local}: the standalone actions job ({@link ActionsJob}, exactly its wiring)
 * on a local MiniCluster against the AWS emulator. It creates the streams, the demo's fleet (Auto
 * Scaling group web-asg of four instances) and an SNS topic, writes the job's config file (the one
 * {@code ActionsJob --config} reads), puts impairment records into the impairments stream, prints
 * each action outcome as it arrives and what the emulator shows afterwards, then shuts down.
 *
 * <p>The records are a file of impairment JSON lines (e.g. a replay's {@code impairments.jsonl});
 * without one, the bundled demo incident is run through the detector first. The recording's
 * instance ids are mapped onto the emulator's, so the demo's actions have something to act on.
 */
public final class LocalActions {
    private LocalActions() {}

    public static void main(String[] args) throws Exception {
        Path impairmentsFile = null;
        Path plans = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            if ("--dry-run".equals(args[i])) {
                dryRun = true;
            } else if ("--plans".equals(args[i]) && i + 1 < args.length) {
                plans = Paths.get(args[++i]).toAbsolutePath();
            } else if (!args[i].startsWith("--") && impairmentsFile == null) {
                impairmentsFile = Paths.get(args[i]).toAbsolutePath();
            } else {
                System.err.println("usage: scripts/actions-local [IMPAIRMENTS.jsonl] [--dry-run] [--plans FILE]");
                System.exit(2);
            }
        }
        List<String> records = impairmentsFile == null ? demoImpairments() : Files.readAllLines(impairmentsFile);
        Path root = LocalAws.projectRoot();
        Path work = root.resolve("target/actions-local");
        Files.createDirectories(work);
        System.out.println("starting the local AWS emulator (moto) ...");
        try (LocalAws aws = LocalAws.start(root, work.resolve("local-aws"))) {
            String impairments = aws.createStream("vigil-impairments", 1);
            String outcomes = aws.createStream("vigil-action-outcomes", 1);
            String deadLetters = aws.createStream("vigil-dead-letters", 1);
            DemoFleet fleet = new DemoFleet(aws.endpoint());
            System.out.println("fleet in the emulator (" + DemoFleet.REGION + "): web-asg " + fleet.instances()
                    + ", desired " + fleet.group().desiredCapacity() + "; topic " + fleet.topicArn);
            Path config = work.resolve("actions.json");
            Files.write(config, config(aws, impairments, outcomes, deadLetters, fleet.topicArn, plans, dryRun)
                    .getBytes(StandardCharsets.UTF_8));
            System.out.println("job config " + config + " (ActionsJob --config reads this file)");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            ActionsJob.wire(env, ActionsJobConfig.load(new String[] {"--config", config.toString()}));
            JobClient job = env.executeAsync("vigil-actions");

            List<String> mapped = fleet.replace(records);
            List<byte[]> data = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String line : mapped) {
                if (line.isBlank()) {
                    continue;
                }
                data.add(line.getBytes(StandardCharsets.UTF_8));
                keys.add(partitionKey(line));
            }
            aws.put("vigil-impairments", data, keys);
            System.out.printf("put %d impairment records into vigil-impairments%s; outcomes as they arrive:%n%n",
                    data.size(), dryRun ? " (dry run)" : "");

            int seen = follow(aws);
            System.out.printf("%n%d action outcomes read back from vigil-action-outcomes%n", seen);
            System.out.println("in the emulator now: web-asg desired " + fleet.group().desiredCapacity() + ", instances "
                    + fleet.instances() + "; shutting down");
            fleet.close();
            job.cancel().get();
            KinesisDemo.awaitTermination(job);
        }
    }

    /** Prints outcomes and dead letters until they have been quiet a while; returns the outcomes seen. */
    private static int follow(LocalAws aws) throws InterruptedException {
        LocalAws.Reader outcomes = aws.reader("vigil-action-outcomes");
        LocalAws.Reader dead = aws.reader("vigil-dead-letters");
        int seen = 0;
        long start = System.currentTimeMillis();
        long last = start;
        while (System.currentTimeMillis() - start < 120_000
                && System.currentTimeMillis() - last < (seen == 0 ? 60_000 : 5_000)) {
            for (String json : outcomes.poll()) {
                System.out.println("  action    " + DemoFleet.line(Json.fromString(json, ActionOutcome.class)));
                seen++;
                last = System.currentTimeMillis();
            }
            for (String json : dead.poll()) {
                System.out.println("dead-letter " + Json.fromString(json, DeadLetter.class));
                last = System.currentTimeMillis();
            }
            Thread.sleep(200);
        }
        return seen;
    }

    /** One shard, but keyed as the detector writes them: by resource. */
    private static String partitionKey(String line) {
        try {
            return Json.fromString(line, Impairment.class).getResourceId();
        } catch (IllegalArgumentException e) {
            return "unparsable"; // the job dead-letters it
        }
    }

    private static String config(LocalAws aws, String impairments, String outcomes, String deadLetters, String topic,
                                 Path plans, boolean dryRun) {
        return "{\n"
                + "  \"Input\": {\"impairments.stream.arn\": \"" + impairments + "\", \"start.position\": \"TRIM_HORIZON\","
                + " \"shard.discovery.interval.ms\": \"1000\"},\n"
                + "  \"Output\": {\"outcomes.stream.arn\": \"" + outcomes + "\", \"deadletters.stream.arn\": \""
                + deadLetters + "\"},\n"
                + "  \"Aws\": {\"region\": \"" + LocalAws.REGION + "\", \"endpoint\": \"" + aws.endpoint() + "\","
                + " \"credentials.provider\": \"BASIC\", \"access.key.id\": \"" + LocalAws.ACCESS_KEY + "\","
                + " \"secret.access.key\": \"" + LocalAws.SECRET_KEY + "\"},\n"
                + "  \"Actions\": {\"region\": \"" + DemoFleet.REGION + "\", \"scope.accounts\": \"*\","
                + " \"scope.regions\": \"*\", \"scope.resources\": \"i-*," + DemoFleet.GROUP + "\","
                + " \"ledger.table\": \"vigil-actions\", \"ledger.create.table\": \"true\", \"notify.topic.arn\": \""
                + topic + "\", \"retry.budget.ms\": \"2000\", \"dry.run\": \"" + dryRun + "\""
                + (plans == null ? "" : ", \"plans.location\": \"" + plans + "\"") + "}\n"
                + "}\n";
    }

    /** The bundled incident through the detector, as the impairment records it publishes. */
    private static List<String> demoImpairments() throws Exception {
        System.out.println("no impairments file given: running the bundled demo incident through the detector ...");
        Recording r = Recording.demo();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DetectorPipeline.Outputs out = DetectorPipeline.build(
                env.fromData(r.metricRecords(25), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                env.fromData(r.eventRecords(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                DetectorConfig.defaults().forReplay());
        List<Impairment> found = new ArrayList<>();
        try (CloseableIterator<Impairment> it = out.impairments.executeAndCollect("demo-impairments")) {
            it.forEachRemaining(found::add);
        }
        // The detector keeps each impairment's records in order; across impairments, by time.
        found.sort(Comparator.comparingLong(Impairment::getDetectionTime).thenComparing(Impairment::getId)
                .thenComparingInt(Impairment::getRevision));
        List<String> lines = new ArrayList<>();
        found.forEach(i -> lines.add(Json.toString(i)));
        return lines;
    }
}

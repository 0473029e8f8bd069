package dev.vigil.tools.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detector.DetectorJob;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.detector.testing.Recording;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
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
import java.util.Map;
import java.util.Properties;

/**
 * {@code scripts/demo}: the local AWS emulator, the Kinesis streams, the detector job on a local
 * MiniCluster with Flink's web UI, the bundled incident played into the input streams as if it
 * were happening now, and each impairment printed as it arrives on the output stream. The recovery
 * actions run in the same job against a fleet rebuilt in the emulator: the failed instance is
 * terminated through its Auto Scaling group, which replaces it, and each action outcome is printed.
 */
public final class KinesisDemo {
    private static final long MINUTE = 60_000;
    private static final int EXPECTED_IMPAIRMENTS = 10;

    private KinesisDemo() {}

    /**
     * Without arguments: an emulator of its own with the streams created here. With
     * {@code --endpoint URL --streams metrics=ARN,events=ARN,impairments=ARN,deadletters=ARN,outcomes=ARN}
     * (what {@code scripts/demo --endpoint URL --stack-name NAME} passes): the streams of a stack
     * {@code scripts/deploy --endpoint} created in a running emulator.
     */
    public static void main(String[] args) throws Exception {
        Path root = LocalAws.projectRoot();
        Path work = root.resolve("target/demo");
        Files.createDirectories(work);
        Map<String, String> given = streamsArg(args);
        String endpointArg = option(args, "--endpoint");
        if (endpointArg == null) {
            System.out.println("starting the local AWS emulator (moto) ...");
        }
        try (LocalAws aws = endpointArg == null ? LocalAws.start(root, work.resolve("local-aws")) : LocalAws.attach(root, endpointArg)) {
            String metrics;
            String events;
            String impairments;
            String deadLetters;
            String outcomes;
            if (given.isEmpty()) {
                metrics = aws.createStream("vigil-metrics", 1);
                events = aws.createStream("vigil-events", 1);
                impairments = aws.createStream("vigil-impairments", 1);
                deadLetters = aws.createStream("vigil-dead-letters", 1);
                outcomes = aws.createStream("vigil-action-outcomes", 1);
                System.out.println("streams created at " + aws.endpoint() + ": vigil-metrics, vigil-events, vigil-impairments, "
                        + "vigil-dead-letters, vigil-action-outcomes");
            } else {
                metrics = required(given, "metrics");
                events = required(given, "events");
                impairments = required(given, "impairments");
                deadLetters = required(given, "deadletters");
                outcomes = required(given, "outcomes");
                System.out.println("using the stack's streams at " + aws.endpoint() + ": " + String.join(", ", given.values()));
            }
            DemoFleet fleet = new DemoFleet(aws.endpoint());
            System.out.println("fleet created in the emulator (" + DemoFleet.REGION + "): Auto Scaling group web-asg "
                    + fleet.instances() + ", desired " + fleet.group().desiredCapacity() + "; the recording's "
                    + "instances are mapped onto them: " + fleet.ids);
            Path configFile = work.resolve("job.json");
            Files.write(configFile, aws.jobConfigJson(metrics, events, impairments, deadLetters, false)
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, Properties> groups = JobConfig.readJson(configFile);
            groups.get("Output").setProperty("outcomes.stream.arn", outcomes);
            groups.put("Actions", actionsGroup(fleet.topicArn));
            JobConfig config = JobConfig.of(groups);

            Configuration flink = new Configuration();
            flink.set(RestOptions.BIND_PORT, "8081-8099");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(2);
            DetectorJob.wire(env, config);
            JobClient job = env.executeAsync("vigil-detector");
            System.out.println("detector running on a local MiniCluster; Flink web UI on http://localhost:8081 (or the next free port up to 8099)");

            Recording recording = shiftedToNow(fleet.mapped(Recording.demo()));
            String victim = fleet.ids.get(DemoFleet.RECORDED.get(0));
            System.out.println("playing the bundled incident: a web fleet behind an ALB; " + victim + " fails its status "
                    + "checks, 5xx and latency climb on its target group; Vigil replaces it");
            try (RelayProcess relay = RelayProcess.start(root, metrics, aws.endpoint())) {
                // As Firehose delivers a metric stream: records of a few newline-separated lines, several records a request.
                List<List<byte[]>> deliveries = FirehoseFeed.deliveries(recording.metricLines(), 5, 8);
                // One delivery is sent twice, as Firehose does when it retries one it is not sure
                // arrived: again right after the next, with the same request id. It is one without
                // the planted broken lines (they would be dead-lettered twice); the detector drops
                // its datapoints as duplicates.
                int retried = FirehoseFeed.firstClean(deliveries, deliveries.size() / 2);
                // Events go in as EventBridge would put them: by the time the metrics reach their minute.
                List<String> pendingEvents = new ArrayList<>(recording.eventLines());
                String eventStream = nameOf(events);
                for (int i = 0; i < deliveries.size(); i++) {
                    FirehoseFeed.putEventsUpTo(aws, eventStream, pendingEvents, FirehoseFeed.maxTimestamp(deliveries.get(i)));
                    FirehoseFeed.send(relay, "delivery-" + i, deliveries.get(i));
                    if (i == retried + 1) {
                        FirehoseFeed.send(relay, "delivery-" + retried, deliveries.get(retried));
                    }
                }
                FirehoseFeed.putEventsUpTo(aws, eventStream, pendingEvents, Long.MAX_VALUE);
                System.out.printf("sent %d Firehose deliveries (%d datapoint lines) through the relay on %s into vigil-metrics, "
                                + "delivery %d twice as a Firehose retry would (its datapoints are dropped as duplicates)%n",
                        deliveries.size(), recording.metricLines().size(), relay.url(), retried + 1);
            }
            System.out.printf("played %d events into the events stream as EventBridge rules put them, in time with the "
                    + "metrics; impairments as they arrive:%n%n", recording.eventLines().size());

            LocalAws.Reader impairmentReader = aws.reader(nameOf(impairments));
            LocalAws.Reader deadReader = aws.reader(nameOf(deadLetters));
            LocalAws.Reader outcomeReader = aws.reader(nameOf(outcomes));
            int seen = 0;
            int actions = 0;
            long deadline = System.currentTimeMillis() + 90_000;
            long quietSince = Long.MAX_VALUE;
            boolean replaced = false;
            // Until every impairment is read, the replacement is reported, and the outcomes have been
            // quiet for a few seconds.
            while (System.currentTimeMillis() < deadline && (seen < EXPECTED_IMPAIRMENTS || !replaced
                    || System.currentTimeMillis() - quietSince < 3_000)) {
                boolean any = false;
                for (String json : impairmentReader.poll()) {
                    System.out.println("impairment  " + ImpairmentText.line(Json.fromString(json, Impairment.class)));
                    seen++;
                    any = true;
                }
                for (String json : deadReader.poll()) {
                    System.out.println("dead-letter " + Json.fromString(json, DeadLetter.class));
                }
                for (String json : outcomeReader.poll()) {
                    ActionOutcome o = Json.fromString(json, ActionOutcome.class);
                    System.out.println("  action    " + DemoFleet.line(o));
                    replaced |= o.getType() == ActionType.REPLACE_INSTANCE && o.getStatus() == OutcomeStatus.SUCCEEDED;
                    actions++;
                    any = true;
                }
                if (any || quietSince == Long.MAX_VALUE && seen >= EXPECTED_IMPAIRMENTS) {
                    quietSince = System.currentTimeMillis();
                }
                Thread.sleep(200);
            }
            System.out.printf("%n%d impairment records read back from vigil-impairments, %d action outcomes from "
                    + "vigil-action-outcomes%n", seen, actions);
            System.out.println("in the emulator now: " + victim + " is " + fleet.state(victim) + "; web-asg desired "
                    + fleet.group().desiredCapacity() + ", instances " + fleet.instances() + "; shutting down");
            fleet.close();
            job.cancel().get();
            // cancel() returns once acknowledged; the sources must stop before the emulator does.
            awaitTermination(job);
        }
    }

    private static String nameOf(String streamArn) {
        return streamArn.substring(streamArn.lastIndexOf('/') + 1);
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static Map<String, String> streamsArg(String[] args) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String v = option(args, "--streams");
        if (v != null) {
            for (String kv : v.split(",")) {
                int eq = kv.indexOf('=');
                out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static String required(Map<String, String> streams, String key) {
        String v = streams.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--streams needs " + key + "=ARN");
        }
        return v;
    }

    /**
     * The actions for the demo: in the recording's account and region, on its instances and group
     * only, with a DynamoDB ledger created in the emulator and notifications to the demo topic.
     */
    private static Properties actionsGroup(String topicArn) {
        Properties p = new Properties();
        p.setProperty("enabled", "true");
        p.setProperty("region", DemoFleet.REGION);
        p.setProperty("scope.accounts", "111122223333");
        p.setProperty("scope.regions", DemoFleet.REGION);
        p.setProperty("scope.resources", "i-*," + DemoFleet.GROUP);
        p.setProperty("ledger.table", "vigil-actions");
        p.setProperty("ledger.create.table", "true");
        p.setProperty("notify.topic.arn", topicArn);
        p.setProperty("retry.budget.ms", "2000");
        return p;
    }

    /** Waits until the job has stopped; a local MiniCluster shuts down with its job, which also counts. */
    static void awaitTermination(JobClient job) throws InterruptedException {
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

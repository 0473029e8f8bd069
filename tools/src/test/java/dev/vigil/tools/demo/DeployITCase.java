package dev.vigil.tools.demo;

import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/deploy --endpoint} against the emulator, then the detector (the Kinesis demo, its
 * metrics through the relay) against the streams that stack created: the deployment path as far as
 * this machine can take it. The stack's applications, Firehose stream and metric stream are types
 * moto's CloudFormation cannot create; the script says so and the demo stands in for them.
 */
class DeployITCase {

    @Test
    void theStackDeploysToTheEmulatorAndTheDetectorRunsOnItsStreams(@TempDir Path tmp) throws Exception {
        Path root = LocalAws.projectRoot();
        try (LocalAws aws = LocalAws.start(root, tmp.resolve("local-aws"))) {
            // When scripts/deploy deploys to the emulator (the jars built by this very build)
            Process deploy = new ProcessBuilder(root.resolve("scripts/deploy").toString(), "--endpoint", aws.endpoint(),
                    "--stack-name", "vigil-it", "--no-build").directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(deploy.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(deploy.exitValue()).as(out).isZero();

            // Then it says what the emulator could not create, and the stack's streams, table and outputs exist
            assertThat(out).contains("skipped DetectorApplication (AWS::KinesisAnalyticsV2::Application)",
                    "skipped ActionsApplication (AWS::KinesisAnalyticsV2::Application)",
                    "skipped MetricsFirehose (AWS::KinesisFirehose::DeliveryStream)",
                    "skipped MetricStream (AWS::CloudWatch::MetricStream)");
            Map<String, String> outputs = outputs(out);
            assertThat(outputs).containsKeys("MetricsStreamArn", "EventsStreamArn", "ImpairmentsStreamArn",
                    "DeadLettersStreamArn", "OutcomesStreamArn", "LedgerTable", "NotifyTopicArn");
            assertThat(aws.kinesis().listStreams().streamNames()).contains("vigil-metrics", "vigil-events",
                    "vigil-impairments", "vigil-dead-letters", "vigil-action-outcomes");
            try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(aws.endpoint()))
                    .region(Region.of(LocalAws.REGION)).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))).build()) {
                assertThat(dynamo.describeTable(b -> b.tableName(outputs.get("LedgerTable"))).table().keySchema().get(0)
                        .attributeName()).isEqualTo("actionId");
            }

            // When the detector runs against the stack's streams, fed through the relay as Firehose would
            String streams = "metrics=" + outputs.get("MetricsStreamArn") + ",events=" + outputs.get("EventsStreamArn")
                    + ",impairments=" + outputs.get("ImpairmentsStreamArn") + ",deadletters="
                    + outputs.get("DeadLettersStreamArn") + ",outcomes=" + outputs.get("OutcomesStreamArn");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                KinesisDemo.main(new String[] {"--endpoint", aws.endpoint(), "--streams", streams});
            } finally {
                System.setOut(stdout);
            }
            String demo = printed.toString(StandardCharsets.UTF_8);
            stdout.print(demo);

            // Then the incident's impairments are on the stack's impairments stream, the planted
            // broken lines on its dead letters, and the retried delivery left no late datapoints
            List<Impairment> impairments = new ArrayList<>();
            aws.reader("vigil-impairments").poll().forEach(j -> impairments.add(Json.fromString(j, Impairment.class)));
            List<DeadLetter> dead = new ArrayList<>();
            aws.reader("vigil-dead-letters").poll().forEach(j -> dead.add(Json.fromString(j, DeadLetter.class)));
            assertThat(impairments).hasSize(10);
            assertThat(impairments.stream().filter(i -> i.getState() == LifecycleState.OPEN).count()).isEqualTo(3);
            assertThat(dead.stream().map(d -> d.getReason().code()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("non_finite", "malformed_json", "missing_field");
            assertThat(demo).contains("through the relay", "10 impairment records read back");
            Files.writeString(tmp.resolve("demo.txt"), demo);
        }
    }

    /** The "  Key<TAB>Value" lines scripts/deploy prints for the stack's outputs. */
    private static Map<String, String> outputs(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split("\t");
            if (line.startsWith("  ") && kv.length == 2) {
                m.put(kv[0], kv[1]);
            }
        }
        return m;
    }
}

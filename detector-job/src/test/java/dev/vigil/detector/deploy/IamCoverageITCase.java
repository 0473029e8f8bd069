package dev.vigil.detector.deploy;

import dev.vigil.detector.testing.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.actions.exec.Database;
import dev.vigil.actions.exec.Dns;
import dev.vigil.actions.exec.Fleet;
import dev.vigil.actions.exec.Notifier;
import dev.vigil.actions.exec.Services;
import dev.vigil.actions.exec.Traffic;
import dev.vigil.actions.exec.aws.EcsSsmServices;
import dev.vigil.actions.exec.aws.ElbTraffic;
import dev.vigil.actions.exec.aws.RdsDatabase;
import dev.vigil.actions.exec.aws.Route53Dns;
import dev.vigil.actions.exec.aws.SdkFleet;
import dev.vigil.actions.exec.aws.SnsNotifier;
import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.actions.ledger.IdempotencyLedger;
import dev.vigil.common.aws.AwsClients;
import dev.vigil.detector.DetectorJob;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.testing.LocalAws;
import dev.vigil.detector.testing.Recording;
import dev.vigil.detector.topology.AwsTopologyApi;
import dev.vigil.detector.topology.TopologyApi;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.arczonalshift.ArcZonalShiftClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM policies of {@code deploy/vigil.yaml} against the AWS calls the code makes, recorded by
 * {@link RecordingInterceptor} while the code runs against the emulator: fails when a policy grants
 * less (the call would be denied on AWS) or more (least privilege) than the code uses.
 * <ul>
 * <li>the actions: every method of every SDK adapter the plans' executors call through (Fleet, Dns,
 * Database, Services, Traffic, Notifier) and of the DynamoDB ledger, found by reflection, so a
 * method added later is covered without touching this test; each adapter method makes one call, so
 * the emulator's answer (moto has no ARC zonal shift, for one) does not hide a later call;</li>
 * <li>the detector: its Kinesis sources and sinks (the job run on the recorded incident) and the
 * topology lookups of an instance, a target group and a group of a web fleet in the emulator.</li>
 * </ul>
 * The actions application reads and writes Kinesis with the same connector classes, so its Kinesis
 * statements are held to the calls recorded for the detector's input and outputs.
 */
class IamCoverageITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyPolicyGrantsExactlyTheCallsTheCodeMakes(@TempDir Path tmp) throws Exception {
        JsonNode template = YAML.readTree(LocalAws.projectRoot().resolve("deploy/vigil.yaml").toFile());
        try (LocalAws aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"))) {
            int port = URI.create(aws.endpoint()).getPort();
            AwsClients clients = new AwsClients(Region.of(LocalAws.REGION), StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)), URI.create(aws.endpoint()));

            // When every actions adapter method runs
            RecordingInterceptor.clear(port);
            callEveryMethod(clients);
            Set<String> actionCalls = RecordingInterceptor.calls(port);

            // And the detector reads its inputs, writes its outputs and looks up a fleet's topology
            RecordingInterceptor.clear(port);
            runDetector(aws, tmp);
            lookUpTopology(aws, clients);
            Set<String> detectorCalls = RecordingInterceptor.calls(port);

            // Then each policy grants exactly those calls
            assertThat(actionCalls).noneMatch(a -> a.startsWith("UNKNOWN-SERVICE"));
            assertThat(actions(template.at("/Resources/ActionsPolicy/Properties/PolicyDocument/Statement"), null))
                    .as("ActionsPolicy vs the calls of the actions' SDK adapters and ledger")
                    .isEqualTo(actionCalls);
            assertThat(detectorCalls).noneMatch(a -> a.startsWith("UNKNOWN-SERVICE"));
            JsonNode detector = template.at("/Resources/DetectorRole/Properties/Policies/0/PolicyDocument/Statement");
            assertThat(actions(detector, Set.of("ReadInputs", "WriteOutputs", "Topology", "LiveRules")))
                    .as("DetectorRole vs the detector's Kinesis, topology and live rules calls").isEqualTo(detectorCalls);
            Set<String> kinesis = detectorCalls.stream().filter(a -> a.startsWith("kinesis:")).collect(Collectors.toCollection(TreeSet::new));
            JsonNode actionsIo = template.at("/Resources/ActionsRole/Properties/Policies/0/PolicyDocument/Statement");
            assertThat(actions(actionsIo, Set.of("ReadInputs", "WriteOutputs")))
                    .as("ActionsRole's Kinesis statements vs the connector's calls").isEqualTo(kinesis);
            // And the reads and writes are split as the statements' resources assume (inputs read, outputs written)
            assertThat(actions(detector, Set.of("WriteOutputs"))).containsExactly("kinesis:PutRecords");
        }
    }

    /** The actions of the statements with one of {@code sids} (all when null). */
    private static Set<String> actions(JsonNode statements, Set<String> sids) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : statements) {
            if (s.has("Fn::If")) {
                // a statement granted on a condition (LiveRules: only with a live rules object): as if it holds
                s = s.get("Fn::If").get(1);
            }
            if (sids == null || sids.contains(s.path("Sid").asText())) {
                JsonNode a = s.path("Action");
                if (a.isArray()) {
                    a.forEach(x -> out.add(x.asText()));
                } else {
                    out.add(a.asText());
                }
            }
        }
        return out;
    }

    private static void callEveryMethod(AwsClients c) throws Exception {
        Ec2Client ec2 = c.build(Ec2Client.builder());
        AutoScalingClient autoScaling = c.build(AutoScalingClient.builder());
        Map<Class<?>, Object> adapters = Map.of(
                Fleet.class, new SdkFleet(ec2, autoScaling),
                Dns.class, new Route53Dns(c.build(Route53Client.builder())),
                Database.class, new RdsDatabase(c.build(RdsClient.builder())),
                Services.class, new EcsSsmServices(c.build(EcsClient.builder()), c.build(SsmClient.builder())),
                Traffic.class, new ElbTraffic(c.build(ElasticLoadBalancingV2Client.builder()),
                        c.build(ArcZonalShiftClient.builder())),
                Notifier.class, new SnsNotifier(c.build(SnsClient.builder())),
                IdempotencyLedger.class, new DynamoDbLedger(c.build(DynamoDbClient.builder()), "vigil-actions",
                        Duration.ofDays(1)));
        for (Map.Entry<Class<?>, Object> e : adapters.entrySet()) {
            for (Method m : e.getKey().getMethods()) {
                if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Object[] args = new Object[m.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = dummy(m.getParameterTypes()[i]);
                }
                try {
                    m.invoke(e.getValue(), args);
                } catch (java.lang.reflect.InvocationTargetException expected) {
                    // the emulator has none of these resources: the call was made, which is what counts
                }
            }
        }
    }

    private static Object dummy(Class<?> type) {
        if (type == String.class) {
            return "vigil-iam-test";
        } else if (type == int.class || type == Integer.class) {
            return 1;
        } else if (type == long.class || type == Long.class) {
            return 1L;
        } else if (type == boolean.class) {
            return false;
        } else if (type == List.class) {
            return List.of("vigil-iam-test");
        } else if (type == Map.class) {
            return Map.of("k", "v");
        } else if (type == Dns.DnsRecord.class) {
            return new Dns.DnsRecord("www.example.com.", "A", null, null, null, 60, List.of("10.0.0.1"), null);
        } else if (type == ActionOutcome.class) {
            return new ActionOutcome("a", "i", 1, ActionType.NOTIFY, "r", OutcomeStatus.SUCCEEDED, "", null, 1, 0, 1);
        }
        throw new IllegalArgumentException("no dummy for " + type + ": add one so the new method is covered");
    }

    private static void runDetector(LocalAws aws, Path tmp) throws Exception {
        String[] arns = RecordingInterceptor.ignoring(() -> new String[] {aws.createStream("metrics", 1),
                aws.createStream("events", 1), aws.createStream("impairments", 1), aws.createStream("dead-letters", 1)});
        Recording recording = Recording.demo();
        RecordingInterceptor.ignoring(() -> {
            List<byte[]> records = recording.metricRecords(25);
            aws.put("metrics", records, IntStream.range(0, records.size()).mapToObj(i -> "m" + i).collect(Collectors.toList()));
            aws.put("events", recording.eventRecords(), IntStream.range(0, recording.eventRecords().size())
                    .mapToObj(i -> "e" + i).collect(Collectors.toList()));
            return null;
        });
        // with live rules: the detector polls their object (the rules the job starts with, published as they are)
        RecordingInterceptor.ignoring(() -> {
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(aws.endpoint())).region(Region.of(LocalAws.REGION))
                    .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))).build()) {
                s3.createBucket(b -> b.bucket("vigil-rules"));
                try (java.io.InputStream in = IamCoverageITCase.class.getResourceAsStream("/rules/default-rules.yaml")) {
                    s3.putObject(b -> b.bucket("vigil-rules").key("live/rules.yaml"), RequestBody.fromBytes(in.readAllBytes()));
                }
            }
            return null;
        });
        Path configFile = tmp.resolve("job.json");
        Files.writeString(configFile, aws.jobConfigJson(arns[0], arns[1], arns[2], arns[3], true).replace(
                "\"Detector\": {", "\"Detector\": {\"rules.live.location\": \"s3://vigil-rules/live/rules.yaml\", "
                        + "\"rules.live.interval.ms\": \"500\", "));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DetectorJob.wire(env, JobConfig.of(JobConfig.readJson(configFile)));
        JobClient job = env.executeAsync("vigil-iam");
        try {
            LocalAws.Reader impairments = RecordingInterceptor.ignoring(() -> aws.reader("impairments"));
            LocalAws.Reader dead = RecordingInterceptor.ignoring(() -> aws.reader("dead-letters"));
            int seen = 0;
            int deadSeen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            long beat = recording.lastMetricTimestamp() + 3_600_000L;
            long progress = System.nanoTime();
            while ((seen < 10 || deadSeen < 3) && System.nanoTime() < deadline) {
                int before = seen + deadSeen;
                seen += RecordingInterceptor.ignoring(impairments::poll).size();
                deadSeen += RecordingInterceptor.ignoring(dead::poll).size();
                if (seen + deadSeen > before) {
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > TimeUnit.SECONDS.toNanos(5)) {
                    // The recording has ended and the watermark waits for more input, as fleet
                    // members held until it do: stand for the live stream going on.
                    long next = beat += 60_000;
                    RecordingInterceptor.ignoring(() -> {
                        aws.put("metrics", List.of(Recording.unwatchedDatapoint(next)), List.of("heartbeat"));
                        return null;
                    });
                    progress = System.nanoTime() - TimeUnit.SECONDS.toNanos(4);
                }
                Thread.sleep(250);
            }
            assertThat(seen).as("impairments written").isGreaterThanOrEqualTo(10);
            assertThat(deadSeen).as("dead letters written").isGreaterThanOrEqualTo(3);
        } finally {
            Jobs.end(job);
        }
    }

    /** A web fleet (group behind a target group behind an ALB) described by instance, target group and group. */
    private static void lookUpTopology(LocalAws aws, AwsClients c) throws Exception {
        Ec2Client ec2 = c.build(Ec2Client.builder());
        AutoScalingClient autoScaling = c.build(AutoScalingClient.builder());
        ElasticLoadBalancingV2Client elb = c.build(ElasticLoadBalancingV2Client.builder());
        String[] fleet = RecordingInterceptor.ignoring(() -> {
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
                    .subnet().subnetId();
            String b2 = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
                    .subnet().subnetId();
            String lb = elb.createLoadBalancer(b -> b.name("iam-alb").type(LoadBalancerTypeEnum.APPLICATION).subnets(a, b2))
                    .loadBalancers().get(0).loadBalancerArn();
            String tg = elb.createTargetGroup(b -> b.name("iam-tg").protocol("HTTP").port(80).vpcId(vpc))
                    .targetGroups().get(0).targetGroupArn();
            elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(80)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
            String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
            ec2.createLaunchTemplate(b -> b.launchTemplateName("iam").launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));
            autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName("iam-asg").minSize(2).maxSize(4).desiredCapacity(2)
                    .vpcZoneIdentifier(a).launchTemplate(t -> t.launchTemplateName("iam")).targetGroupARNs(tg));
            String instance = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames("iam-asg"))
                    .autoScalingGroups().get(0).instances().get(0).instanceId();
            return new String[] {instance, TopologySnapshot.targetGroupId(tg)};
        });
        try (TopologyApi api = new AwsTopologyApi.Factory(LocalAws.REGION, aws.endpoint(), LocalAws.ACCESS_KEY,
                LocalAws.SECRET_KEY).create()) {
            List<Object> answers = new ArrayList<>();
            answers.add(api.describe(LocalAws.ACCOUNT, LocalAws.REGION, fleet[0], "EC2_INSTANCE").get(30, TimeUnit.SECONDS));
            answers.add(api.describe(LocalAws.ACCOUNT, LocalAws.REGION, fleet[1], "TARGET_GROUP").get(30, TimeUnit.SECONDS));
            answers.add(api.describe(LocalAws.ACCOUNT, LocalAws.REGION, "iam-asg", "AUTO_SCALING_GROUP").get(30, TimeUnit.SECONDS));
            assertThat(answers).doesNotContainNull();
        }
    }
}

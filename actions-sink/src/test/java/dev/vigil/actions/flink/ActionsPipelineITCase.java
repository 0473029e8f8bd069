package dev.vigil.actions.flink;

import dev.vigil.actions.Fixtures;
import dev.vigil.actions.MotoServer;
import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.common.aws.AwsClients;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import dev.vigil.schemas.flink.ActionOutcomeTypeInfoFactory;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actions pipeline on a MiniCluster with checkpointing, real SDK clients against moto and the
 * DynamoDB ledger: an incident's impairments flow in, the job fails once right after an action ran
 * (before Flink checkpointed it), restarts from the last checkpoint and replays. Every action must
 * have changed the emulator exactly once.
 */
class ActionsPipelineITCase {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String GROUP = "it-web";

    @Test
    void everyActionRunsExactlyOnceAcrossARestartFromCheckpoint() throws Exception {
        // Given a group of four instances, a topic with a queue subscribed, an empty ledger table
        AwsClients aws = MOTO.clients();
        Ec2Client ec2 = aws.build(Ec2Client.builder());
        AutoScalingClient autoScaling = aws.build(AutoScalingClient.builder());
        SnsClient sns = aws.build(SnsClient.builder());
        SqsClient sqs = aws.build(SqsClient.builder());
        DynamoDbClient dynamo = aws.build(DynamoDbClient.builder());
        String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName("it-lt").launchTemplateData(d -> d.imageId(ami)
                .instanceType("t3.micro")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).minSize(1).maxSize(8)
                .desiredCapacity(4).availabilityZones("us-east-1a").launchTemplate(t -> t.launchTemplateName("it-lt")));
        List<String> victims = group(autoScaling).instances().stream().map(i -> i.instanceId())
                .collect(Collectors.toList());
        long instancesBefore = instanceCount(ec2);
        String topic = sns.createTopic(b -> b.name("vigil-it")).topicArn();
        String queue = sqs.createQueue(b -> b.queueName("vigil-it-ops")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));

        // (failed as EC2 sees them: stopped, moto having no failing status checks)
        ec2.stopInstances(b -> b.instanceIds(victims));

        // and an incident over a few seconds: the four instances fail one after another, the group
        // degrades, records are updated, one is delivered twice (Kinesis is at least once), one
        // resolves; each recommends what its plan does (the gate lets nothing else through)
        List<Impairment> open = new ArrayList<>();
        for (int i = 0; i < victims.size(); i++) {
            open.add(impairment("inc-i" + i, victims.get(i), "EC2_INSTANCE", ImpairmentType.INSTANCE_FAILURE,
                    Severity.CRITICAL).recommendedActions(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build());
        }
        Impairment groupOpen = impairment("inc-group", GROUP, "AUTO_SCALING_GROUP",
                ImpairmentType.SERVICE_DEGRADATION, Severity.MEDIUM)
                .recommendedActions(ActionType.SCALE_OUT, ActionType.NOTIFY).build();
        List<Impairment> incident = List.of(open.get(0), open.get(1), update(open.get(0), 1), open.get(2), groupOpen,
                update(open.get(1), 1), groupOpen, open.get(3), update(groupOpen, 1),
                open.get(0).toBuilder().revision(2).state(LifecycleState.RESOLVED).resolvedTime(Samples.T0 + 600_000L)
                        .build());
        String[] json = incident.stream().map(Json::toString).toArray(String[]::new);

        // When the pipeline runs with checkpoints every 100 ms and fails once, right after an action
        // ran that no checkpoint covers yet
        FailOnce.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(2);
        env.enableCheckpointing(100);
        DataStream<Impairment> impairments = env.fromSource(new DataGeneratorSource<>(new ImpairmentAt(json),
                        json.length, RateLimiterStrategy.perCheckpoint(1), ImpairmentTypeInfoFactory.TYPE_INFO),
                WatermarkStrategy.noWatermarks(), "incident").setParallelism(1);
        CollectingSink<ActionOutcome> sink = new CollectingSink<>("it-outcomes");
        ActionsPipeline.build(impairments, ActionsConfig.of(config(topic)))
                .map(new FailOnce(), ActionOutcomeTypeInfoFactory.TYPE_INFO)
                .sinkTo(sink);
        env.execute("actions-exactly-once");

        // Then the job really failed mid-incident after a checkpoint, and the replayed action was
        // not executed again: its ledger entry answered
        assertThat(FailOnce.FAILED).isTrue();
        String failedOn = FailOnce.FAILED_ON.get();
        List<ActionOutcome> outcomes = sink.received();
        assertThat(outcomes).filteredOn(o -> o.getActionId().equals(failedOn))
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.getDetail()).startsWith("already ran: SUCCEEDED"));
        // the emulator saw each action once: four instances terminated and replaced, capacity
        // 4 -> 6 (twice would be 8), one message per NOTIFY step
        for (String victim : victims) {
            assertThat(state(ec2, victim)).isIn("shutting-down", "terminated");
        }
        assertThat(group(autoScaling).desiredCapacity()).isEqualTo(6);
        assertThat(instanceCount(ec2)).isEqualTo(instancesBefore + 4 + 2);
        List<String> messages = drain(sqs, queue);
        assertThat(messages).hasSize(5);
        // the ledger holds one successful entry per action, and no action succeeded twice
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, "vigil-it-ledger", Duration.ofDays(1));
        List<String> ids = new ArrayList<>(List.of("inc-group/SCALE_OUT/" + GROUP, "inc-group/NOTIFY/" + GROUP));
        for (int i = 0; i < victims.size(); i++) {
            ids.add("inc-i" + i + "/REPLACE_INSTANCE/" + victims.get(i));
            ids.add("inc-i" + i + "/NOTIFY/" + victims.get(i));
        }
        for (String id : ids) {
            assertThat(ledger.get(id).getStatus()).as(id).isEqualTo(OutcomeStatus.SUCCEEDED);
            assertThat(onceAndReported(id, messages, outcomes)).as(id).isTrue();
        }
        Map<String, Long> succeeded = outcomes.stream().filter(o -> o.getStatus() == OutcomeStatus.SUCCEEDED)
                .collect(Collectors.groupingBy(ActionOutcome::getActionId, Collectors.counting()));
        assertThat(succeeded.values()).containsOnly(1L);
        assertThat(outcomes).extracting(ActionOutcome::getStatus).doesNotContain(OutcomeStatus.FAILED);
    }

    /**
     * A NOTIFY's id is in exactly one message, and the stream reported every action as done: as
     * SUCCEEDED, or (when the crash ate that outcome) as "already ran: SUCCEEDED" on the replay.
     */
    private static boolean onceAndReported(String id, List<String> messages, List<ActionOutcome> outcomes) {
        if (id.contains("/NOTIFY/") && messages.stream().filter(m -> m.contains("action " + id)).count() != 1) {
            return false;
        }
        return outcomes.stream().anyMatch(o -> o.getActionId().equals(id) && (o.getStatus() == OutcomeStatus.SUCCEEDED
                || o.getDetail().startsWith("already ran: SUCCEEDED")));
    }

    private static Impairment update(Impairment i, int revision) {
        return i.toBuilder().revision(revision).state(LifecycleState.UPDATE).build();
    }

    private static Map<String, Properties> config(String topic) {
        Properties aws = new Properties();
        aws.setProperty("region", "us-east-1");
        aws.setProperty("endpoint", MOTO.endpoint().toString());
        aws.setProperty("credentials.provider", "BASIC");
        aws.setProperty("access.key.id", "testing");
        aws.setProperty("secret.access.key", "testing");
        Properties actions = new Properties();
        actions.setProperty("scope.accounts", Fixtures.ACCOUNT);
        actions.setProperty("scope.regions", "us-east-1");
        actions.setProperty("scope.tags", "vigil:managed=true");
        actions.setProperty("ledger.table", "vigil-it-ledger");
        actions.setProperty("ledger.create.table", "true");
        actions.setProperty("notify.topic.arn", topic);
        actions.setProperty("velocity.max.actions", "5");
        actions.setProperty("velocity.max.share", "1.0");
        actions.setProperty("retry.budget.ms", "1000");
        actions.setProperty("threads", "2");
        return Map.of("Aws", aws, "Actions", actions);
    }

    private static Impairment.Builder impairment(String id, String resource, String resourceType, ImpairmentType type,
                                                 Severity severity) {
        Topology t = new Topology("us-east-1a", GROUP, null, null, Map.of("vigil:managed", "true"), true, null);
        return Impairment.builder().id(id).revision(0).state(LifecycleState.OPEN).resource(resource, resourceType)
                .location(Fixtures.ACCOUNT, "us-east-1").type(type).severity(severity).summary("incident")
                .firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 60_000).emitTime(Samples.T0 + 61_000)
                .topology(t);
    }

    private static AutoScalingGroup group(AutoScalingClient autoScaling) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    private static long instanceCount(Ec2Client ec2) {
        return ec2.describeInstances(b -> { }).reservations().stream().mapToLong(r -> r.instances().size()).sum();
    }

    private static String state(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .nameAsString();
    }

    private static List<String> drain(SqsClient sqs, String queue) {
        List<String> out = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                return out;
            }
            batch.forEach(m -> out.add(m.body()));
        }
    }
}

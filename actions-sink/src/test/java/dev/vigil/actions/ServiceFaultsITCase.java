package dev.vigil.actions;

import dev.vigil.faults.Fault;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.vigil.actions.ProxiedMoto.action;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ELBv2, RDS, Route 53, ECS, Systems Manager and SNS executors behind the fault proxy: throttling
 * and 5xx are retried and the change happens once; an answer lost after the change is recognised
 * from the resource's state (or, where the state cannot tell, not repeated); refusals fail with
 * the AWS code. ARC zonal shift is not in moto: {@link LostAnswerTest} covers it with a fake.
 */
class ServiceFaultsITCase {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    @Order(2)
    static final ProxiedMoto AWS = new ProxiedMoto(MOTO);

    private static Ec2Client ec2;

    @BeforeAll
    static void emulator() {
        ec2 = AWS.direct().build(Ec2Client.builder());
    }

    @Test
    void aTargetIsDeregisteredOnceThroughThrottlingAndALostAnswer() {
        // Given a target group with two instances
        ElasticLoadBalancingV2Client elb = AWS.direct().build(ElasticLoadBalancingV2Client.builder());
        String vpc = ec2.describeVpcs(b -> { }).vpcs().get(0).vpcId();
        String tg = elb.createTargetGroup(b -> b.name("faults-tg").protocol("HTTP").port(80).vpcId(vpc))
                .targetGroups().get(0).targetGroupArn();
        String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
        List<String> ids = ec2.runInstances(b -> b.imageId(ami).instanceType("t3.micro").minCount(2).maxCount(2))
                .instances().stream().map(i -> i.instanceId()).collect(Collectors.toList());
        elb.registerTargets(b -> b.targetGroupArn(tg).targets(ids.stream()
                .map(id -> TargetDescription.builder().id(id).port(80).build()).collect(Collectors.toList())));
        AWS.proxy().on("elasticloadbalancing", "DeregisterTargets").times(1).inject(Fault.error(400, "Throttling"));
        AWS.proxy().on("elasticloadbalancing", "DeregisterTargets").times(1).inject(Fault.lostResponse());

        // When the first is deregistered
        ActionOutcome outcome = AWS.run(action("svc-tg", ActionType.DEREGISTER_TARGET, ids.get(0), "EC2_INSTANCE",
                Map.of("targetGroupArn", tg)), null);

        // Then it is out, the other stays, and the call reached ELB once
        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions())
                .extracting(d -> d.target().id()).containsExactly(ids.get(1));
        assertThat(AWS.proxy().forwarded("elasticloadbalancing", "DeregisterTargets")).isEqualTo(1);
    }

    private static String auroraCluster(RdsClient rds, String name) {
        rds.createDBCluster(b -> b.dbClusterIdentifier(name).engine("aurora-mysql").masterUsername("admin")
                .masterUserPassword("password123"));
        for (String id : List.of(name + "-1", name + "-2")) {
            rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier(name).engine("aurora-mysql")
                    .dbInstanceClass("db.r6g.large"));
        }
        return writer(rds, name);
    }

    private static String writer(RdsClient rds, String cluster) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(cluster)).dbClusters().get(0).dbClusterMembers()
                .stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter())).findFirst().get().dbInstanceIdentifier();
    }

    @Test
    void anAuroraFailoverWhoseAnswerIsLostMovesTheWriterOnceNotBack() {
        // Given a cluster of two; RDS throttles the failover once, then carries it out and the answer is lost
        RdsClient rds = AWS.direct().build(RdsClient.builder());
        String before = auroraCluster(rds, "faults-db");
        AWS.proxy().on("rds", "FailoverDBCluster").times(1).inject(Fault.error(400, "Throttling", "Rate exceeded"));
        AWS.proxy().on("rds", "FailoverDBCluster").times(1).inject(Fault.lostResponse());

        ActionOutcome outcome = AWS.run(action("svc-db", ActionType.FAILOVER_DATABASE, "faults-db", "DB_CLUSTER",
                Map.of()), null);

        // Then the writer moved to the other instance; a second failover would have moved it back
        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(writer(rds, "faults-db")).isNotEqualTo(before);
        assertThat(AWS.proxy().forwarded("rds", "FailoverDBCluster")).isEqualTo(1);
    }

    @Test
    void aRefusedFailoverFailsWithTheRdsCode() {
        RdsClient rds = AWS.direct().build(RdsClient.builder());
        String before = auroraCluster(rds, "faults-db2");
        AWS.proxy().on("rds", "FailoverDBCluster").inject(Fault.error(400, "InvalidDBClusterStateFault",
                "Cluster is not available"));

        ActionOutcome outcome = AWS.run(action("svc-db2", ActionType.FAILOVER_DATABASE, "faults-db2", "DB_CLUSTER",
                Map.of()), null);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getErrorCode()).isEqualTo("InvalidDBClusterStateFault");
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(writer(rds, "faults-db2")).isEqualTo(before);
    }

    @Test
    void dnsFailsOverOnceThroughBusyThrottledAndLostAnswersAndAFailbackRefusalSaysWhy() {
        // Given a failover pair
        Route53Client route53 = AWS.direct().build(Route53Client.builder());
        String zone = route53.createHostedZone(b -> b.name("faults.example.com").callerReference("faults"))
                .hostedZone().id();
        for (String[] r : new String[][] {{"primary", "PRIMARY", "10.0.0.1"}, {"secondary", "SECONDARY", "10.1.0.1"}}) {
            route53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(Change.builder()
                    .action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                            .name("api.faults.example.com.").type("A").setIdentifier(r[0]).failover(r[1]).ttl(60L)
                            .resourceRecords(ResourceRecord.builder().value(r[2]).build()).build()).build())));
        }
        AWS.proxy().on("route53", "ChangeResourceRecordSets").times(1).inject(Fault.error(400, "PriorRequestNotComplete"));
        AWS.proxy().on("route53", "ChangeResourceRecordSets").times(1).inject(Fault.error(400, "Throttling"));
        AWS.proxy().on("route53", "ChangeResourceRecordSets").times(1).inject(Fault.lostResponse());
        Map<String, String> params = Map.of("hostedZoneId", zone, "recordName", "api.faults.example.com.");

        // When DNS fails over
        ActionOutcome over = AWS.run(action("svc-dns", ActionType.FAILOVER_DNS, "api.faults.example.com.",
                "DNS_RECORD", params), null);

        // Then the primary answers with the secondary's address, changed by one call
        assertThat(over.getStatus()).as(over + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(primaryValue(route53, zone)).isEqualTo("10.1.0.1");
        assertThat(AWS.proxy().forwarded("route53", "ChangeResourceRecordSets")).isEqualTo(1);

        // When the failback is refused / Then it fails with Route 53's code and DNS stays failed over
        AWS.proxy().on("route53", "ChangeResourceRecordSets").inject(Fault.error(400, "InvalidChangeBatch",
                "Tried to create resource record set but it already exists"));
        ActionOutcome back = AWS.run(new dev.vigil.schemas.RecoveryAction("svc-dns/faults/failback", "svc-dns", 1000,
                ActionType.FAILBACK_DNS, "api.faults.example.com.", "DNS_RECORD", Fixtures.ACCOUNT, "us-east-1",
                Map.of("hostedZoneId", zone, "recordName", "api.faults.example.com.", "undoes", over.getActionId()),
                false, "fault test"), null);
        assertThat(back.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(back.getErrorCode()).isEqualTo("InvalidChangeBatch");
        assertThat(primaryValue(route53, zone)).isEqualTo("10.1.0.1");
    }

    private static String primaryValue(Route53Client route53, String zone) {
        return route53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> "PRIMARY".equals(s.failoverAsString())).findFirst().get().resourceRecords().get(0).value();
    }

    @Test
    void anEcsServiceGetsOneNewDeploymentThroughThrottlingServerErrorsAndALostAnswer() {
        EcsClient ecs = AWS.direct().build(EcsClient.builder());
        ecs.createCluster(b -> b.clusterName("faults"));
        ecs.registerTaskDefinition(b -> b.family("faults").containerDefinitions(ContainerDefinition.builder()
                .name("app").image("app:1").memory(128).build()));
        ecs.createService(b -> b.cluster("faults").serviceName("api").taskDefinition("faults").desiredCount(1));
        String before = primaryDeployment(ecs);
        AWS.proxy().on("ecs", "UpdateService").times(1).inject(Fault.error(400, "ThrottlingException", "Rate exceeded"));
        AWS.proxy().on("ecs", "UpdateService").times(1).inject(Fault.error(500, "ServerException"));
        AWS.proxy().on("ecs", "UpdateService").times(1).inject(Fault.lostResponse());

        ActionOutcome outcome = AWS.run(action("svc-ecs", ActionType.RESTART_SERVICE, "api", "ECS_SERVICE",
                Map.of("ecsCluster", "faults", "ecsService", "api")), null);

        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(primaryDeployment(ecs)).isNotEqualTo(before);
        assertThat(AWS.proxy().forwarded("ecs", "UpdateService")).isEqualTo(1);
    }

    private static String primaryDeployment(EcsClient ecs) {
        return ecs.describeServices(b -> b.cluster("faults").services("api")).services().get(0).deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status())).findFirst().get().id();
    }

    @Test
    void anSsmCommandIsSentOnceAndALostAnswerIsNotResent() {
        SsmClient ssm = AWS.direct().build(SsmClient.builder());
        String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
        String instance = ec2.runInstances(b -> b.imageId(ami).instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        Map<String, String> params = Map.of("command", "systemctl restart web");

        // throttled twice, then sent
        AWS.proxy().on("ssm", "SendCommand").times(2).inject(Fault.error(400, "ThrottlingException"));
        ActionOutcome throttled = AWS.run(action("svc-ssm1", ActionType.RESTART_SERVICE, instance, "EC2_INSTANCE",
                params), null);
        assertThat(throttled.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);

        // sent, answer lost: a command leaves nothing to check, so it is not sent again
        AWS.proxy().on("ssm", "SendCommand").times(1).inject(Fault.lostResponse());
        ActionOutcome lost = AWS.run(action("svc-ssm2", ActionType.RESTART_SERVICE, instance, "EC2_INSTANCE",
                params), null);
        assertThat(lost.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(lost.getDetail()).contains("may have taken effect");

        for (String id : List.of("svc-ssm1", "svc-ssm2")) {
            assertThat(ssm.listCommands(b -> { }).commands()).filteredOn(c -> ("vigil " + id + "/faults/0")
                    .equals(c.comment())).hasSize(1);
        }
        assertThat(AWS.proxy().forwarded("ssm", "SendCommand")).isEqualTo(2);
    }

    @Test
    void aNotificationIsPublishedOnceThroughThrottlingAndServerErrors() {
        SnsClient sns = AWS.direct().build(SnsClient.builder());
        SqsClient sqs = AWS.direct().build(SqsClient.builder());
        String topic = sns.createTopic(b -> b.name("faults")).topicArn();
        String queue = subscribedQueue(sns, sqs, topic, "faults-ops", Map.of());
        AWS.proxy().on("sns", "Publish").times(1).inject(Fault.error(400, "Throttling", "Rate exceeded"));
        AWS.proxy().on("sns", "Publish").times(1).inject(Fault.error(500, "InternalError"));

        ActionOutcome outcome = AWS.run(action("svc-sns", ActionType.NOTIFY, "i-1", "EC2_INSTANCE",
                Map.of("topicArn", topic, "message", "hello")), null);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getAttempts()).isEqualTo(3);
        assertThat(drain(sqs, queue)).hasSize(1);
    }

    @Test
    void aNotificationWhoseAnswerIsLostIsSentAgainAndAFifoTopicDropsTheRepeat() {
        // Given a standard topic and a FIFO topic; every first publish is carried out, its answer lost
        SnsClient sns = AWS.direct().build(SnsClient.builder());
        SqsClient sqs = AWS.direct().build(SqsClient.builder());
        String standard = sns.createTopic(b -> b.name("faults-std")).topicArn();
        String fifo = sns.createTopic(b -> b.name("faults.fifo").attributes(Map.of("FifoTopic", "true"))).topicArn();
        String standardQueue = subscribedQueue(sns, sqs, standard, "faults-std-ops", Map.of());
        String fifoQueue = subscribedQueue(sns, sqs, fifo, "faults-ops.fifo",
                Map.of(QueueAttributeName.FIFO_QUEUE, "true"));

        for (String topic : List.of(standard, fifo)) {
            AWS.proxy().on("sns", "Publish").times(1).inject(Fault.lostResponse());
            ActionOutcome o = AWS.run(action("svc-sns-" + (topic.equals(fifo) ? "fifo" : "std"), ActionType.NOTIFY,
                    "i-1", "EC2_INSTANCE", Map.of("topicArn", topic, "message", "hello")), null);
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        }

        // Then: a repeated message is better than a lost one; SNS FIFO deduplicates on the action's id
        assertThat(drain(sqs, standardQueue)).hasSize(2);
        assertThat(drain(sqs, fifoQueue)).hasSize(1);
    }

    private static String subscribedQueue(SnsClient sns, SqsClient sqs, String topic, String name,
                                          Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    private static List<String> drain(SqsClient sqs, String queue) {
        List<String> all = new ArrayList<>();
        for (List<Message> batch = receive(sqs, queue); !batch.isEmpty(); batch = receive(sqs, queue)) {
            batch.forEach(m -> all.add(m.body()));
        }
        return all;
    }

    private static List<Message> receive(SqsClient sqs, String queue) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(60))
                .messages();
        got.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
        return got;
    }
}

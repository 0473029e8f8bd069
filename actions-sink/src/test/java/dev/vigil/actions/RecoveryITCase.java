package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.exec.aws.EcsSsmServices;
import dev.vigil.actions.exec.aws.ElbTraffic;
import dev.vigil.actions.exec.aws.RdsDatabase;
import dev.vigil.actions.exec.aws.Route53Dns;
import dev.vigil.actions.exec.aws.SdkFleet;
import dev.vigil.actions.exec.aws.SnsNotifier;
import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.common.aws.AwsClients;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain against the moto emulator with real SDK clients and the DynamoDB ledger: each
 * test asserts the state the emulator ends up in, not only the outcomes.
 */
class RecoveryITCase {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static Ec2Client ec2;
    private static AutoScalingClient autoScaling;
    private static Route53Client route53;
    private static SnsClient sns;
    private static SqsClient sqs;
    private static EcsClient ecs;
    private static DynamoDbLedger ledger;
    private static ActionExecutors executors;
    private static String topicArn;
    private static String queueUrl;
    private static String zoneId;

    @BeforeAll
    static void emulator() {
        AwsClients c = MOTO.clients();
        ec2 = c.build(Ec2Client.builder());
        autoScaling = c.build(AutoScalingClient.builder());
        route53 = c.build(Route53Client.builder());
        sns = c.build(SnsClient.builder());
        sqs = c.build(SqsClient.builder());
        ecs = c.build(EcsClient.builder());
        DynamoDbClient dynamo = c.build(DynamoDbClient.builder());
        DynamoDbLedger.createTableIfMissing(dynamo, "vigil-actions");
        ledger = new DynamoDbLedger(dynamo, "vigil-actions", Duration.ofDays(30));
        executors = ActionExecutors.of(new SdkFleet(ec2, autoScaling), new Route53Dns(route53),
                new RdsDatabase(c.build(RdsClient.builder())), new EcsSsmServices(ecs, null),
                new ElbTraffic(c.build(ElasticLoadBalancingV2Client.builder()), null), new SnsNotifier(sns));

        topicArn = sns.createTopic(b -> b.name("vigil")).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("ops")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));

        String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName("web-lt")
                .launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));

        zoneId = route53.createHostedZone(b -> b.name("example.com").callerReference("vigil-it")).hostedZone().id();
        upsert(ResourceRecordSet.builder().name("api.example.com.").type("A").setIdentifier("primary")
                .failover("PRIMARY").ttl(60L).resourceRecords(ResourceRecord.builder().value("10.0.0.1").build()).build());
        upsert(ResourceRecordSet.builder().name("api.example.com.").type("A").setIdentifier("secondary")
                .failover("SECONDARY").ttl(60L).resourceRecords(ResourceRecord.builder().value("10.1.0.1").build()).build());
    }

    /** Each test gets its own group of two (max four), so tests do not see each other's changes. */
    private static String newGroup(String name) {
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(1).maxSize(4)
                .desiredCapacity(2).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName("web-lt")));
        return name;
    }

    private static long instanceCount() {
        return ec2.describeInstances(b -> { }).reservations().stream().mapToLong(r -> r.instances().size()).sum();
    }

    private static void upsert(ResourceRecordSet set) {
        route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId)
                .changeBatch(c -> c.changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build())));
    }

    private static ActionRunner runner(ActionExecutors executors) {
        return runner(new VelocityLimiter(5, Duration.ofMinutes(10), 1.0), executors);
    }

    private static ActionRunner runner(VelocityLimiter velocity) {
        return runner(velocity, executors);
    }

    private static ActionRunner runner(VelocityLimiter velocity, ActionExecutors executors) {
        SafetyGate gate = new SafetyGate(Scope.builder().account(Fixtures.ACCOUNT).region("us-east-1")
                .tag("vigil:managed", "true").build(), velocity, f -> group(f).desiredCapacity());
        return new ActionRunner(new Planner(RecoveryPlans.loadDefault()), gate, ledger, executors,
                new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1), new Random(7),
                        Thread::sleep),
                System::currentTimeMillis, false);
    }

    private static ActionRunner runner() {
        return runner(new VelocityLimiter(5, Duration.ofMinutes(10), 1.0));
    }

    private static Impairment.Builder impairment(String id, String resource, ImpairmentType type, Severity severity,
                                                 String asg, ActionType... recommended) {
        Topology t = new Topology("us-east-1a", asg, null, null, Map.of("vigil:managed", "true",
                "vigil:notify-topic", topicArn, "vigil:hosted-zone", zoneId, "vigil:record-name", "api.example.com."),
                true, null);
        return Impairment.builder().id(id).revision(0).state(LifecycleState.OPEN).resource(resource, "EC2_INSTANCE")
                .location(Fixtures.ACCOUNT, "us-east-1").type(type).severity(severity).summary("it test")
                .firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 60_000).emitTime(Samples.T0 + 61_000)
                .recommendedActions(recommended).topology(t);
    }

    private static AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    private static String state(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .nameAsString();
    }

    private static List<String> messages() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages().stream()
                .map(Message::body).collect(Collectors.toList());
    }

    @Test
    void aFailedInstanceIsTerminatedThroughItsGroupAndReplacedOnce() {
        // Given an instance of a group has failed (EC2 stopped it: moto has no failing status checks)
        String asg = newGroup("replace-asg");
        String victim = group(asg).instances().get(0).instanceId();
        ec2.stopInstances(b -> b.instanceIds(victim));
        long launched = instanceCount();
        Impairment imp = impairment("imp-replace", victim, ImpairmentType.INSTANCE_FAILURE, Severity.CRITICAL, asg,
                ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        // When the impairment is handled, and handled again (a replay after a restart)
        List<ActionOutcome> first = runner().run(imp);
        List<ActionOutcome> replay = runner().run(imp);

        // Then the instance is terminated, the group keeps its desired capacity, people are told
        assertThat(first).extracting(ActionOutcome::getStatus)
                .containsExactly(OutcomeStatus.SUCCEEDED, OutcomeStatus.SUCCEEDED);
        assertThat(state(victim)).isIn("shutting-down", "terminated");
        assertThat(group(asg).desiredCapacity()).isEqualTo(2);
        assertThat(group(asg).instances()).extracting(i -> i.instanceId()).doesNotContain(victim);
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("imp-replace"));
        // and the replay acted on nothing
        assertThat(replay).extracting(ActionOutcome::getStatus).containsOnly(OutcomeStatus.SKIPPED);
        assertThat(instanceCount()).isEqualTo(launched + 1); // the one replacement
        for (ActionOutcome o : first) {
            assertThat(SchemaValidator.problems("action-outcome", o)).isEmpty();
        }
    }

    @Test
    void desiredCapacityChangesExactlyOnce() {
        String asg = newGroup("scale-asg");
        Impairment imp = impairment("imp-scale", asg, ImpairmentType.RESOURCE_EXHAUSTION, Severity.HIGH, asg,
                ActionType.SCALE_OUT, ActionType.NOTIFY).resource(asg, "AUTO_SCALING_GROUP").build();

        List<ActionOutcome> first = runner().run(imp);
        List<ActionOutcome> second = runner().run(imp);

        assertThat(first.get(0).getType()).isEqualTo(ActionType.SCALE_OUT);
        assertThat(first.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(second.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(group(asg).desiredCapacity()).isEqualTo(4);
        assertThat(ledger.get("imp-scale/SCALE_OUT/" + asg).getIntent()).containsEntry("targetDesiredCapacity", "4");
    }

    @Test
    void aForgedFailureOfAHealthyInstanceTerminatesNothingUntilEc2ConfirmsOne() {
        // Given a running instance whose status checks pass, and the record a forged "stopped" state-change
        // event (or a forged status-check alarm) makes the detector publish for it
        String asg = newGroup("forged-asg");
        String healthy = group(asg).instances().get(0).instanceId();
        long launched = instanceCount();
        Impairment forged = impairment("imp-forged", healthy, ImpairmentType.INSTANCE_FAILURE, Severity.CRITICAL, asg,
                ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build();

        // When the actions handle it
        List<ActionOutcome> out = runner().run(forged);

        // Then EC2's own answer (DescribeInstanceStatus: running, both checks ok) stops the replacement: the
        // instance runs on, the group is as it was, and a person is asked
        assertThat(out).filteredOn(o -> o.getType() == ActionType.REPLACE_INSTANCE).singleElement().satisfies(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDetail()).contains("the live state does not confirm the impairment: " + healthy
                    + " is running, system status check ok, instance status check ok");
        });
        assertThat(state(healthy)).isEqualTo("running");
        assertThat(group(asg).instances()).extracting(i -> i.instanceId()).contains(healthy);
        assertThat(instanceCount()).isEqualTo(launched);
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("Vigil withheld REPLACE_INSTANCE on " + healthy));

        // And when another member really stops, the same kind of record replaces it
        String failed = group(asg).instances().get(1).instanceId();
        ec2.stopInstances(b -> b.instanceIds(failed));
        List<ActionOutcome> real = runner().run(impairment("imp-real", failed, ImpairmentType.INSTANCE_FAILURE,
                Severity.CRITICAL, asg, ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build());
        assertThat(real.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(state(failed)).isIn("shutting-down", "terminated");
    }

    @Test
    void aStaleClaimLeftBeforeAnUpgradeIsResolvedFromTheInstanceStateWithoutActingAgain() {
        // Given a runner of release 0.1 died after terminating the instance, before recording the
        // outcome, and left its claim under the key it used then (impairmentId/planId/step)
        String asg = newGroup("stale-asg");
        String victim = group(asg).instances().get(0).instanceId();
        autoScaling.terminateInstanceInAutoScalingGroup(b -> b.instanceId(victim).shouldDecrementDesiredCapacity(false));
        ledger.claim("imp-stale/instance-critical/0", "imp-stale", Map.of(), Samples.T0);
        long launchedBefore = instanceCount();

        // When the upgraded sink sees the impairment again
        List<ActionOutcome> out = runner().run(impairment("imp-stale", victim, ImpairmentType.INSTANCE_FAILURE,
                Severity.CRITICAL, asg, ActionType.REPLACE_INSTANCE, ActionType.NOTIFY).build());

        // Then the claim is resolved as SUCCEEDED from the state, under the new key, and nothing else was launched
        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(out.get(0).getDetail()).contains("without an outcome");
        assertThat(ledger.get("imp-stale/REPLACE_INSTANCE/" + victim).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(instanceCount()).isEqualTo(launchedBefore);
    }

    @Test
    void dnsFailsOverToTheSecondaryAndBack() {
        RecoveryAction failover = new RecoveryAction("imp-dns/manual/0", "imp-dns", 0, ActionType.FAILOVER_DNS,
                "api.example.com.", "DNS_RECORD", Fixtures.ACCOUNT, "us-east-1", Map.of("hostedZoneId", zoneId,
                "recordName", "api.example.com.", "fleet", "dns"), true, "it");
        RecoveryAction failback = new RecoveryAction("imp-dns/manual/failback/0", "imp-dns", 1000,
                ActionType.FAILBACK_DNS, "api.example.com.", "DNS_RECORD", Fixtures.ACCOUNT, "us-east-1",
                Map.of("hostedZoneId", zoneId, "recordName", "api.example.com.", "undoes", "imp-dns/manual/0"), false,
                "it");
        Impairment imp = impairment("imp-dns", "api.example.com.", ImpairmentType.NETWORK, Severity.HIGH, null,
                ActionType.FAILOVER_DNS).build();

        List<ActionOutcome> over = runner().execute(imp, List.of(failover));
        assertThat(over.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(primaryValue()).isEqualTo("10.1.0.1");

        List<ActionOutcome> back = runner().execute(imp, List.of(failback));
        assertThat(back.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(primaryValue()).isEqualTo("10.0.0.1");
    }

    @Test
    void anEcsServiceGetsANewDeploymentOnce() {
        ecs.createCluster(b -> b.clusterName("web"));
        ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder().name("app")
                .image("app:1").memory(128).build()));
        ecs.createService(b -> b.cluster("web").serviceName("api").taskDefinition("web").desiredCount(1));
        String before = ecs.describeServices(b -> b.cluster("web").services("api")).services().get(0).deployments()
                .get(0).id();
        RecoveryAction restart = new RecoveryAction("imp-ecs/manual/0", "imp-ecs", 0, ActionType.RESTART_SERVICE,
                "api", "ECS_SERVICE", Fixtures.ACCOUNT, "us-east-1", Map.of("ecsCluster", "web", "ecsService", "api"),
                true, "it");
        Impairment imp = impairment("imp-ecs", "api", ImpairmentType.APPLICATION_ERROR, Severity.HIGH, null,
                ActionType.RESTART_SERVICE).build();

        List<ActionOutcome> out = runner().execute(imp, List.of(restart));
        String after = ecs.describeServices(b -> b.cluster("web").services("api")).services().get(0).deployments()
                .get(0).id();
        runner().execute(imp, List.of(restart));

        assertThat(out.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(after).isNotEqualTo(before);
        assertThat(ecs.describeServices(b -> b.cluster("web").services("api")).services().get(0).deployments()
                .get(0).id()).isEqualTo(after);
    }

    @Test
    void anAuroraClusterFailsOverToAnotherWriterOnce() {
        // Given an Aurora cluster with a writer and a reader (moto fails clusters over; it ignores
        // ForceFailover on a Multi-AZ instance reboot, so that path is covered by unit tests only)
        RdsClient rds = MOTO.clients().build(RdsClient.builder());
        rds.createDBCluster(b -> b.dbClusterIdentifier("orders").engine("aurora-mysql").masterUsername("admin")
                .masterUserPassword("password123"));
        for (String id : List.of("orders-1", "orders-2")) {
            rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier("orders").engine("aurora-mysql")
                    .dbInstanceClass("db.r6g.large"));
        }
        String before = writer(rds);
        RecoveryAction failover = new RecoveryAction("imp-db/manual/0", "imp-db", 0, ActionType.FAILOVER_DATABASE,
                "orders", "DB_CLUSTER", Fixtures.ACCOUNT, "us-east-1", Map.of(), true, "it");
        Impairment imp = impairment("imp-db", "orders", ImpairmentType.DATABASE, Severity.HIGH, null,
                ActionType.FAILOVER_DATABASE).build();

        // When it is handled twice
        List<ActionOutcome> first = runner().execute(imp, List.of(failover));
        String after = writer(rds);
        List<ActionOutcome> again = runner().execute(imp, List.of(failover));

        // Then the writer moved once and the repeat did not move it back
        assertThat(first.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(after).isNotEqualTo(before);
        assertThat(again.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(writer(rds)).isEqualTo(after);
        assertThat(ledger.get("imp-db/manual/0").getIntent()).containsEntry("previousWriterOrZone", before);
    }

    /** The call is what moto can show: it records commands but runs nothing. */
    @Test
    void anSsmRestartIsSentOnce() {
        SsmClient ssm = MOTO.clients().build(SsmClient.builder());
        ActionExecutors withSsm = ActionExecutors.of(new SdkFleet(ec2, autoScaling), new Route53Dns(route53),
                new RdsDatabase(MOTO.clients().build(RdsClient.builder())), new EcsSsmServices(ecs, ssm),
                new ElbTraffic(MOTO.clients().build(ElasticLoadBalancingV2Client.builder()), null),
                new SnsNotifier(sns));
        String instance = group(newGroup("ssm-asg")).instances().get(0).instanceId();
        RecoveryAction restart = new RecoveryAction("imp-ssm/manual/0", "imp-ssm", 0, ActionType.RESTART_SERVICE,
                instance, "EC2_INSTANCE", Fixtures.ACCOUNT, "us-east-1",
                Map.of("command", "systemctl restart web"), true, "it");
        Impairment imp = impairment("imp-ssm", instance, ImpairmentType.APPLICATION_ERROR, Severity.HIGH, "ssm-asg",
                ActionType.RESTART_SERVICE).build();

        runner(withSsm).execute(imp, List.of(restart));
        runner(withSsm).execute(imp, List.of(restart));

        assertThat(ssm.listCommands(b -> { }).commands())
                .filteredOn(c -> "vigil imp-ssm/manual/0".equals(c.comment()))
                .singleElement()
                // contains, not containsExactly: moto 5.2 adds every instance when no Targets are given
                .satisfies(c -> assertThat(c.instanceIds()).contains(instance));
    }

    @Test
    void aTargetIsDeregisteredOnce() {
        ElasticLoadBalancingV2Client elb = MOTO.clients().build(ElasticLoadBalancingV2Client.builder());
        String vpc = ec2.describeVpcs(b -> { }).vpcs().get(0).vpcId();
        String tg = elb.createTargetGroup(b -> b.name("web-tg").protocol("HTTP").port(80).vpcId(vpc)).targetGroups()
                .get(0).targetGroupArn();
        List<String> instances = group(newGroup("tg-asg")).instances().stream().map(i -> i.instanceId())
                .collect(Collectors.toList());
        elb.registerTargets(b -> b.targetGroupArn(tg).targets(instances.stream()
                .map(id -> software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription.builder()
                        .id(id).port(80).build()).collect(Collectors.toList())));
        RecoveryAction deregister = new RecoveryAction("imp-tg/manual/0", "imp-tg", 0, ActionType.DEREGISTER_TARGET,
                instances.get(0), "EC2_INSTANCE", Fixtures.ACCOUNT, "us-east-1", Map.of("targetGroupArn", tg), true,
                "it");
        Impairment imp = impairment("imp-tg", instances.get(0), ImpairmentType.APPLICATION_ERROR, Severity.HIGH,
                "tg-asg", ActionType.DEREGISTER_TARGET).build();

        List<ActionOutcome> first = runner().execute(imp, List.of(deregister));
        List<ActionOutcome> again = runner().execute(imp, List.of(deregister));

        assertThat(first.get(0).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(again.get(0).getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions())
                .extracting(d -> d.target().id()).containsExactly(instances.get(1));
    }

    private static String writer(RdsClient rds) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier("orders")).dbClusters().get(0).dbClusterMembers()
                .stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter())).findFirst().get().dbInstanceIdentifier();
    }

    private static String primaryValue() {
        return route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(s -> "PRIMARY".equals(s.failoverAsString())).findFirst().get().resourceRecords().get(0).value();
    }
}

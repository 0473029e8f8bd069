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
import dev.vigil.faults.FaultProxy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * moto behind a {@link FaultProxy}: the code under test gets SDK clients through the proxy with
 * short timeouts, the test sets up and inspects the emulator with direct clients the proxy never
 * sees. Register it after the {@link MotoServer} it fronts; each test starts with no faults and an
 * empty log.
 *
 * <pre>
 *   &#64;RegisterExtension static final MotoServer MOTO = new MotoServer();
 *   &#64;RegisterExtension static final ProxiedMoto AWS = new ProxiedMoto(MOTO);
 * </pre>
 */
public final class ProxiedMoto implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** Shorter than any real call to moto takes, long enough for a loaded build machine. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    /** A slow answer: past both timeouts. */
    public static final Duration SLOW = Duration.ofSeconds(5);
    public static final String LEDGER_TABLE = "vigil-actions";

    private final MotoServer moto;
    private FaultProxy proxy;
    private AwsClients direct;
    private AwsClients faulty;
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private int groups;

    public ProxiedMoto(MotoServer moto) {
        this.moto = moto;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        proxy = FaultProxy.start(moto.endpoint());
        direct = moto.clients();
        faulty = AwsClients.local(proxy.endpoint()).withTimeouts(Duration.ofSeconds(1), SOCKET_TIMEOUT, CALL_TIMEOUT);
        DynamoDbLedger.createTableIfMissing(direct.build(DynamoDbClient.builder()), LEDGER_TABLE);
        ec2 = direct.build(Ec2Client.builder());
        autoScaling = direct.build(AutoScalingClient.builder());
        groups = 0;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        proxy.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        proxy.close();
    }

    public FaultProxy proxy() {
        return proxy;
    }

    /** Straight to moto: set-up and state checks, never faulted or counted. */
    public AwsClients direct() {
        return direct;
    }

    /** Through the proxy, as the code under test uses them. */
    public AwsClients faulty() {
        return faulty;
    }

    /**
     * A fresh Auto Scaling group of two (max eight) in us-east-1a, so tests do not see each other's
     * changes. Its first member has failed as EC2 sees it (stopped: moto's status checks never fail),
     * so that the actions, which replace only what EC2 confirms impaired, may replace it.
     */
    public String newGroup(String prefix) {
        if (groups == 0) {
            String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
            ec2.createLaunchTemplate(b -> b.launchTemplateName("faults-lt")
                    .launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));
        }
        String name = prefix + "-" + (++groups);
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(1).maxSize(8).desiredCapacity(2)
                .availabilityZones("us-east-1a").launchTemplate(t -> t.launchTemplateName("faults-lt")));
        ec2.stopInstances(b -> b.instanceIds(group(name).instances().get(0).instanceId()));
        return name;
    }

    /** The group as moto has it now. */
    public AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    /** The instance's EC2 state name as moto has it now. */
    public String state(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .nameAsString();
    }

    /** Every instance moto ever launched, terminated ones too. */
    public long instanceCount() {
        return ec2.describeInstancesPaginator(b -> { }).reservations().stream().mapToLong(r -> r.instances().size())
                .sum();
    }

    /** Every executor family on SDK clients through the proxy (no ARC: moto has none). */
    public ActionExecutors executors(String defaultTopicArn) {
        return ActionExecutors.of(new SdkFleet(faulty.build(Ec2Client.builder()), faulty.build(AutoScalingClient.builder())),
                new Route53Dns(faulty.build(Route53Client.builder())), new RdsDatabase(faulty.build(RdsClient.builder())),
                new EcsSsmServices(faulty.build(EcsClient.builder()), faulty.build(SsmClient.builder())),
                new ElbTraffic(faulty.build(ElasticLoadBalancingV2Client.builder()), null),
                new SnsNotifier(faulty.build(SnsClient.builder())), defaultTopicArn);
    }

    /** The DynamoDB ledger through the proxy. */
    public DynamoDbLedger ledger() {
        return new DynamoDbLedger(faulty.build(DynamoDbClient.builder()), LEDGER_TABLE, Duration.ofDays(30));
    }

    /** Five attempts with millisecond backoff: the production schedule, compressed. */
    public static RetryPolicy retry() {
        return new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2), new Random(19),
                Thread::sleep);
    }

    /** The default plans, no scope or velocity limits in the way, real ledger and executors through the proxy. */
    public ActionRunner runner(String defaultTopicArn) {
        SafetyGate gate = new SafetyGate(Scope.allowAll(), new VelocityLimiter(100, Duration.ofMinutes(10), 1.0),
                f -> null);
        return new ActionRunner(new Planner(RecoveryPlans.loadDefault()), gate, ledger(), executors(defaultTopicArn),
                retry(), System::currentTimeMillis, false);
    }

    /** An action as a plan would make it, for tests that run one step directly. */
    public static RecoveryAction action(String impairmentId, ActionType type, String resource, String resourceType,
                                        Map<String, String> params) {
        return new RecoveryAction(impairmentId + "/faults/0", impairmentId, 0, type, resource, resourceType,
                Fixtures.ACCOUNT, "us-east-1", params, type != ActionType.NOTIFY, "fault test");
    }

    /** Runs one action once and returns its outcome, checked against the published schema. */
    public ActionOutcome run(RecoveryAction action, @Nullable String defaultTopicArn) {
        Impairment impairment = Impairment.builder().id(action.getImpairmentId()).revision(0)
                .state(LifecycleState.OPEN).resource(action.getResourceId(), action.getResourceType())
                .location(Fixtures.ACCOUNT, "us-east-1").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH)
                .summary("fault test").firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 60_000)
                .emitTime(Samples.T0 + 61_000).recommendedActions(action.getType()).build();
        List<ActionOutcome> out = runner(defaultTopicArn).execute(impairment, List.of(action));
        if (out.size() != 1 || !SchemaValidator.problems("action-outcome", out.get(0)).isEmpty()) {
            throw new AssertionError("expected one valid outcome, got " + out);
        }
        return out.get(0);
    }

}

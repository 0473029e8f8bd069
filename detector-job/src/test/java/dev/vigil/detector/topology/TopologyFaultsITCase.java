package dev.vigil.detector.topology;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.detector.demo.LocalAws;
import dev.vigil.detector.flink.EnrichTopologyFunction;
import dev.vigil.faults.Fault;
import dev.vigil.faults.FaultProxy;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology enrichment against the emulator through the fault proxy: EC2, Auto Scaling and
 * ELBv2 lookups throttled, failing with 5xx, slower than the lookup timeout, or reset. The
 * impairment always goes on, marked incomplete with the reason; once the fault clears, the next
 * impairment of the same resource gets the whole answer (failures are not cached).
 *
 * <p>The function is driven as Flink's async operator drives it: {@code asyncInvoke}, and
 * {@code timeout} when no answer came within the timeout.
 */
class TopologyFaultsITCase {
    private static final String REGION = LocalAws.REGION;
    private static final String ACCOUNT = LocalAws.ACCOUNT;

    @TempDir
    static Path tmp;
    private static LocalAws aws;
    private static FaultProxy proxy;
    private static String instance;
    private static String targetGroup;
    private EnrichTopologyFunction enrich;
    private long timeoutMs;
    private int revision;

    @BeforeAll
    static void webFleet() throws Exception {
        aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"));
        proxy = FaultProxy.start(aws.endpoint());
        AwsClients c = new AwsClients(Region.of(REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)), URI.create(aws.endpoint()));
        try (Ec2Client ec2 = c.build(Ec2Client.builder()); AutoScalingClient autoScaling = c.build(AutoScalingClient.builder());
             ElasticLoadBalancingV2Client elb = c.build(ElasticLoadBalancingV2Client.builder())) {
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone(REGION + "a"))
                    .subnet().subnetId();
            String tgArn = elb.createTargetGroup(b -> b.name("web-tg").protocol("HTTP").port(80).vpcId(vpc))
                    .targetGroups().get(0).targetGroupArn();
            String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
            ec2.createLaunchTemplate(b -> b.launchTemplateName("web")
                    .launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));
            autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName("web-asg").minSize(2).maxSize(4)
                    .desiredCapacity(2).vpcZoneIdentifier(subnet).launchTemplate(t -> t.launchTemplateName("web"))
                    .targetGroupARNs(tgArn));
            instance = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-asg"))
                    .autoScalingGroups().get(0).instances().get(0).instanceId();
            targetGroup = TopologySnapshot.targetGroupId(tgArn);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private void open(long timeout) throws Exception {
        timeoutMs = timeout;
        enrich = new EnrichTopologyFunction(TopologySettings.none().withTimeoutMs(timeout).withApi(
                new AwsTopologyApi.Factory(REGION, proxy.endpoint().toString(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)));
        enrich.setRuntimeContext(new MockStreamingRuntimeContext(false, 1, 0));
        enrich.open(DefaultOpenContext.INSTANCE);
    }

    @BeforeEach
    void noFaults() {
        proxy.reset();
    }

    @AfterEach
    void close() {
        enrich.close();
    }

    /** One impairment through the function, timed out as the async operator would. */
    private Topology enriched(String resourceId, String type) throws Exception {
        Impairment in = Impairment.builder().id("imp-" + resourceId).revision(revision++).state(LifecycleState.OPEN)
                .resource(resourceId, type).location(ACCOUNT, REGION).type(ImpairmentType.INSTANCE_FAILURE)
                .severity(Severity.HIGH).firstBreachTime(0).detectionTime(0).emitTime(0).build();
        CompletableFuture<Impairment> out = new CompletableFuture<>();
        ResultFuture<Impairment> result = new ResultFuture<>() {
            @Override
            public void complete(Collection<Impairment> result) {
                out.complete(result.iterator().next());
            }

            @Override
            public void completeExceptionally(Throwable error) {
                out.completeExceptionally(error);
            }
        };
        enrich.asyncInvoke(in, result);
        Impairment done;
        try {
            done = out.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            enrich.timeout(in, result);
            done = out.get();
        }
        assertThat(done.getId()).isEqualTo(in.getId());
        return done.getTopology();
    }

    private static void whole(Topology t) {
        assertThat(t.isComplete()).as(String.valueOf(t.getMissing())).isTrue();
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getFleetMembersByZone()).containsExactly(Map.entry(REGION + "a", 2));
    }

    @Test
    void throttlingTheSdkRetriesAbsorbIsNotEvenNoticed() throws Exception {
        open(8_000);
        proxy.on("ec2", "DescribeInstances").times(1).inject(Fault.error(503, "RequestLimitExceeded",
                "Request limit exceeded."));
        proxy.on("autoscaling", "DescribeAutoScalingGroups").times(1).inject(Fault.error(400, "Throttling"));

        whole(enriched(instance, "EC2_INSTANCE"));
        assertThat(proxy.injected()).hasSize(2);
    }

    @Test
    void throttlingPastTheRetriesLeavesTheTopologyIncompleteAndTheNextLookupIsAnswered() throws Exception {
        // Given EC2 throttles every DescribeInstances
        open(8_000);
        proxy.on("ec2", "DescribeInstances").inject(Fault.error(503, "RequestLimitExceeded", "Request limit exceeded."));

        // When an instance's impairment is enriched / Then it goes on, saying why it knows nothing
        Topology failed = enriched(instance, "EC2_INSTANCE");
        assertThat(failed.isComplete()).isFalse();
        assertThat(failed.getMissing()).containsExactly("aws-api: Ec2 RequestLimitExceeded");
        assertThat(failed.getAutoScalingGroup()).isNull();

        // When EC2 recovers / Then the next record of the same instance is asked again and answered
        proxy.clear();
        whole(enriched(instance, "EC2_INSTANCE"));
        assertThat(proxy.forwarded("ec2", "DescribeInstances")).isPositive();
    }

    @Test
    void serverErrorsOfOneServiceLeaveItIncompleteUntilTheyStop() throws Exception {
        open(8_000);
        proxy.on("autoscaling", "DescribeAutoScalingGroups").inject(Fault.error(500, "InternalFailure"));

        Topology failed = enriched(instance, "EC2_INSTANCE");
        assertThat(failed.isComplete()).isFalse();
        assertThat(failed.getMissing()).containsExactly("aws-api: AutoScaling InternalFailure");

        proxy.clear();
        whole(enriched(instance, "EC2_INSTANCE"));
    }

    @Test
    void resetConnectionsLeaveATargetGroupIncompleteUntilTheyStop() throws Exception {
        open(8_000);
        proxy.on("elasticloadbalancing", "DescribeTargetHealth").inject(Fault.reset());

        Topology failed = enriched(targetGroup, "TARGET_GROUP");
        assertThat(failed.isComplete()).isFalse();
        assertThat(failed.getMissing()).singleElement().asString().startsWith("aws-api: ").contains("Connection reset");

        proxy.clear();
        Topology t = enriched(targetGroup, "TARGET_GROUP");
        assertThat(t.isComplete()).isTrue();
        assertThat(t.getFleetMembersByZone()).containsExactly(Map.entry(REGION + "a", 2));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutLetsTheImpairmentGoOnAndStillFillsTheCache() throws Exception {
        // Given EC2 answers after 3 s and the enrichment waits 1 s
        open(1_000);
        proxy.on("ec2", "DescribeInstances").times(1).inject(Fault.slow(Duration.ofSeconds(3)));

        // When the impairment is enriched / Then it leaves after the timeout, marked so
        long start = System.nanoTime();
        Topology late = enriched(instance, "EC2_INSTANCE");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_900);
        assertThat(late.isComplete()).isFalse();
        assertThat(late.getMissing()).containsExactly("aws-api: timeout after 1000 ms");

        // When the late answer has arrived (its last call is the load balancer's) / Then the next
        // record gets it from the cache
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (proxy.forwarded("elasticloadbalancing", "DescribeTargetGroups") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(200);
        long asked = proxy.forwarded("ec2", "DescribeInstances");
        whole(enriched(instance, "EC2_INSTANCE"));
        assertThat(proxy.forwarded("ec2", "DescribeInstances")).isEqualTo(asked);
    }
}

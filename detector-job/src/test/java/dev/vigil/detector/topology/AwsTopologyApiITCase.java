package dev.vigil.detector.topology;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.detector.demo.LocalAws;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real SDK clients against the local emulator: a web fleet of four instances in two zones
 * (an Auto Scaling group attached to a target group behind an ALB) described by instance, by
 * target group and by group.
 *
 * <p>moto 5.2 launches every instance of an Auto Scaling group into the zone of its first subnet,
 * whatever subnets it is given, so the group is created with two (zone a) and two more instances,
 * launched into zone b, are attached to it; moto then registers them with the group's target group.
 */
class AwsTopologyApiITCase {
    private static final String REGION = LocalAws.REGION;
    private static final String ACCOUNT = LocalAws.ACCOUNT;

    @TempDir
    static Path tmp;
    private static LocalAws aws;
    private static Ec2Client ec2;
    private static AutoScalingClient autoScaling;
    private static ElasticLoadBalancingV2Client elb;
    private static String targetGroupArn;
    private static String loadBalancerArn;
    private static String zoneAInstance;
    private static String zoneBInstance;
    private static TopologyApi api;

    @BeforeAll
    static void webFleet() throws Exception {
        aws = LocalAws.start(LocalAws.projectRoot(), tmp.resolve("local-aws"));
        AwsClients c = new AwsClients(Region.of(REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)), URI.create(aws.endpoint()));
        ec2 = c.build(Ec2Client.builder());
        autoScaling = c.build(AutoScalingClient.builder());
        elb = c.build(ElasticLoadBalancingV2Client.builder());

        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnetA = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone(REGION + "a"))
                .subnet().subnetId();
        String subnetB = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone(REGION + "b"))
                .subnet().subnetId();
        loadBalancerArn = elb.createLoadBalancer(b -> b.name("web-alb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets(subnetA, subnetB)).loadBalancers().get(0).loadBalancerArn();
        targetGroupArn = elb.createTargetGroup(b -> b.name("web-tg").protocol("HTTP").port(80).vpcId(vpc))
                .targetGroups().get(0).targetGroupArn();
        elb.addTags(b -> b.resourceArns(targetGroupArn).tags(t -> t.key("service").value("checkout")));
        elb.createListener(b -> b.loadBalancerArn(loadBalancerArn).protocol("HTTP").port(80)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build()));

        String ami = ec2.describeImages(b -> { }).images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName("web-asg").minSize(2).maxSize(8)
                .desiredCapacity(2).vpcZoneIdentifier(subnetA + "," + subnetB)
                .launchTemplate(t -> t.launchTemplateName("web")).targetGroupARNs(targetGroupArn)
                .tags(t -> t.key("team").value("web").propagateAtLaunch(true)));
        List<String> zoneB = ec2.runInstances(b -> b.imageId(ami).instanceType("t3.micro").minCount(2).maxCount(2)
                        .subnetId(subnetB).tagSpecifications(s -> s.resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder().key("team").value("web").build())))
                .instances().stream().map(i -> i.instanceId()).collect(Collectors.toList());
        autoScaling.attachInstances(b -> b.autoScalingGroupName("web-asg").instanceIds(zoneB));
        zoneBInstance = zoneB.get(0);
        zoneAInstance = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-asg"))
                .autoScalingGroups().get(0).instances().stream().map(i -> i.instanceId())
                .filter(id -> !zoneB.contains(id)).findFirst().orElseThrow();

        api = new AwsTopologyApi.Factory(REGION, aws.endpoint(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY).create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {ec2, autoScaling, elb, aws}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String targetGroupId() {
        return TopologySnapshot.targetGroupId(targetGroupArn);
    }

    private static String loadBalancerId() {
        return TopologySnapshot.loadBalancerId(loadBalancerArn);
    }

    private static Topology describe(String resourceId, String type) throws Exception {
        return api.describe(ACCOUNT, REGION, resourceId, type).get(30, TimeUnit.SECONDS);
    }

    @Test
    void anInstanceIsPlacedInItsZoneGroupTargetGroupAndLoadBalancer() throws Exception {
        // Given the fleet of four in zones a and b / When one zone b instance is described
        Topology t = describe(zoneBInstance, "EC2_INSTANCE");

        // Then AWS's answer is in CloudWatch's dimension forms, with the fleet's spread
        assertThat(t.getAvailabilityZone()).isEqualTo(REGION + "b");
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getTargetGroups()).containsExactly(targetGroupId());
        assertThat(targetGroupId()).startsWith("targetgroup/web-tg/");
        assertThat(t.getLoadBalancer()).isEqualTo(loadBalancerId()).startsWith("app/web-alb/");
        assertThat(t.getTags()).containsEntry("team", "web");
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of(REGION + "a", 2, REGION + "b", 2));
        assertThat(t.isComplete()).isTrue();
    }

    @Test
    void anInstanceLaunchedByTheGroupIsFoundThroughItsGroupTag() throws Exception {
        // Given an instance the group launched itself (tagged aws:autoscaling:groupName by the launch)
        // When it is described
        Topology t = describe(zoneAInstance, "EC2_INSTANCE");

        // Then it is in zone a of the same fleet, with the group's propagated tag
        assertThat(t.getAvailabilityZone()).isEqualTo(REGION + "a");
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getTags()).containsEntry("team", "web").containsEntry("aws:autoscaling:groupName", "web-asg");
        assertThat(t.getFleetMembersByZone().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void aTargetGroupIsDescribedByItsMembersZonesAndLoadBalancer() throws Exception {
        // Given the target group in CloudWatch's TargetGroup dimension form
        // When it is described
        Topology t = describe(targetGroupId(), "TARGET_GROUP");

        // Then its four registered instances are counted per zone, and it has no zone of its own
        assertThat(t.getAvailabilityZone()).isNull();
        assertThat(t.getTargetGroups()).containsExactly(targetGroupId());
        assertThat(t.getLoadBalancer()).isEqualTo(loadBalancerId());
        assertThat(t.getTags()).containsEntry("service", "checkout");
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of(REGION + "a", 2, REGION + "b", 2));
    }

    @Test
    void aGroupIsDescribedByItsMembersAndTargetGroups() throws Exception {
        // Given the Auto Scaling group / When it is described
        Topology t = describe("web-asg", "AUTO_SCALING_GROUP");

        // Then
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getTargetGroups()).containsExactly(targetGroupId());
        assertThat(t.getLoadBalancer()).isEqualTo(loadBalancerId());
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of(REGION + "a", 2, REGION + "b", 2));
    }

    @Test
    void anUnknownInstanceOrAnotherResourceTypeIsAnEmptyAnswer() throws Exception {
        // Given an instance id EC2 does not know, and a database
        // When they are described / Then nothing is known, which is an answer, not a failure
        assertThat(describe("i-0000000000000dead", "EC2_INSTANCE")).isEqualTo(Topology.empty());
        assertThat(describe("orders-db", "RDS_INSTANCE")).isEqualTo(Topology.empty());
    }

    @Test
    void anUnreachableAwsFailsTheLookupWithoutBlockingTheCaller() throws Exception {
        // Given an endpoint nothing listens on
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TopologyApi down = new AwsTopologyApi.Factory(REGION, "http://127.0.0.1:" + port, "testing", "testing")
                .create()) {
            // When an instance is described
            long start = System.nanoTime();
            CompletableFuture<Topology> answer = down.describe(ACCOUNT, REGION, zoneAInstance, "EC2_INSTANCE");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // Then describe() returned at once and the answer fails, saying why
            assertThat(tookMs).isLessThan(1_000);
            assertThatThrownBy(() -> answer.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(Enrichment.reason(answer.handle((t, e) -> e).get())).isNotBlank();
        }
    }
}

package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blocking SDK calls behind {@link AwsTopologyApi} for one region: which calls answer which
 * field, and in which CloudWatch form the answer is written. Kept apart from the executor and
 * client plumbing so each resource type reads as its sequence of calls.
 */
final class AwsTopologyLookups {
    /** DescribeInstances accepts many ids per filter; staying well below keeps requests small. */
    private static final int IDS_PER_CALL = 200;

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client elb;

    AwsTopologyLookups(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.elb = elb;
    }

    /**
     * An instance: its zone and tags, its Auto Scaling group, the group's target groups and their
     * load balancer, and the group's members per zone. Unknown to EC2: nothing known (an answer).
     */
    Topology instance(String instanceId) {
        List<Instance> found = instances(List.of(instanceId));
        if (found.isEmpty()) {
            return Topology.empty();
        }
        Instance i = found.get(0);
        Map<String, String> tags = new TreeMap<>();
        i.tags().forEach(t -> tags.put(t.key(), t.value()));
        String group = tags.get("aws:autoscaling:groupName");
        if (group == null) {
            // The tag is added at launch; an instance attached to a group later lacks it.
            List<AutoScalingInstanceDetails> details = autoScaling
                    .describeAutoScalingInstances(b -> b.instanceIds(instanceId)).autoScalingInstances();
            group = details.isEmpty() ? null : details.get(0).autoScalingGroupName();
        }
        String zone = i.placement() == null ? null : i.placement().availabilityZone();
        if (group == null) {
            // Finding the target groups of a lone instance means reading every target group's
            // targets: too costly per impairment, so a lone instance has no fleet here.
            return new Topology(zone, null, null, null, tags, null, true, null);
        }
        Topology fleet = group(group);
        return new Topology(zone, group, fleet.getTargetGroups(), fleet.getLoadBalancer(), tags,
                fleet.getFleetMembersByZone(), true, null);
    }

    /** An Auto Scaling group: its target groups, their load balancer, its tags and members per zone. */
    Topology group(String name) {
        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
                .autoScalingGroups();
        if (groups.isEmpty()) {
            return Topology.empty();
        }
        AutoScalingGroup g = groups.get(0);
        Map<String, Integer> perZone = new TreeMap<>();
        for (software.amazon.awssdk.services.autoscaling.model.Instance m : g.instances()) {
            if (staying(m.lifecycleStateAsString())) {
                perZone.merge(m.availabilityZone(), 1, Integer::sum);
            }
        }
        Map<String, String> tags = new TreeMap<>();
        g.tags().forEach(t -> tags.put(t.key(), t.value()));
        List<String> tgIds = new ArrayList<>();
        g.targetGroupARNs().forEach(arn -> tgIds.add(TopologySnapshot.targetGroupId(arn)));
        String balancer = g.targetGroupARNs().isEmpty() ? null : loadBalancer(g.targetGroupARNs());
        return new Topology(null, name, tgIds.toArray(new String[0]), balancer, tags, perZone, true, null);
    }

    /**
     * A target group ({@code targetgroup/name/id} or its ARN): its registered instances per zone,
     * its load balancer and tags. A target group spans zones, so it has no zone of its own.
     */
    Topology targetGroup(String account, String region, String resourceId) {
        String arn = resourceId.startsWith("arn:") ? resourceId
                : "arn:" + partition(region) + ":elasticloadbalancing:" + region + ":" + account + ":" + resourceId;
        List<String> members = new ArrayList<>();
        for (TargetHealthDescription d : elb.describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions()) {
            String state = d.targetHealth() == null ? null : d.targetHealth().stateAsString();
            // Draining targets are on their way out: they are no longer part of the denominator.
            if (d.target() != null && d.target().id().startsWith("i-") && !"draining".equals(state)) {
                members.add(d.target().id());
            }
        }
        Map<String, Integer> perZone = new TreeMap<>();
        for (Instance i : instances(members)) {
            perZone.merge(i.placement().availabilityZone(), 1, Integer::sum);
        }
        Map<String, String> tags = new TreeMap<>();
        elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions()
                .forEach(td -> td.tags().forEach(t -> tags.put(t.key(), t.value())));
        return new Topology(null, null, new String[] {TopologySnapshot.targetGroupId(arn)}, loadBalancer(List.of(arn)),
                tags, perZone, true, null);
    }

    /** The first load balancer in front of any of the target groups, in CloudWatch's {@code app/name/id} form. */
    @Nullable
    private String loadBalancer(List<String> targetGroupArns) {
        for (TargetGroup tg : elb.describeTargetGroups(b -> b.targetGroupArns(targetGroupArns)).targetGroups()) {
            if (!tg.loadBalancerArns().isEmpty()) {
                return TopologySnapshot.loadBalancerId(tg.loadBalancerArns().get(0));
            }
        }
        return null;
    }

    /**
     * The instances that exist among the ids. A filter, not InstanceIds: with ids, one terminated
     * instance fails the whole call with InvalidInstanceID.NotFound.
     */
    private List<Instance> instances(List<String> ids) {
        List<Instance> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_CALL));
            ec2.describeInstancesPaginator(b -> b.filters(Filter.builder().name("instance-id").values(chunk).build()))
                    .reservations().forEach(r -> r.instances().forEach(i -> {
                        if (seen.put(i.instanceId(), true) == null && !"terminated".equals(i.state().nameAsString())) {
                            out.add(i);
                        }
                    }));
        }
        return out;
    }

    /** Members that count: those not leaving the group (terminating, detaching) or gone. */
    private static boolean staying(@Nullable String lifecycleState) {
        if (lifecycleState == null) {
            return true;
        }
        String s = lifecycleState.toLowerCase(Locale.ROOT);
        return !s.startsWith("terminat") && !s.startsWith("detach");
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}

package dev.vigil.detector.demo;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.schemas.ActionOutcome;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The recording's web fleet rebuilt in the emulator, so the recovery actions have something real to
 * act on: Auto Scaling group web-asg with four instances from a launch template, and an SNS topic.
 * moto chooses its own instance ids, so the recording's ids are mapped onto them before playing.
 * The recording's failed instance is stopped in the emulator, as it was in the incident.
 */
final class DemoFleet implements AutoCloseable {
    static final String REGION = "eu-west-1"; // the recording's region
    static final String GROUP = "web-asg";
    /** The recording's original fleet; the first one fails. */
    static final List<String> RECORDED = List.of("i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6071829", "i-0c3d4e5f607182930",
            "i-0d4e5f60718293041");

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final SnsClient sns;
    final Map<String, String> ids = new LinkedHashMap<>();
    final String topicArn;

    DemoFleet(String endpoint) {
        AwsClients aws = new AwsClients(Region.of(REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)), URI.create(endpoint));
        ec2 = aws.build(Ec2Client.builder());
        autoScaling = aws.build(AutoScalingClient.builder());
        sns = aws.build(SnsClient.builder());
        String ami = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d.imageId(ami)
                .instanceType("t3.micro")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).minSize(2).maxSize(8)
                .desiredCapacity(RECORDED.size()).availabilityZones(REGION + "a")
                .launchTemplate(t -> t.launchTemplateName("web")));
        List<String> real = instances();
        for (int i = 0; i < RECORDED.size(); i++) {
            ids.put(RECORDED.get(i), real.get(i));
        }
        topicArn = sns.createTopic(b -> b.name("vigil-demo")).topicArn();
        // The one that fails is stopped, as EC2 stopped it in the incident (its state-change event): the
        // actions replace an instance only when EC2 confirms it is impaired, and moto's status checks never fail.
        ec2.stopInstances(b -> b.instanceIds(ids.get(RECORDED.get(0))));
    }

    /** The recording with the fleet's instance ids replaced by the emulator's. */
    Recording mapped(Recording r) {
        return new Recording(replace(r.metricLines()), replace(r.eventLines()));
    }

    /** Lines (records, events, impairment JSON) with the recording's instance ids replaced by the emulator's. */
    List<String> replace(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line;
            for (Map.Entry<String, String> e : ids.entrySet()) {
                l = l.replace(e.getKey(), e.getValue());
            }
            out.add(l);
        }
        return out;
    }

    List<String> instances() {
        return group().instances().stream().map(Instance::instanceId).collect(Collectors.toList());
    }

    AutoScalingGroup group() {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    String state(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .nameAsString();
    }

    /** One outcome as a line for the console. */
    static String line(ActionOutcome o) {
        return String.format("%-9s %-16s %-22s %s", o.getStatus(), o.getType(), o.getResourceId(), o.getDetail());
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        sns.close();
    }
}

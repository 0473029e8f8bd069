package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.Fleet;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.Reservation;

import javax.annotation.Nullable;
import java.util.List;

/** {@link Fleet} on EC2 and Auto Scaling. */
public final class SdkFleet implements Fleet {
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;

    public SdkFleet(Ec2Client ec2, AutoScalingClient autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
    }

    @Nullable
    @Override
    public String instanceState(String instanceId) {
        DescribeInstancesResponse r;
        try {
            r = ec2.describeInstances(b -> b.instanceIds(instanceId));
        } catch (Ec2Exception e) {
            if ("InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return null; // terminated instances disappear from EC2 after about an hour
            }
            throw e;
        }
        for (Reservation res : r.reservations()) {
            for (Instance i : res.instances()) {
                if (instanceId.equals(i.instanceId()) && i.state() != null) {
                    return i.state().nameAsString();
                }
            }
        }
        return null;
    }

    @Nullable
    @Override
    public InstanceHealth health(String instanceId) {
        List<InstanceStatus> found;
        try {
            found = ec2.describeInstanceStatus(b -> b.instanceIds(instanceId).includeAllInstances(true)).instanceStatuses();
        } catch (Ec2Exception e) {
            if ("InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
        for (InstanceStatus s : found) {
            if (instanceId.equals(s.instanceId())) {
                return new InstanceHealth(s.instanceState() == null ? null : s.instanceState().nameAsString(),
                        s.systemStatus() == null ? null : s.systemStatus().statusAsString(),
                        s.instanceStatus() == null ? null : s.instanceStatus().statusAsString());
            }
        }
        return null;
    }

    @Nullable
    @Override
    public String groupOf(String instanceId) {
        List<AutoScalingInstanceDetails> found = autoScaling.describeAutoScalingInstances(b -> b.instanceIds(instanceId))
                .autoScalingInstances();
        return found.isEmpty() ? null : found.get(0).autoScalingGroupName();
    }

    @Override
    public void terminateInGroup(String instanceId) {
        autoScaling.terminateInstanceInAutoScalingGroup(b -> b.instanceId(instanceId)
                .shouldDecrementDesiredCapacity(false));
    }

    @Override
    public void reboot(String instanceId) {
        ec2.rebootInstances(b -> b.instanceIds(instanceId));
    }

    @Nullable
    @Override
    public GroupSize group(String groupName) {
        DescribeAutoScalingGroupsResponse r = autoScaling.describeAutoScalingGroups(
                b -> b.autoScalingGroupNames(groupName));
        if (r.autoScalingGroups().isEmpty()) {
            return null;
        }
        AutoScalingGroup g = r.autoScalingGroups().get(0);
        return new GroupSize(g.desiredCapacity(), g.minSize(), g.maxSize());
    }

    @Override
    public void setDesiredCapacity(String groupName, int desired) {
        // Ignore the cooldown: a recovery must not wait for the last scaling activity to settle.
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(groupName).desiredCapacity(desired)
                .honorCooldown(false));
    }
}

package dev.vigil.actions;

import dev.vigil.faults.Fault;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.vigil.actions.ProxiedMoto.action;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EC2 and Auto Scaling executor ({@code SdkFleet}) behind the fault proxy: replace (terminate
 * in the group), scale out (set desired capacity) and reboot under throttling, 5xx, answers lost
 * after the call took effect, answers past the client timeout, and refusals. The emulator's state
 * afterwards and the calls counted at the proxy show each change happened exactly once.
 */
class FleetFaultsITCase {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    @Order(2)
    static final ProxiedMoto AWS = new ProxiedMoto(MOTO);


    private static String newGroup() {
        return AWS.newGroup("fleet-asg");
    }

    private ActionOutcome replace(String id, String group) {
        String victim = AWS.group(group).instances().get(0).instanceId();
        return AWS.run(action(id, ActionType.REPLACE_INSTANCE, victim, "EC2_INSTANCE", Map.of()), null);
    }

    /** The victim is out of service and the group launched exactly one replacement. */
    private static void replacedOnce(String group, String victim, long instancesBefore) {
        assertThat(AWS.state(victim)).isIn("shutting-down", "terminated");
        assertThat(AWS.group(group).desiredCapacity()).isEqualTo(2);
        assertThat(AWS.group(group).instances()).extracting(i -> i.instanceId()).doesNotContain(victim).hasSize(2);
        assertThat(AWS.instanceCount()).isEqualTo(instancesBefore + 1);
        assertThat(AWS.proxy().forwarded("autoscaling", "TerminateInstanceInAutoScalingGroup")).isEqualTo(1);
    }

    @Test
    void aThrottledThenFailingTerminateIsRetriedAndReplacesTheInstanceOnce() {
        // Given Auto Scaling throttles the terminate, then answers 500 and 503
        String asg = newGroup();
        String victim = AWS.group(asg).instances().get(0).instanceId();
        long before = AWS.instanceCount();
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").times(1)
                .inject(Fault.error(400, "Throttling", "Rate exceeded"));
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").times(1)
                .inject(Fault.error(500, "InternalFailure"));
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").times(1)
                .inject(Fault.error(503, "ServiceUnavailable"));

        // When the replacement runs
        ActionOutcome outcome = replace("fleet-retry", asg);

        // Then it succeeded on the fourth attempt and changed the fleet once
        assertThat(outcome.getStatus()).as(AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getAttempts()).isEqualTo(4);
        assertThat(outcome.getDetail()).startsWith("terminated " + victim);
        replacedOnce(asg, victim, before);
    }

    @Test
    void aTerminateWhoseAnswerIsLostIsNotRepeated() {
        // Given the terminate reaches Auto Scaling but the connection resets before its answer
        String asg = newGroup();
        String victim = AWS.group(asg).instances().get(0).instanceId();
        long before = AWS.instanceCount();
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").times(1).inject(Fault.lostResponse());

        ActionOutcome outcome = replace("fleet-lost", asg);

        // Then the instance state showed it took effect: no second terminate, no second replacement
        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getDetail()).contains("answer was lost").contains("took effect");
        replacedOnce(asg, victim, before);
    }

    @Test
    void aTerminateAnsweredPastTheTimeoutIsNotRepeated() {
        String asg = newGroup();
        String victim = AWS.group(asg).instances().get(0).instanceId();
        long before = AWS.instanceCount();
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").times(1).inject(Fault.slow(ProxiedMoto.SLOW));

        ActionOutcome outcome = replace("fleet-slow", asg);

        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getDetail()).contains("ClientTimeout");
        replacedOnce(asg, victim, before);
    }

    @Test
    void aRefusedTerminateFailsWithTheAwsCodeAndChangesNothing() {
        String asg = newGroup();
        String victim = AWS.group(asg).instances().get(0).instanceId();
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup")
                .inject(Fault.error(403, "AccessDenied", "User is not authorized to perform this action"));

        ActionOutcome outcome = replace("fleet-denied", asg);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getErrorCode()).isEqualTo("AccessDenied");
        assertThat(outcome.getDetail()).contains("not authorized");
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(AWS.state(victim)).isEqualTo("stopped");
    }

    @Test
    void throttlingThatOutlastsTheBudgetFailsSayingSoAndChangesNothing() {
        String asg = newGroup();
        String victim = AWS.group(asg).instances().get(0).instanceId();
        AWS.proxy().on("autoscaling", "TerminateInstanceInAutoScalingGroup").inject(Fault.error(400, "Throttling"));

        ActionOutcome outcome = replace("fleet-throttled", asg);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getErrorCode()).isEqualTo("Throttling");
        assertThat(outcome.getAttempts()).isEqualTo(5);
        assertThat(AWS.state(victim)).isEqualTo("stopped");
        assertThat(AWS.proxy().forwarded("autoscaling", "TerminateInstanceInAutoScalingGroup")).isZero();
    }

    @Test
    void aScaleOutWhoseAnswerIsLostSetsTheCapacityOnce() {
        // Given a scaling activity in progress, then a lost answer to the capacity change
        String asg = newGroup();
        AWS.proxy().on("autoscaling", "SetDesiredCapacity").times(1)
                .inject(Fault.error(400, "ScalingActivityInProgress"));
        AWS.proxy().on("autoscaling", "SetDesiredCapacity").times(1).inject(Fault.lostResponse());

        ActionOutcome outcome = AWS.run(action("fleet-scale", ActionType.SCALE_OUT, asg, "AUTO_SCALING_GROUP",
                Map.of("scaleBy", "2")), null);

        // Then 2 -> 4, not 6: set once, recognised from the group's size
        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(AWS.group(asg).desiredCapacity()).isEqualTo(4);
        assertThat(AWS.proxy().forwarded("autoscaling", "SetDesiredCapacity")).isEqualTo(1);
    }

    @Test
    void aThrottledRebootIsRetriedAndRunsOnce() {
        String instance = AWS.group(newGroup()).instances().get(0).instanceId();
        AWS.proxy().on("ec2", "RebootInstances").times(2).inject(Fault.error(503, "RequestLimitExceeded",
                "Request limit exceeded."));

        ActionOutcome outcome = AWS.run(action("fleet-reboot", ActionType.REBOOT_INSTANCE, instance, "EC2_INSTANCE",
                Map.of()), null);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getAttempts()).isEqualTo(3);
        assertThat(AWS.proxy().forwarded("ec2", "RebootInstances")).isEqualTo(1);
    }

    @Test
    void aRebootWhoseAnswerIsLostIsNotRepeatedAndTheOutcomeSaysItMayHaveRun() {
        // Given the reboot reaches EC2 but its answer is lost; a reboot leaves no state to check
        String instance = AWS.group(newGroup()).instances().get(0).instanceId();
        AWS.proxy().on("ec2", "RebootInstances").times(1).inject(Fault.lostResponse());

        ActionOutcome outcome = AWS.run(action("fleet-reboot-lost", ActionType.REBOOT_INSTANCE, instance,
                "EC2_INSTANCE", Map.of()), null);

        // Then it is not sent again, and the outcome says it may have run
        assertThat(AWS.proxy().forwarded("ec2", "RebootInstances")).as(outcome.toString()).isEqualTo(1);
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.getErrorCode()).isEqualTo("ClientError");
        assertThat(outcome.getDetail()).contains("may have taken effect").contains("not repeated");
    }
}

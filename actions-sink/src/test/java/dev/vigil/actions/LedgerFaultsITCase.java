package dev.vigil.actions;

import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.faults.Fault;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DynamoDB ledger under AWS faults: throttling (ProvisionedThroughputExceeded,
 * ThrottlingException), 500s, slow answers past the client timeout and connection resets, on the
 * claim (PutItem), the outcome (UpdateItem) and the lookups (GetItem). In every case the action
 * reaches AWS exactly once (counted at the proxy) and the ledger and the outcome say what happened.
 */
class LedgerFaultsITCase {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    @Order(2)
    static final ProxiedMoto AWS = new ProxiedMoto(MOTO);

    private static DynamoDbLedger directLedger;

    @BeforeAll
    static void emulator() {
        directLedger = new DynamoDbLedger(AWS.direct().build(DynamoDbClient.builder()), ProxiedMoto.LEDGER_TABLE,
                Duration.ofDays(30));
    }

    private static String newGroup() {
        return AWS.newGroup("ledger-asg");
    }

    private static int desired(String group) {
        return AWS.group(group).desiredCapacity();
    }

    private static String instanceOf(String group) {
        return AWS.group(group).instances().get(0).instanceId();
    }

    private static RecoveryAction scaleOut(String id, String group) {
        return new RecoveryAction(id + "/capacity/0", id, 0, ActionType.SCALE_OUT, group, "AUTO_SCALING_GROUP",
                Fixtures.ACCOUNT, "us-east-1", Map.of("scaleBy", "2"), true, "ledger faults");
    }

    private static RecoveryAction reboot(String id, String instance) {
        return new RecoveryAction(id + "/instance-reboot-first/0", id, 0, ActionType.REBOOT_INSTANCE, instance,
                "EC2_INSTANCE", Fixtures.ACCOUNT, "us-east-1", Map.of(), true, "ledger faults");
    }

    private static Impairment impairment(String id, RecoveryAction action) {
        return Impairment.builder().id(id).revision(0).state(LifecycleState.OPEN).resource(action.getResourceId(), "EC2_INSTANCE")
                .location(Fixtures.ACCOUNT, "us-east-1").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH)
                .summary("ledger faults").firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 60_000)
                .emitTime(Samples.T0 + 61_000).recommendedActions(action.getType()).build();
    }

    private static ActionOutcome runOnce(String id, RecoveryAction action) {
        List<ActionOutcome> out = AWS.runner(null).execute(impairment(id, action), List.of(action));
        assertThat(out).hasSize(1);
        assertThat(SchemaValidator.problems("action-outcome", out.get(0))).isEmpty();
        return out.get(0);
    }

    @Test
    void aThrottledClaimIsRetriedAndTheCapacityChangesOnce() {
        // Given the ledger throttles the claim three times, as DynamoDB names it in both ways
        String group = newGroup();
        AWS.proxy().on("dynamodb", "PutItem").times(2).inject(Fault.error(400, "ProvisionedThroughputExceededException"));
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.error(400, "ThrottlingException"));

        // When the scale-out runs, and runs again (a replay)
        ActionOutcome first = runOnce("led-throttle", scaleOut("led-throttle", group));
        ActionOutcome replay = runOnce("led-throttle", scaleOut("led-throttle", group));

        // Then the claim went through on its fourth try and the group was scaled 2 -> 4 once
        assertThat(AWS.proxy().injected("dynamodb", "PutItem")).isEqualTo(3);
        assertThat(first.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(first.getDetail()).contains("2 -> 4");
        assertThat(replay.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
        assertThat(replay.getDetail()).startsWith("already ran: SUCCEEDED");
        assertThat(desired(group)).isEqualTo(4);
        assertThat(AWS.proxy().forwarded("autoscaling", "SetDesiredCapacity")).isEqualTo(1);
        assertThat(directLedger.get(first.getActionId()).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void aResetOrServerErrorOnTheClaimIsRetried() {
        String group = newGroup();
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.reset());
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.error(500, "InternalServerError"));
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.status(503));

        ActionOutcome outcome = runOnce("led-reset", scaleOut("led-reset", group));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(AWS.proxy().injected("dynamodb", "PutItem")).isEqualTo(3);
        assertThat(desired(group)).isEqualTo(4);
    }

    @Test
    void aClaimWhoseAnswerWasLostMidwayIsRetriedAndTheCapacityChangesOnce() {
        // Given DynamoDB stores the claim but the connection resets halfway through its answer
        String group = newGroup();
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.lostResponse());

        // When the scale-out runs
        ActionOutcome outcome = runOnce("led-lost-scale", scaleOut("led-lost-scale", group));

        // Then the reset was retried like any other (not taken for a final error) and the group
        // was scaled once
        assertThat(outcome.getStatus()).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(AWS.proxy().forwarded("dynamodb", "PutItem")).isEqualTo(2);
        assertThat(AWS.proxy().forwarded("autoscaling", "SetDesiredCapacity")).isEqualTo(1);
        assertThat(desired(group)).isEqualTo(4);
    }

    @Test
    void aClaimWhoseAnswerWasLostIsRecognisedAsItsOwnAndTheActionRunsOnce() {
        // Given DynamoDB stores the claim but the connection resets before the answer arrives; the
        // action is a reboot, whose effect the state cannot show
        String instance = instanceOf(newGroup());
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.lostResponse());

        // When it runs
        ActionOutcome outcome = runOnce("led-lost-claim", reboot("led-lost-claim", instance));

        // Then the retried claim found its own row: the reboot ran once, neither refused nor repeated
        assertThat(AWS.proxy().forwarded("dynamodb", "PutItem")).as(outcome + "\n" + AWS.proxy().describe()).isEqualTo(2);
        assertThat(outcome.getStatus()).as(outcome.getDetail()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getDetail()).isEqualTo("rebooted " + instance);
        assertThat(AWS.proxy().forwarded("ec2", "RebootInstances")).isEqualTo(1);
        assertThat(directLedger.get(outcome.getActionId()).getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
    }

    @Test
    void aClaimAnsweredPastTheClientTimeoutIsRecognisedAsItsOwn() {
        // Given the claim is stored but its answer comes after the client gave up
        String instance = instanceOf(newGroup());
        AWS.proxy().on("dynamodb", "PutItem").times(1).inject(Fault.slow(ProxiedMoto.SLOW));

        ActionOutcome outcome = runOnce("led-slow-claim", reboot("led-slow-claim", instance));

        assertThat(outcome.getStatus()).as(outcome.getDetail()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(AWS.proxy().forwarded("ec2", "RebootInstances")).isEqualTo(1);
    }

    @Test
    void anOutcomeWriteThatFailsOrLosesItsAnswerIsRecordedOnce() {
        // Given the outcome's UpdateItem gets a 500, then is applied but its answer is lost
        String group = newGroup();
        AWS.proxy().on("dynamodb", "UpdateItem").times(1).inject(Fault.error(500, "InternalServerError"));
        AWS.proxy().on("dynamodb", "UpdateItem").times(1).inject(Fault.lostResponse());

        ActionOutcome first = runOnce("led-outcome", scaleOut("led-outcome", group));
        ActionOutcome replay = runOnce("led-outcome", scaleOut("led-outcome", group));

        // Then the ledger holds the one outcome and a replay is answered from it
        assertThat(AWS.proxy().injected("dynamodb", "UpdateItem")).isEqualTo(2);
        LedgerEntry e = directLedger.get(first.getActionId());
        assertThat(e.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(e.getDetail()).isEqualTo(first.getDetail());
        assertThat(replay.getDetail()).startsWith("already ran: SUCCEEDED");
        assertThat(desired(group)).isEqualTo(4);
    }

    @Test
    void aThrottledLookupOfEarlierRunsIsRetriedNotThrown() {
        // Given GetItem (has this action run before?) is throttled twice
        String group = newGroup();
        AWS.proxy().on("dynamodb", "GetItem").times(2).inject(Fault.error(400, "ThrottlingException"));

        ActionOutcome outcome = runOnce("led-get", scaleOut("led-get", group));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(AWS.proxy().injected("dynamodb", "GetItem")).isEqualTo(2);
        assertThat(desired(group)).isEqualTo(4);
    }

    @Test
    void anOutcomeTheLedgerCannotTakeIsStillPublishedSayingSoAndAReplayResolvesIt() {
        // Given every outcome write fails
        String group = newGroup();
        AWS.proxy().on("dynamodb", "UpdateItem").inject(Fault.error(500, "InternalServerError"));

        // When the scale-out runs / Then it happened once, and the outcome says the ledger missed it
        ActionOutcome first = runOnce("led-no-outcome", scaleOut("led-no-outcome", group));
        assertThat(first.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(first.getDetail()).contains("2 -> 4").contains("not recorded in the ledger: InternalServerError");
        assertThat(directLedger.get(first.getActionId()).hasOutcome()).isFalse();

        // When the ledger is back and the impairment is replayed / Then the state shows it ran: not again
        AWS.proxy().reset();
        ActionOutcome replay = runOnce("led-no-outcome", scaleOut("led-no-outcome", group));
        assertThat(replay.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(replay.getDetail()).contains("the resource's state shows it took effect");
        assertThat(desired(group)).isEqualTo(4);
        assertThat(AWS.proxy().forwarded("autoscaling", "SetDesiredCapacity")).isZero();
    }

    @Test
    void aLedgerDownForLongerThanTheRetryBudgetStopsTheActionUntilItIsBack() {
        // Given every claim fails
        String group = newGroup();
        AWS.proxy().on("dynamodb", "PutItem").inject(Fault.error(500, "InternalServerError"));

        // When the action runs / Then it is not taken without a claim, and the outcome says so
        ActionOutcome refused = runOnce("led-down", scaleOut("led-down", group));
        assertThat(refused.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(refused.getErrorCode()).isEqualTo("LedgerUnavailable");
        assertThat(refused.getDetail()).contains("not acting").contains("InternalServerError");
        assertThat(AWS.proxy().forwarded("autoscaling", "SetDesiredCapacity")).isZero();
        assertThat(desired(group)).isEqualTo(2);

        // When the ledger is back and the impairment is replayed / Then it runs, once
        AWS.proxy().clear();
        ActionOutcome later = runOnce("led-down", scaleOut("led-down", group));
        assertThat(later.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(desired(group)).isEqualTo(4);
    }
}

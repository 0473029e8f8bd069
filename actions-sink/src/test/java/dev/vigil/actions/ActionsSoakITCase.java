package dev.vigil.actions;

import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.faults.Fault;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vigil.actions.ProxiedMoto.action;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many replacements and scale-outs while every call they make (ledger and executor, reads and
 * writes) fails at random: throttled, 500, reset, answer lost, answer late. Whatever each outcome
 * says must match the emulator's state: SUCCEEDED means the change is there once, FAILED means it
 * is not (unless the outcome says it may be); and a replay once the faults clear (as after a
 * restart) finishes what was left without changing anything twice. {@code -Dvigil.longFaults=true}
 * runs six times as many actions, with answers past the client timeout too.
 */
class ActionsSoakITCase {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    @Order(2)
    static final ProxiedMoto AWS = new ProxiedMoto(MOTO);

    private static final boolean LONG = Boolean.getBoolean("vigil.longFaults");
    private static final List<String[]> CALLS = List.of(new String[] {"dynamodb", "GetItem"},
            new String[] {"dynamodb", "PutItem"}, new String[] {"dynamodb", "UpdateItem"},
            new String[] {"autoscaling", "DescribeAutoScalingGroups"},
            new String[] {"autoscaling", "DescribeAutoScalingInstances"},
            new String[] {"autoscaling", "SetDesiredCapacity"},
            new String[] {"autoscaling", "TerminateInstanceInAutoScalingGroup"}, new String[] {"ec2", "DescribeInstances"});



    @Test
    void everyOutcomeMatchesTheStateAndNothingChangesTwice() {
        // Given groups of two, one action each: scale out by two, or replace a member
        int n = LONG ? 60 : 10;
        List<RecoveryAction> actions = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = AWS.newGroup("soak-asg");
            groups.add(name);
            actions.add(i % 2 == 0
                    ? action("soak-" + i, ActionType.SCALE_OUT, name, "AUTO_SCALING_GROUP", Map.of("scaleBy", "2"))
                    : action("soak-" + i, ActionType.REPLACE_INSTANCE, AWS.group(name).instances().get(0).instanceId(),
                    "EC2_INSTANCE", Map.of()));
        }
        // and every call they make failing at random, a share of them each way
        double share = 0.08;
        long seed = 19;
        for (String[] call : CALLS) {
            AWS.proxy().on(call[0], call[1]).fraction(share, seed++).inject(Fault.error(400,
                    call[0].equals("dynamodb") ? "ProvisionedThroughputExceededException" : "Throttling"));
            AWS.proxy().on(call[0], call[1]).fraction(share, seed++).inject(Fault.error(500, "InternalFailure"));
            AWS.proxy().on(call[0], call[1]).fraction(share, seed++).inject(Fault.reset());
            AWS.proxy().on(call[0], call[1]).fraction(share, seed++).inject(Fault.lostResponse());
            if (LONG) {
                AWS.proxy().on(call[0], call[1]).fraction(share / 4, seed++).inject(Fault.slow(ProxiedMoto.SLOW));
            }
        }
        long instancesBefore = AWS.instanceCount();

        // When each runs, then (faults gone) each is replayed, as after a restart
        List<ActionOutcome> first = new ArrayList<>();
        for (RecoveryAction a : actions) {
            first.add(AWS.run(a, null));
        }
        int injected = AWS.proxy().injected().size();
        AWS.proxy().reset();
        List<ActionOutcome> replay = new ArrayList<>();
        for (RecoveryAction a : actions) {
            replay.add(AWS.run(a, null));
        }

        // Then faults really happened, and every change is there once at most, as the ledger says
        assertThat(injected).isGreaterThan(n / 2);
        DynamoDbLedger ledger = new DynamoDbLedger(AWS.direct().build(DynamoDbClient.builder()), ProxiedMoto.LEDGER_TABLE,
                Duration.ofDays(30));
        int replaced = 0;
        int scaled = 0;
        for (int i = 0; i < n; i++) {
            RecoveryAction a = actions.get(i);
            ActionOutcome o = first.get(i);
            LedgerEntry recorded = ledger.get(a.getActionId());
            String why = "first " + o + "\nreplay " + replay.get(i) + "\nledger " + recorded;
            boolean changed = a.getType() == ActionType.SCALE_OUT
                    ? AWS.group(groups.get(i)).desiredCapacity() == 4
                    : !"running".equals(AWS.state(a.getResourceId()));
            AutoScalingGroup g = AWS.group(groups.get(i));
            if (a.getType() == ActionType.SCALE_OUT) {
                scaled += changed ? 1 : 0;
                assertThat(g.desiredCapacity()).as(why).isIn(2, 4);
                assertThat(g.instances()).as(why).hasSize(g.desiredCapacity());
            } else {
                replaced += changed ? 1 : 0;
                assertThat(g.desiredCapacity()).as(why).isEqualTo(2);
                assertThat(g.instances()).as(why).hasSize(2);
                if (changed) {
                    assertThat(g.instances()).extracting(m -> m.instanceId()).as(why).doesNotContain(a.getResourceId());
                }
            }
            assertThat(recorded).as(why).isNotNull();
            assertThat(recorded.hasOutcome()).as(why).isTrue();
            if (recorded.getStatus() == OutcomeStatus.SUCCEEDED) {
                assertThat(changed).as(why).isTrue();
            } else if (recorded.getDetail() == null || !recorded.getDetail().contains("may have taken effect")) {
                assertThat(changed).as(why).isFalse();
            }
        }
        // one replacement launched per instance terminated, two per group scaled out: none twice
        assertThat(AWS.instanceCount()).isEqualTo(instancesBefore + replaced + 2L * scaled);
        System.out.printf("soak: %d actions, %d faults injected; first run %s; after replay %s%n", n, injected,
                count(first), count(replay));
    }

    private static Map<OutcomeStatus, Long> count(List<ActionOutcome> outcomes) {
        return outcomes.stream().collect(java.util.stream.Collectors.groupingBy(ActionOutcome::getStatus,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }
}

package dev.vigil.actions;

import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anyone who can write to the input streams can feed Vigil records (README, "Trust"). What a forged
 * record can and cannot make the actions do, against the in-memory AWS: outside the scope nothing
 * changes; a record of another region than the one the actions act in changes nothing; an instance
 * EC2 shows healthy is not replaced or rebooted, whatever the record says, and a person is asked; a
 * database failover AWS is already running is not started again.
 */
class TrustTest {
    private final Rig rig = new Rig();
    private final Scope scope = Scope.builder().account(Fixtures.ACCOUNT).region(Fixtures.REGION).resource("*").build()
            .actingIn(Fixtures.REGION);

    private ActionRunner runner() {
        return rig.runner(RecoveryPlans.loadDefault(), scope, new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), false);
    }

    /** Every call that changes something, on every in-memory service. */
    private List<String> changes() {
        List<String> out = new ArrayList<>(rig.fleet.calls);
        out.addAll(rig.db.calls);
        out.addAll(rig.dns.calls);
        out.addAll(rig.services.calls);
        out.addAll(rig.traffic.calls);
        return out;
    }

    /** Impairments recommending every state-changing action the default plans take, for {@code account}, {@code region}. */
    private static List<Impairment> everyKind(String account, String region) {
        List<Impairment> out = new ArrayList<>();
        out.add(Fixtures.instance("imp-c-" + account + region, "i-1", Severity.CRITICAL).location(account, region).build());
        out.add(Fixtures.instance("imp-h-" + account + region, "i-2", Severity.HIGH).location(account, region).build());
        out.add(Fixtures.instance("imp-m-" + account + region, "i-3", Severity.MEDIUM).location(account, region).build());
        out.add(Fixtures.zone("imp-z-" + account + region, dev.vigil.schemas.LifecycleState.OPEN).toBuilder()
                .location(account, region).build());
        out.add(database("imp-db-" + account + region, account, region, null));
        return out;
    }

    private static Impairment database(String id, String account, String region, AwsRecovery recovering) {
        Impairment.Builder b = Impairment.builder().id(id).revision(0).state(dev.vigil.schemas.LifecycleState.OPEN)
                .resource("orders-db", "RDS_INSTANCE").location(account, region).type(ImpairmentType.DATABASE)
                .severity(Severity.CRITICAL).summary("database failed").firstBreachTime(Samples.T0)
                .detectionTime(Samples.T0 + 60_000).emitTime(Samples.T0 + 61_000)
                .recommendedActions(recovering == null ? new ActionType[] {ActionType.FAILOVER_DATABASE, ActionType.NOTIFY}
                        : new ActionType[] {ActionType.NOTIFY})
                .topology(new Topology("us-east-1a", null, null, null, Map.of("vigil:notify-topic", Fixtures.TOPIC),
                        true, null));
        if (recovering != null) {
            b.awsRecovering(recovering);
        }
        return b.build();
    }

    @Test
    void recordsForAccountsOrRegionsOutsideTheScopeChangeNothing() {
        // Given records recommending every destructive action, for another account and for another region
        List<Impairment> forged = new ArrayList<>(everyKind("999999999999", Fixtures.REGION));
        forged.addAll(everyKind(Fixtures.ACCOUNT, "ap-south-1"));

        // When the actions run on them
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (Impairment i : forged) {
            outcomes.addAll(runner().run(i));
        }

        // Then nothing changed anywhere, each state-changing step is SKIPPED out of scope, and only NOTIFY ran
        assertThat(changes()).isEmpty();
        assertThat(outcomes).filteredOn(o -> o.getType() != ActionType.NOTIFY).isNotEmpty()
                .allSatisfy(o -> {
                    assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
                    assertThat(o.getDetail()).contains("out of scope");
                });
    }

    @Test
    void aRecordOfAnAllowedRegionOtherThanTheOneTheActionsActInChangesNothing() {
        // Given a scope allowing two regions, the actions' clients in us-east-1, and a record for eu-west-1
        // naming web-asg (a group of that name may exist in both)
        Scope twoRegions = Scope.builder().account(Fixtures.ACCOUNT).region("us-east-1").region("eu-west-1")
                .resource("*").build().actingIn("us-east-1");
        ActionRunner runner = rig.runner(RecoveryPlans.loadDefault(), twoRegions,
                new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), false);

        // When each kind of record runs
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (Impairment i : everyKind(Fixtures.ACCOUNT, "eu-west-1")) {
            outcomes.addAll(runner.run(i));
        }

        // Then nothing changed in us-east-1, and the reason says where the record is from
        assertThat(changes()).isEmpty();
        assertThat(outcomes).filteredOn(o -> o.getType() != ActionType.NOTIFY).isNotEmpty()
                .allSatisfy(o -> assertThat(o.getDetail()).contains("the record is for region eu-west-1 but the actions"
                        + " act in us-east-1"));
    }

    @Test
    void aForgedFailureOfAnInstanceEc2ShowsHealthyReplacesNothingAndAsksAPerson() {
        // Given i-1 running with both status checks passing, and records saying it failed: a CRITICAL
        // impairment (a forged state-change event or alarm recommends REPLACE_INSTANCE), a HIGH one
        // (reboot first) and one naming an instance EC2 does not know
        rig.fleet.healthy("i-1").healthy("i-2");
        Impairment critical = Fixtures.instance("imp-forged-1", "i-1", Severity.CRITICAL).build();
        Impairment high = Fixtures.instance("imp-forged-2", "i-2", Severity.HIGH).build();
        Impairment unknown = Fixtures.instance("imp-forged-3", "i-0000000000000dead", Severity.CRITICAL).build();

        // When the actions run on them
        List<ActionOutcome> outcomes = new ArrayList<>(runner().run(critical));
        outcomes.addAll(runner().run(high));
        outcomes.addAll(runner().run(unknown));

        // Then no instance was touched; each destructive step is SKIPPED naming the live state, and a
        // person is told instead
        assertThat(rig.fleet.calls).isEmpty();
        assertThat(rig.fleet.states.get("i-1")).isEqualTo("running");
        assertThat(outcomes).filteredOn(o -> o.getType() == ActionType.REPLACE_INSTANCE
                || o.getType() == ActionType.REBOOT_INSTANCE).hasSizeGreaterThanOrEqualTo(3).allSatisfy(o -> {
                    assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
                    assertThat(o.getDetail()).contains("the live state does not confirm the impairment");
                });
        assertThat(outcomes).anySatisfy(o -> assertThat(o.getDetail())
                .contains("i-1 is running, system status check ok, instance status check ok"));
        assertThat(outcomes).anySatisfy(o -> assertThat(o.getDetail()).contains("i-0000000000000dead is not known to EC2"));
        assertThat(rig.notifier.messages).anySatisfy(m -> assertThat(m).contains("Vigil withheld REPLACE_INSTANCE on i-1"));

        // And from then on a person decides: a later revision of the same impairment does not replace it
        // on its own, as after any escalation (the withheld action is recorded as SKIPPED)
        rig.fleet.checks.put("i-1", new String[] {"impaired", "ok"});
        List<ActionOutcome> later = runner().run(Fixtures.instance("imp-forged-1", "i-1", Severity.CRITICAL).revision(1)
                .build());
        assertThat(later).filteredOn(o -> o.getType() == ActionType.REPLACE_INSTANCE)
                .singleElement().satisfies(o -> assertThat(o.getDetail()).startsWith("already ran: SKIPPED (needs a person"));
        assertThat(rig.fleet.calls).isEmpty();
    }

    @Test
    void aForgedFailoverStartedEventStartsNoFailover() {
        // Given the record a forged RDS-EVENT-0013 makes: AWS recovering (DATABASE_FAILOVER), NOTIFY only
        Impairment forged = database("imp-rds", Fixtures.ACCOUNT, Fixtures.REGION, new AwsRecovery(
                AwsRecoveryKind.DATABASE_FAILOVER, "ev-forged", "aws.rds", "RDS-EVENT-0013", Samples.T0));

        // When the actions run on it
        List<ActionOutcome> outcomes = runner().run(forged);

        // Then no failover was asked for: the plan's FAILOVER_DATABASE is SKIPPED
        assertThat(rig.db.calls).isEmpty();
        assertThat(outcomes).filteredOn(o -> o.getType() == ActionType.FAILOVER_DATABASE)
                .allSatisfy(o -> assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED));
    }
}

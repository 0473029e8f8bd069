package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.Dns;
import dev.vigil.actions.exec.InMemoryDatabase;
import dev.vigil.actions.exec.InMemoryDns;
import dev.vigil.actions.exec.InMemoryFleet;
import dev.vigil.actions.exec.InMemoryNotifier;
import dev.vigil.actions.exec.InMemoryServices;
import dev.vigil.actions.exec.InMemoryTraffic;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.ledger.InMemoryLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/** The in-memory AWS, ledger and runner the actions tests share: a web fleet, DNS, a Multi-AZ database. */
public final class Rig {
    public final InMemoryFleet fleet = new InMemoryFleet().instance("i-1", "web-asg").instance("i-2", "web-asg")
            .instance("i-3", "web-asg").group("web-asg", 4, 1, 5);
    public final InMemoryDns dns = new InMemoryDns()
            .put("Z1", new Dns.DnsRecord("api.example.com.", "A", "primary", "PRIMARY", null, 60,
                    Arrays.asList("10.0.0.1"), "hc-1"))
            .put("Z1", new Dns.DnsRecord("api.example.com.", "A", "secondary", "SECONDARY", null, 60,
                    Arrays.asList("10.1.0.1", "10.1.0.2"), null));
    public final InMemoryDatabase db = new InMemoryDatabase();
    public final InMemoryServices services = new InMemoryServices();
    public final InMemoryNotifier notifier = new InMemoryNotifier();
    public final InMemoryTraffic traffic = new InMemoryTraffic();
    public final InMemoryLedger ledger = new InMemoryLedger();
    private final long[] now = {1_000_000L};

    public Rig() {
        db.instances.put("orders-db", new dev.vigil.actions.exec.Database.DbInstance("available", "us-east-1a", true));
        db.standbyZone.put("orders-db", "us-east-1b");
    }

    public ActionRunner runner(RecoveryPlans plans, boolean dryRun) {
        return runner(plans, Scope.allowAll(), new VelocityLimiter(10, Duration.ofMinutes(10), 1.0), dryRun);
    }

    public ActionRunner runner(RecoveryPlans plans, Scope scope, VelocityLimiter velocity, boolean dryRun) {
        ActionExecutors executors = ActionExecutors.of(fleet, dns, db, services, traffic, notifier);
        SafetyGate gate = new SafetyGate(scope, velocity, f -> fleet.group(f) == null ? null : fleet.group(f).desired);
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                new Random(1), ms -> { });
        return new ActionRunner(new Planner(plans), gate, ledger, executors, retry, () -> now[0]++, dryRun);
    }

    public ActionRunner runner() {
        return runner(RecoveryPlans.loadDefault(), false);
    }

    /** The outcome of the first action of {@code type}. */
    public static ActionOutcome of(List<ActionOutcome> outcomes, ActionType type) {
        return outcomes.stream().filter(o -> o.getType() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " outcome in " + outcomes));
    }

    public static List<OutcomeStatus> statuses(List<ActionOutcome> outcomes) {
        return outcomes.stream().map(ActionOutcome::getStatus).collect(Collectors.toList());
    }
}

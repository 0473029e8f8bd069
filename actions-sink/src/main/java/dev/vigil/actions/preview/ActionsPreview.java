package dev.vigil.actions.preview;

import dev.vigil.actions.ActionRunner;
import dev.vigil.actions.ActionsRuntime;
import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.ledger.InMemoryLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.Scope;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * What the actions sink would do with a replay's impairment records, without AWS: the real planner,
 * safety gate (recommendation, AWS already recovering, scope, fail open, velocity) and validation,
 * through an {@link ActionRunner} in {@link ActionRunner.Mode#PREVIEW}. Records are taken in event
 * time order and the velocity windows run on event time, so a replayed incident is limited as the
 * live run would limit it; what only live state can tell (a group's capacity, DNS records) is named
 * in each action's reason instead.
 */
public final class ActionsPreview {
    private final RecoveryPlans plans;
    private final Scope scope;
    private final VelocityLimiter velocity;
    @Nullable private final String notifyTopicArn;
    private final String description;

    private ActionsPreview(RecoveryPlans plans, Scope scope, VelocityLimiter velocity, @Nullable String notifyTopicArn,
                           String description) {
        this.plans = plans;
        this.scope = scope;
        this.velocity = velocity;
        this.notifyTopicArn = notifyTopicArn;
        this.description = description;
    }

    /**
     * The settings of the job config's {@code Actions} group (scope, velocity, notify topic, plans),
     * or, without one, every resource in scope and the default limits. {@code plansLocation}, when
     * given, replaces the group's plans file.
     */
    public static ActionsPreview of(Map<String, Properties> groups, @Nullable String plansLocation) {
        if (!groups.containsKey("Actions")) {
            RecoveryPlans p = RecoveryPlans.load(plansLocation == null ? RecoveryPlans.DEFAULT_LOCATION : plansLocation);
            return new ActionsPreview(p, Scope.allowAll(), new VelocityLimiter(3, Duration.ofMinutes(10), 0.25), null,
                    "plans " + (plansLocation == null ? RecoveryPlans.DEFAULT_LOCATION : plansLocation)
                            + "; no Actions group in the config: every resource in scope, default velocity limits");
        }
        Map<String, Properties> g = new LinkedHashMap<>(groups);
        if (!g.containsKey("Aws") || g.get("Aws").getProperty("region") == null) {
            Properties aws = new Properties();
            if (g.containsKey("Aws")) {
                aws.putAll(g.get("Aws"));
            }
            aws.setProperty("region", "us-east-1"); // where the job would run matters not to a preview
            g.put("Aws", aws);
        }
        ActionsConfig c = ActionsConfig.of(g);
        String location = plansLocation == null ? c.plansLocation : plansLocation;
        return new ActionsPreview(RecoveryPlans.load(location), c.scope(), ActionsRuntime.velocity(c),
                c.notifyTopicArn, "plans " + location + "; scope accounts=" + c.scopeAccounts + " regions="
                + c.scopeRegions + " resources=" + c.scopeResources + " tags=" + c.scopeTags + "; velocity "
                + c.velocityMaxActions + " per " + c.velocityWindowMs + " ms, share " + c.velocityMaxShare);
    }

    /** The plans file and safety settings used, for a log line. */
    public String describe() {
        return description;
    }

    /** One line per action considered, in the order a live run would consider them. */
    public List<PlannedAction> run(List<Impairment> impairments) {
        long[] now = {0};
        NoAws none = new NoAws();
        ActionExecutors executors = ActionExecutors.of(none, none, none, none, none, none, notifyTopicArn);
        SafetyGate gate = new SafetyGate(scope, velocity, fleet -> null); // sizes are live state
        RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, new Random(0), ms -> { });
        ActionRunner runner = new ActionRunner(new Planner(plans), gate, new InMemoryLedger(), executors, once,
                () -> now[0], ActionRunner.Mode.PREVIEW);
        List<Impairment> ordered = new ArrayList<>(impairments);
        ordered.sort(Comparator.comparingLong(ActionsPreview::eventTime).thenComparing(Impairment::getId)
                .thenComparingInt(Impairment::getRevision));
        List<PlannedAction> out = new ArrayList<>();
        for (Impairment imp : ordered) {
            now[0] = eventTime(imp);
            for (ActionRunner.Step s : runner.steps(imp)) {
                out.add(new PlannedAction(imp.getId(), imp.getRevision(), now[0], s.action, s.outcome.getStatus(),
                        s.outcome.getDetail()));
            }
        }
        return out;
    }

    /**
     * When a record happened in event time: its resolution, else the latest of its detection, the
     * end of its newest evidence period and the start of a recovery AWS reported. (A record carries
     * no event time of its own for an UPDATE; its emit time is processing time.)
     */
    static long eventTime(Impairment i) {
        if (i.getResolvedTime() != null) {
            return i.getResolvedTime();
        }
        long t = i.getDetectionTime();
        for (Evidence e : i.getEvidence()) {
            if (e.getPeriodStart() != null) {
                t = Math.max(t, e.getPeriodStart() + 1000L * (e.getPeriodSeconds() == null ? 0 : e.getPeriodSeconds()));
            }
        }
        for (AwsRecovery r : i.getAwsRecovering()) {
            t = Math.max(t, r.getSince());
        }
        return t;
    }
}

package dev.vigil.actions.plan;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an impairment record into the recovery actions its plan asks for. Pure: the same record
 * always yields the same actions, with the same ids, which is what makes the ledger's exactly-once
 * work across replays and restarts. Whether a planned action may run (the record recommends it, AWS
 * is not already recovering) is the safety gate's decision, not the planner's.
 *
 * <p>Action ids say what is done to what, for impairment {@code I} (see {@link ActionIds}):
 * <pre>
 *   recovery step            I/ACTION/target                       step i
 *   rollback of that step    I/ACTION/target/rollback/ACTION/target step 100 * (i + 1) + j (only if it failed)
 *   failback step            I/failback/ACTION/target              step 1000 + k (RESOLVED records only)
 *   a withheld step          (its id)/notify                       (its step)    a NOTIFY instead
 *   human required           I/human, I/failback/human             step 0, 1000
 * </pre>
 * So a plan chosen for a later revision (severity went from CRITICAL to HIGH) that replaces the same
 * instance names the same action, and the ledger lets it run once. Each action also carries the key
 * release 0.1 gave it ({@code I/planId/i}, {@code I/planId/i/rollback/j}, {@code I/planId/failback/k},
 * ...), which the runner looks up too, so an action claimed before an upgrade is not repeated.
 */
public final class Planner {
    public static final String ROLLBACK_OF = "rollbackOf";
    public static final String UNDOES = "undoes";
    /** The release 0.1 key of the step a failback undoes, looked up when the new one is not in the ledger. */
    public static final String UNDOES_LEGACY = "undoesLegacy";

    private final RecoveryPlans plans;

    public Planner(RecoveryPlans plans) {
        this.plans = plans;
    }

    /** The actions for this record, in order; empty when no plan matches or nothing is due. */
    public List<RecoveryAction> plan(Impairment impairment) {
        RecoveryPlan plan = plans.match(impairment);
        if (plan == null) {
            return new ArrayList<>();
        }
        Placeholders ph = new Placeholders(impairment);
        String imp = impairment.getId();
        String legacyBase = imp + "/" + plan.getId();
        boolean failback = impairment.getState() == LifecycleState.RESOLVED;
        List<PlanStep> steps = failback ? plan.getFailback() : plan.getSteps();
        List<RecoveryAction> out = new ArrayList<>();
        if (steps.isEmpty()) {
            return out;
        }
        if (plan.isHumanRequired() || impairment.isHumanRequired()) {
            String suffix = failback ? "/failback/human" : "/human";
            out.add(humanDecision(impairment, plan, ph, imp + suffix, legacyBase + suffix, failback ? 1000 : 0,
                    steps));
            return out;
        }
        List<String> ids = ActionIds.assign(failback ? imp + "/failback" : imp, targets(impairment, ph, steps),
                steps);
        List<String> recoveryIds = failback
                ? ActionIds.assign(imp, targets(impairment, ph, plan.getSteps()), plan.getSteps()) : ids;
        for (int i = 0; i < steps.size(); i++) {
            PlanStep s = steps.get(i);
            if (impairment.getRevision() < s.getMinRevision()) {
                continue;
            }
            String legacy = failback ? legacyBase + "/failback/" + i : legacyBase + "/" + i;
            Map<String, String> extra = new HashMap<>();
            if (s.getUndoes() != null) {
                extra.put(UNDOES, recoveryIds.get(s.getUndoes()));
                extra.put(UNDOES_LEGACY, legacyBase + "/" + s.getUndoes());
            }
            RecoveryAction a = bind(impairment, plan, ph, s, ids.get(i), legacy, failback ? 1000 + i : i, extra);
            out.add(a);
            if (a.getType() == ActionType.NOTIFY && s.getAction() != ActionType.NOTIFY) {
                continue; // a withheld step: its rollback belongs to an action that will not run
            }
            List<String> rollbackIds = ActionIds.assign(ids.get(i) + "/rollback",
                    targets(impairment, ph, s.getRollback()), s.getRollback());
            for (int j = 0; j < s.getRollback().size(); j++) {
                out.add(bind(impairment, plan, ph, s.getRollback().get(j), rollbackIds.get(j),
                        legacy + "/rollback/" + j, 100 * (i + 1) + j, Map.of(ROLLBACK_OF, ids.get(i))));
            }
        }
        return out;
    }

    private static List<String> targets(Impairment imp, Placeholders ph, List<PlanStep> steps) {
        List<String> out = new ArrayList<>();
        for (PlanStep s : steps) {
            out.add(target(imp, ph, s));
        }
        return out;
    }

    /** The resource a step acts on: its {@code resource} bound to the impairment, else the impaired one. */
    @Nullable
    private static String target(Impairment imp, Placeholders ph, PlanStep s) {
        return s.getResource() == null ? imp.getResourceId() : ph.resolve(s.getResource());
    }

    private RecoveryAction bind(Impairment imp, RecoveryPlan plan, Placeholders ph, PlanStep s, String id,
                                String legacyId, int step, Map<String, String> extra) {
        Map<String, String> unbound = new TreeMap<>();
        Map<String, String> params = new HashMap<>(ph.resolveAll(plans.getParameters(), unbound));
        params.putAll(ph.resolveAll(s.getParams(), unbound));
        params.putAll(extra);
        unbound.keySet().removeAll(params.keySet()); // a step's own value wins over an unbound default, and back
        String resource = target(imp, ph, s);
        String resourceType = s.getResourceType() == null
                ? (s.getResource() == null ? imp.getResourceType() : null) : ph.resolve(s.getResourceType());
        if (s.isDestructive() && imp.isMemberActionsWithheld()) {
            return notifyInstead(imp, ph, id + "/notify", legacyId + "/notify", step, s.getAction(), resource,
                    "fail open: the fleet or zone is impaired, so Vigil withheld " + s.getAction() + " on " + resource);
        }
        return new RecoveryAction(id, imp.getId(), step, s.getAction(), resource, resourceType, imp.getAccount(),
                imp.getRegion(), params, s.isDestructive(), "plan " + plan.getId() + ": " + describe(imp),
                s.getBeyondRecommendation(), unbound, legacyId);
    }

    private RecoveryAction humanDecision(Impairment imp, RecoveryPlan plan, Placeholders ph, String id,
                                         String legacyId, int step, List<PlanStep> steps) {
        StringBuilder proposed = new StringBuilder();
        for (PlanStep s : steps) {
            proposed.append(proposed.length() == 0 ? "" : ", ").append(s.getAction());
        }
        return notifyInstead(imp, ph, id, legacyId, step, null, imp.getResourceId(),
                "a person must decide (plan " + plan.getId() + " proposes " + proposed + ")");
    }

    /** A NOTIFY standing in for an action that must not run automatically. */
    private RecoveryAction notifyInstead(Impairment imp, Placeholders ph, String id, String legacyId, int step,
                                         @Nullable ActionType withheld, @Nullable String resource, String why) {
        Map<String, String> unbound = new TreeMap<>();
        Map<String, String> params = new HashMap<>(ph.resolveAll(plans.getParameters(), unbound));
        if (withheld != null) {
            params.put("withheldAction", withheld.name());
        }
        params.put("subject", "Vigil needs a decision: " + imp.getType() + " " + imp.getSeverity() + " "
                + imp.getResourceId());
        return new RecoveryAction(id, imp.getId(), step, ActionType.NOTIFY, resource, null, imp.getAccount(),
                imp.getRegion(), params, false, "Human decision needed: " + why + ". " + describe(imp), null,
                unbound, legacyId);
    }

    static String describe(Impairment i) {
        return i.getState() + " " + i.getType() + " " + i.getSeverity() + " on " + i.getResourceId()
                + (i.getSummary() == null ? "" : ": " + i.getSummary()) + " (impairment " + i.getId() + ")";
    }
}

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

/**
 * Turns an impairment record into the recovery actions its plan asks for. Pure: the same record
 * always yields the same actions, with the same ids, which is what makes the ledger's exactly-once
 * work across replays and restarts.
 *
 * <p>Action ids and step numbers, for plan {@code P} of impairment {@code I}:
 * <pre>
 *   recovery step i          I/P/i                 step i
 *   rollback j of step i     I/P/i/rollback/j      step 100 * (i + 1) + j   (runs only if step i failed)
 *   failback step k          I/P/failback/k        step 1000 + k            (RESOLVED records only)
 *   a withheld step          (its id)/notify       (its step)               a NOTIFY instead
 *   human required           I/P/human             step 0 (1000 for failback)
 * </pre>
 * The plan id is part of the key so that an escalated plan (severity raised on UPDATE) gets fresh
 * keys instead of colliding with the milder plan's steps. A withheld step gets its own key, so the
 * real action can still run once the fleet or zone is no longer impaired.
 */
public final class Planner {
    public static final String ROLLBACK_OF = "rollbackOf";
    public static final String UNDOES = "undoes";

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
        String base = impairment.getId() + "/" + plan.getId();
        boolean failback = impairment.getState() == LifecycleState.RESOLVED;
        List<PlanStep> steps = failback ? plan.getFailback() : plan.getSteps();
        List<RecoveryAction> out = new ArrayList<>();
        if (steps.isEmpty()) {
            return out;
        }
        if (plan.isHumanRequired() || impairment.isHumanRequired()) {
            out.add(humanDecision(impairment, plan, ph, base + (failback ? "/failback" : ""), failback ? 1000 : 0,
                    steps));
            return out;
        }
        for (int i = 0; i < steps.size(); i++) {
            PlanStep s = steps.get(i);
            if (impairment.getRevision() < s.getMinRevision()) {
                continue;
            }
            String id = failback ? base + "/failback/" + i : base + "/" + i;
            Map<String, String> extra = new HashMap<>();
            if (s.getUndoes() != null) {
                extra.put(UNDOES, base + "/" + s.getUndoes());
            }
            RecoveryAction a = bind(impairment, plan, ph, s, id, failback ? 1000 + i : i, extra);
            out.add(a);
            if (a.getType() == ActionType.NOTIFY && s.getAction() != ActionType.NOTIFY) {
                continue; // a withheld step: its rollback belongs to an action that will not run
            }
            for (int j = 0; j < s.getRollback().size(); j++) {
                out.add(bind(impairment, plan, ph, s.getRollback().get(j), id + "/rollback/" + j, 100 * (i + 1) + j,
                        Map.of(ROLLBACK_OF, id)));
            }
        }
        return out;
    }

    private RecoveryAction bind(Impairment imp, RecoveryPlan plan, Placeholders ph, PlanStep s, String id, int step,
                                Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(ph.resolveAll(plans.getParameters()));
        params.putAll(ph.resolveAll(s.getParams()));
        params.putAll(extra);
        String resource = s.getResource() == null ? imp.getResourceId() : ph.resolve(s.getResource());
        String resourceType = s.getResourceType() == null
                ? (s.getResource() == null ? imp.getResourceType() : null) : ph.resolve(s.getResourceType());
        if (s.isDestructive() && imp.isMemberActionsWithheld()) {
            return notifyInstead(imp, ph, id + "/notify", step, s.getAction(), resource,
                    "fail open: the fleet or zone is impaired, so Vigil withheld " + s.getAction() + " on " + resource);
        }
        return new RecoveryAction(id, imp.getId(), step, s.getAction(), resource, resourceType, imp.getAccount(),
                imp.getRegion(), params, s.isDestructive(), "plan " + plan.getId() + ": " + describe(imp));
    }

    private RecoveryAction humanDecision(Impairment imp, RecoveryPlan plan, Placeholders ph, String base, int step,
                                         List<PlanStep> steps) {
        StringBuilder proposed = new StringBuilder();
        for (PlanStep s : steps) {
            proposed.append(proposed.length() == 0 ? "" : ", ").append(s.getAction());
        }
        return notifyInstead(imp, ph, base + "/human", step, null, imp.getResourceId(),
                "a person must decide (plan " + plan.getId() + " proposes " + proposed + ")");
    }

    /** A NOTIFY standing in for an action that must not run automatically. */
    RecoveryAction notifyInstead(Impairment imp, Placeholders ph, String id, int step, @Nullable ActionType withheld,
                                 @Nullable String resource, String why) {
        Map<String, String> params = new HashMap<>(ph.resolveAll(plans.getParameters()));
        if (withheld != null) {
            params.put("withheldAction", withheld.name());
        }
        params.put("subject", "Vigil needs a decision: " + imp.getType() + " " + imp.getSeverity() + " "
                + imp.getResourceId());
        return new RecoveryAction(id, imp.getId(), step, ActionType.NOTIFY, resource, null, imp.getAccount(),
                imp.getRegion(), params, false, "Human decision needed: " + why + ". " + describe(imp));
    }

    static String describe(Impairment i) {
        return i.getState() + " " + i.getType() + " " + i.getSeverity() + " on " + i.getResourceId()
                + (i.getSummary() == null ? "" : ": " + i.getSummary()) + " (impairment " + i.getId() + ")";
    }
}

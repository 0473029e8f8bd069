package dev.vigil.actions.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idempotency keys that name what is done to what: {@code prefix/ACTION/target}. Only a list that
 * truly repeats an action on the same target (reboot, and reboot again at a later revision) numbers
 * the repeats, {@code #2}, {@code #3}, ..., counted over the whole list whatever the revision, so an
 * id never depends on which steps are due yet. Never a plan id or a step index: another plan matching
 * a later revision of the same impairment must name the same action for the same work.
 */
final class ActionIds {
    /** Stands for a target whose placeholder did not resolve; such an action fails before it acts. */
    static final String NO_TARGET = "-";

    private ActionIds() {}

    /** One id per step, in order; {@code targets} are the steps' resources (null where unresolved). */
    static List<String> assign(String prefix, List<String> targets, List<PlanStep> steps) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String target = targets.get(i);
            String key = prefix + "/" + steps.get(i).getAction() + "/" + (target == null ? NO_TARGET : target);
            int n = seen.merge(key, 1, Integer::sum);
            out.add(n == 1 ? key : key + "#" + n);
        }
        return out;
    }
}

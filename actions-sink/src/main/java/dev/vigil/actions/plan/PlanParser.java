package dev.vigil.actions.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.common.config.Nearest;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one plan's tree into a {@link RecoveryPlan}. Unknown keys fail rather than being ignored:
 * a typo such as "rolback" would otherwise silently drop a safety net.
 */
final class PlanParser {
    private static final Set<String> PLAN_KEYS = set("id", "description", "match", "humanRequired", "steps",
            "failback");
    private static final Set<String> MATCH_KEYS = set("impairmentTypes", "resourceTypes", "minSeverity");
    private static final Set<String> STEP_KEYS = set("action", "params", "resource", "resourceType", "destructive",
            "minRevision", "rollback", "undoes", "beyondRecommendation");

    private PlanParser() {}

    static RecoveryPlan plan(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw new PlanValidationException("plan #" + index + ": expected an object, got " + node);
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : "#" + index;
        checkKeys(node, id, "", PLAN_KEYS);
        if (idNode == null || !idNode.isTextual() || id.isEmpty() || id.contains("/")) {
            throw PlanValidationException.of(id, "id", "a non-empty string without '/' (it is part of action ids)",
                    idNode);
        }
        JsonNode match = node.get("match");
        Set<ImpairmentType> types = EnumSet.noneOf(ImpairmentType.class);
        Set<String> resourceTypes = new HashSet<>();
        Severity minSeverity = Severity.LOW;
        if (match != null) {
            if (!match.isObject()) {
                throw PlanValidationException.of(id, "match", "an object", match);
            }
            checkKeys(match, id, "match.", MATCH_KEYS);
            for (String t : strings(match.get("impairmentTypes"), id, "match.impairmentTypes")) {
                types.add(enumValue(ImpairmentType.class, t, id, "match.impairmentTypes"));
            }
            resourceTypes.addAll(strings(match.get("resourceTypes"), id, "match.resourceTypes"));
            JsonNode sev = match.get("minSeverity");
            if (sev != null) {
                minSeverity = enumValue(Severity.class, text(sev, id, "match.minSeverity"), id, "match.minSeverity");
            }
        }
        JsonNode human = node.get("humanRequired");
        if (human != null && !human.isBoolean()) {
            throw PlanValidationException.of(id, "humanRequired", "true or false", human);
        }
        List<PlanStep> steps = steps(node.get("steps"), id, "steps", true, Integer.MAX_VALUE);
        if (steps.isEmpty()) {
            throw PlanValidationException.of(id, "steps", "a non-empty list", node.get("steps"));
        }
        List<PlanStep> failback = steps(node.get("failback"), id, "failback", false, steps.size());
        String description = node.has("description") ? text(node.get("description"), id, "description") : "";
        return new RecoveryPlan(id, description, types, resourceTypes, minSeverity, human != null && human.asBoolean(),
                steps, failback);
    }

    /** Steps under {@code path}; rollback only in recovery steps, {@code undoes} only in failback steps. */
    private static List<PlanStep> steps(JsonNode node, String id, String path, boolean recovery, int recoverySteps) {
        if (node == null) {
            return Collections.emptyList();
        }
        if (!node.isArray()) {
            throw PlanValidationException.of(id, path, "a list of steps", node);
        }
        List<PlanStep> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode s = node.get(i);
            if (!s.isObject()) {
                throw PlanValidationException.of(id, p, "a step object", s);
            }
            checkKeys(s, id, p + ".", STEP_KEYS);
            if (s.get("action") == null) {
                throw PlanValidationException.of(id, p + ".action", "one of " + Arrays.toString(ActionType.values()),
                        null);
            }
            ActionType action = enumValue(ActionType.class, text(s.get("action"), id, p + ".action"), id, p + ".action");
            JsonNode destructive = s.get("destructive");
            if (destructive != null && !destructive.isBoolean()) {
                throw PlanValidationException.of(id, p + ".destructive", "true or false", destructive);
            }
            int minRevision = integer(s.get("minRevision"), id, p + ".minRevision", 0, 0, Integer.MAX_VALUE);
            if (s.has("rollback") && !recovery) {
                throw PlanValidationException.of(id, p + ".rollback", "no rollback (only recovery steps have one)",
                        "a rollback");
            }
            List<PlanStep> rollback = recovery ? steps(s.get("rollback"), id, p + ".rollback", false, 0)
                    : Collections.emptyList();
            Integer undoes = null;
            if (s.has("undoes")) {
                if (recovery || recoverySteps == 0) {
                    throw PlanValidationException.of(id, p + ".undoes", "no 'undoes' (only failback steps have one)",
                            s.get("undoes"));
                }
                undoes = integer(s.get("undoes"), id, p + ".undoes", 0, 0, recoverySteps - 1);
            }
            out.add(new PlanStep(action, stringMap(s.get("params"), id, p + ".params"),
                    s.has("resource") ? text(s.get("resource"), id, p + ".resource") : null,
                    s.has("resourceType") ? text(s.get("resourceType"), id, p + ".resourceType") : null,
                    destructive == null ? null : destructive.asBoolean(), minRevision, rollback, undoes,
                    beyondRecommendation(s.get("beyondRecommendation"), action, id, p + ".beyondRecommendation")));
        }
        return out;
    }

    /**
     * A step that runs whatever the impairment recommends must say why, in words an operator reads
     * in the outcome; NOTIFY always runs, so the key would only mislead there.
     */
    private static String beyondRecommendation(JsonNode node, ActionType action, String id, String path) {
        if (node == null) {
            return null;
        }
        if (action == ActionType.NOTIFY) {
            throw PlanValidationException.of(id, path, "no beyondRecommendation on NOTIFY (it always runs)",
                    node.asText());
        }
        if (!node.isTextual() || node.asText().trim().isEmpty()) {
            throw PlanValidationException.of(id, path,
                    "a non-empty reason why the step runs although the impairment does not recommend it", node);
        }
        return node.asText().trim();
    }

    static Map<String, String> stringMap(JsonNode node, String id, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw PlanValidationException.of(id, path, "a map of strings", node);
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw PlanValidationException.of(id, path + "." + e.getKey(), "a string, number or boolean",
                        e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static List<String> strings(JsonNode node, String id, String path) {
        if (node == null) {
            return Collections.emptyList();
        }
        if (!node.isArray()) {
            throw PlanValidationException.of(id, path, "a list of strings", node);
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(text(n, id, path)));
        return out;
    }

    private static String text(JsonNode node, String id, String path) {
        if (!node.isTextual()) {
            throw PlanValidationException.of(id, path, "a string", node);
        }
        return node.asText();
    }

    private static int integer(JsonNode node, String id, String path, int def, int min, int max) {
        if (node == null) {
            return def;
        }
        if (!node.isInt() || node.asInt() < min || node.asInt() > max) {
            throw PlanValidationException.of(id, path, "an integer in [" + min + ", " + max + "]", node);
        }
        return node.asInt();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String id, String path) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw PlanValidationException.of(id, path, "one of " + Arrays.toString(type.getEnumConstants()), value);
        }
    }

    private static void checkKeys(JsonNode node, String id, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new PlanValidationException("plan '" + id + "': key '" + prefix + k + "': unknown key"
                        + Nearest.didYouMean(k, known) + "; the known keys are " + new TreeSet<>(known));
            }
        });
    }

    private static Set<String> set(String... s) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(s)));
    }
}

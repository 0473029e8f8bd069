package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one rule's JSON/YAML tree into a {@link Rule}. Type errors are reported here (with the rule
 * id and key); range and consistency checks are left to {@link RuleBuilder#build()} so that rules
 * built in code get the same checks.
 */
final class RuleParser {
    // Unknown keys fail rather than being ignored: a typo such as "treatMissingdata" would otherwise
    // silently fall back to a default and change when the alarm fires.
    private static final Set<String> KEYS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "id", "description", "namespace", "metricName", "dimensions", "denominatorMetricName", "statistic",
            "periodSeconds", "detector", "comparison", "threshold", "recoveryThreshold", "anomaly",
            "datapointsToAlarm", "evaluationPeriods", "treatMissingData", "healthyThreshold", "keepFiringSeconds",
            "impairmentType", "severity", "resourceDimension", "resourceType", "recommendedActions")));

    private RuleParser() {
    }

    static Rule parse(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw new RuleValidationException("rule #" + index + ": expected an object, got " + node);
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : "#" + index;
        Reader r = new Reader(id, node);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw RuleValidationException.of(id, key, "one of the known keys " + new java.util.TreeSet<>(KEYS),
                        "an unknown key");
            }
        }
        RuleBuilder b = Rule.builder()
                .id(r.string("id", true))
                .namespace(r.string("namespace", true))
                .metricName(r.string("metricName", true))
                .dimensions(r.stringList("dimensions"))
                .denominatorMetricName(r.string("denominatorMetricName", false))
                .statistic(r.string("statistic", true))
                .periodSeconds(r.integer("periodSeconds", null))
                .threshold(r.number("threshold"))
                .recoveryThreshold(r.number("recoveryThreshold"))
                .datapointsToAlarm(r.integer("datapointsToAlarm", null))
                .evaluationPeriods(r.integer("evaluationPeriods", null))
                .healthyThreshold(r.integer("healthyThreshold", 5))
                .keepFiringSeconds(r.integer("keepFiringSeconds", 0))
                .resourceDimension(r.string("resourceDimension", true));
        String detector = r.string("detector", true);
        DetectorType type = DetectorType.fromName(detector);
        if (type == null) {
            throw RuleValidationException.of(id, "detector", "threshold or anomaly", detector);
        }
        b.detector(type);
        String cmp = r.string("comparison", false);
        if (cmp != null) {
            Comparison c = Comparison.fromName(cmp);
            if (c == null) {
                throw RuleValidationException.of(id, "comparison", "a CloudWatch comparison operator such as "
                        + "GreaterThanThreshold", cmp);
            }
            b.comparison(c);
        }
        String treat = r.string("treatMissingData", false);
        if (treat != null) {
            TreatMissingData t = TreatMissingData.fromName(treat);
            if (t == null) {
                throw RuleValidationException.of(id, "treatMissingData", "missing, notBreaching, breaching or ignore",
                        treat);
            }
            b.treatMissingData(t);
        }
        b.anomalyParameters(r.numberMap("anomaly"));
        b.impairmentType(r.enumValue("impairmentType", ImpairmentKind.class));
        b.severity(r.enumValue("severity", Severity.class));
        b.resourceType(r.enumValue("resourceType", ResourceType.class));
        List<RecommendedAction> actions = new ArrayList<>();
        for (String a : r.stringList("recommendedActions")) {
            actions.add(r.enumOf("recommendedActions", RecommendedAction.class, a));
        }
        b.recommendedActions(actions);
        return b.build();
    }

    /** Typed reads of one rule's keys; every failure names the rule id and the key. */
    private static final class Reader {
        private final String id;
        private final JsonNode node;

        Reader(String id, JsonNode node) {
            this.id = id;
            this.node = node;
        }

        String string(String key, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw RuleValidationException.of(id, key, "a string", "nothing (the key is required)");
                }
                return null;
            }
            if (!v.isTextual()) {
                throw RuleValidationException.of(id, key, "a string", v.toString());
            }
            return v.asText();
        }

        int integer(String key, Integer dflt) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (dflt == null) {
                    throw RuleValidationException.of(id, key, "an integer", "nothing (the key is required)");
                }
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw RuleValidationException.of(id, key, "an integer", v.toString());
            }
            return v.intValue();
        }

        /** NaN when absent: the builder decides whether the key was required. */
        double number(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return Double.NaN;
            }
            if (!v.isNumber()) {
                throw RuleValidationException.of(id, key, "a number", v.toString());
            }
            return v.doubleValue();
        }

        List<String> stringList(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return Collections.emptyList();
            }
            if (!v.isArray()) {
                throw RuleValidationException.of(id, key, "a list of strings", v.toString());
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw RuleValidationException.of(id, key, "a list of strings", v.toString());
                }
                out.add(e.asText());
            }
            return out;
        }

        Map<String, Double> numberMap(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return Collections.emptyMap();
            }
            if (!v.isObject()) {
                throw RuleValidationException.of(id, key, "a map of parameter name to number", v.toString());
            }
            Map<String, Double> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw RuleValidationException.of(id, key + "." + e.getKey(), "a number", e.getValue().toString());
                }
                out.put(e.getKey(), e.getValue().doubleValue());
            }
            return out;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            String s = string(key, true);
            return enumOf(key, type, s);
        }

        <E extends Enum<E>> E enumOf(String key, Class<E> type, String s) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(s)) {
                    return e;
                }
            }
            throw RuleValidationException.of(id, key, "one of " + Arrays.toString(type.getEnumConstants()), s);
        }
    }
}

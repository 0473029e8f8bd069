package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
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
        RuleReader r = new RuleReader("rule", id, node);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw RuleValidationException.unknownKey("rule", id, key, KEYS);
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

}

package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.ActionType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns one rule's JSON/YAML tree into a {@link Rule}: an entry of the {@code rules:} list (its
 * {@code detector} says threshold, anomaly or peer) or of the {@code peerOutliers:} list (a peer
 * rule, no {@code detector} key). Type errors are reported here (with the rule id and key); range
 * and consistency checks are left to {@link RuleBuilder#build()} so that rules built in code get
 * the same checks.
 */
final class RuleParser {
    // Unknown keys fail rather than being ignored: a typo such as "treatMissingdata" would otherwise
    // silently fall back to a default and change when the alarm fires.
    private static final Set<String> COMMON_KEYS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "id", "description", "namespace", "metricName", "statistic", "datapointsToAlarm", "evaluationPeriods",
            "healthyThreshold", "impairmentType", "severity", "resourceType", "recommendedActions")));
    private static final Set<String> SERIES_KEYS = union(COMMON_KEYS, "dimensions", "denominatorMetricName",
            "periodSeconds", "detector", "comparison", "threshold", "recoveryThreshold", "anomaly", "treatMissingData",
            "keepFiringSeconds", "resourceDimension");
    private static final Set<String> PEER_KEYS = union(COMMON_KEYS, "memberDimension", "groupDimension", "direction",
            "minPeers", "ratio", "madK", "minValue");
    /** A peer rule in the {@code rules:} list says what it is. */
    private static final Set<String> PEER_KEYS_IN_RULES = union(PEER_KEYS, "detector");

    private RuleParser() {
    }

    /** An entry of the {@code rules:} list. */
    static Rule parse(JsonNode node, int index) {
        requireObject(node, "rule", index);
        String id = idOf(node, index);
        JsonNode detector = node.get("detector");
        boolean peer = detector != null && DetectorType.PEER.yamlName().equals(detector.asText());
        return peer ? peer(node, id, PEER_KEYS_IN_RULES) : series(node, id);
    }

    /** An entry of the {@code peerOutliers:} list. */
    static Rule parsePeer(JsonNode node, int index) {
        requireObject(node, "peer rule", index);
        return peer(node, idOf(node, index), PEER_KEYS);
    }

    private static Rule series(JsonNode node, String id) {
        checkKeys(node, "rule", id, SERIES_KEYS);
        RuleReader r = new RuleReader("rule", id, node);
        RuleBuilder b = common(r, Rule.builder())
                .dimensions(r.stringList("dimensions"))
                .denominatorMetricName(r.string("denominatorMetricName", false))
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
        if (type == null || type == DetectorType.PEER) {
            throw RuleValidationException.of(id, "detector", "threshold, anomaly or peer", detector);
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
        b.impairmentType(r.enumOf("impairmentType", Rule.IMPAIRMENT_TYPES, r.string("impairmentType", true)));
        b.severity(r.enumValue("severity", dev.vigil.schemas.Severity.class));
        b.resourceType(r.enumValue("resourceType", ResourceType.class));
        b.recommendedActions(actions(r));
        return b.build();
    }

    /** A peer rule: every key but the comparison's own is optional, with the documented defaults. */
    private static Rule peer(JsonNode node, String id, Set<String> keys) {
        checkKeys(node, "peer rule", id, keys);
        RuleReader r = new RuleReader("peer rule", id, node);
        RuleBuilder b = common(r, Rule.builder().detector(DetectorType.PEER))
                .memberDimension(r.string("memberDimension", true))
                .groupDimension(r.string("groupDimension", false));
        if (node.has("direction")) {
            b.direction(r.enumOf("direction", PeerDirection.class, r.string("direction", true)));
        }
        if (node.has("minPeers")) {
            b.minPeers(r.integer("minPeers", null));
        }
        if (node.has("ratio")) {
            b.ratio(r.number("ratio"));
        }
        if (node.has("madK")) {
            b.madK(r.number("madK"));
        }
        if (node.has("minValue")) {
            b.minValue(r.number("minValue"));
        }
        if (node.has("datapointsToAlarm")) {
            b.datapointsToAlarm(r.integer("datapointsToAlarm", null));
        }
        if (node.has("evaluationPeriods")) {
            b.evaluationPeriods(r.integer("evaluationPeriods", null));
        }
        if (node.has("healthyThreshold")) {
            b.healthyThreshold(r.integer("healthyThreshold", null));
        }
        if (node.has("impairmentType")) {
            b.impairmentType(r.enumOf("impairmentType", Rule.IMPAIRMENT_TYPES, r.string("impairmentType", true)));
        }
        if (node.has("severity")) {
            b.severity(r.enumValue("severity", dev.vigil.schemas.Severity.class));
        }
        if (node.has("resourceType")) {
            b.resourceType(r.enumValue("resourceType", ResourceType.class));
        }
        if (node.has("recommendedActions")) {
            b.recommendedActions(actions(r));
        }
        return b.build();
    }

    /** The keys every rule has, whatever judges it. */
    private static RuleBuilder common(RuleReader r, RuleBuilder b) {
        return b.id(r.string("id", true))
                .description(r.string("description", false))
                .namespace(r.string("namespace", true))
                .metricName(r.string("metricName", true))
                .statistic(r.string("statistic", true));
    }

    private static List<ActionType> actions(RuleReader r) {
        List<ActionType> actions = new ArrayList<>();
        for (String a : r.stringList("recommendedActions")) {
            actions.add(r.enumOf("recommendedActions", Rule.ACTIONS, a));
        }
        return actions;
    }

    private static void requireObject(JsonNode node, String kind, int index) {
        if (node == null || !node.isObject()) {
            throw new RuleValidationException(kind + " #" + index + ": expected an object, got " + node);
        }
    }

    private static String idOf(JsonNode node, int index) {
        JsonNode idNode = node.get("id");
        return idNode != null && idNode.isTextual() ? idNode.asText() : "#" + index;
    }

    private static void checkKeys(JsonNode node, String kind, String id, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw RuleValidationException.unknownKey(kind, id, key, known);
            }
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(Arrays.asList(more));
        return Collections.unmodifiableSet(s);
    }
}

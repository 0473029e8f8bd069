package dev.vigil.detector.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.rules.ImpairmentKind;
import dev.vigil.detector.rules.RecommendedAction;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.RuleReader;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.rules.RuleValidationException;
import dev.vigil.detector.rules.Severity;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
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
 * The peer rules of a rules file: its top-level {@code peerOutliers:} list, next to {@code rules:}
 * (which {@link dev.vigil.detector.rules.RuleSet} reads; {@link RulesFile} reads both). A file without the key
 * has no peer rules. Loading is all-or-nothing, as for the threshold rules.
 */
public final class PeerRules implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String KEY = "peerOutliers";
    // Unknown keys fail: a typo such as "minpeers" would otherwise silently fall back to the default.
    private static final Set<String> KEYS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "id", "description", "namespace", "metricName", "statistic", "memberDimension", "groupDimension",
            "direction", "minPeers", "ratio", "madK", "minValue", "datapointsToAlarm", "evaluationPeriods",
            "healthyThreshold", "impairmentType", "severity", "resourceType", "recommendedActions")));

    private final List<PeerRule> rules;
    private final Map<String, PeerRule> byId;

    private PeerRules(List<PeerRule> rules) {
        Map<String, PeerRule> ids = new LinkedHashMap<>();
        for (PeerRule r : rules) {
            if (ids.put(r.id(), r) != null) {
                throw PeerRule.fail(r.id(), "id", "a unique id (ids are part of impairment ids)", "a duplicate");
            }
        }
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.byId = Collections.unmodifiableMap(ids);
    }

    public static PeerRules of(List<PeerRule> rules) {
        return new PeerRules(rules);
    }

    /** Loads {@code classpath:some/path.yaml} or a file path (see {@link RulesFile}); the {@code peerOutliers:} list. */
    public static PeerRules load(String location) {
        return RulesFile.load(location).peers();
    }

    /** Parses a stream; {@code sourceName} picks the format (.json = JSON) and prefixes error messages. */
    public static PeerRules parse(InputStream in, String sourceName) throws IOException {
        JsonNode root = RulesFile.tree(in, sourceName);
        RulesFile.checkTopLevel(root, sourceName);
        return fromTree(root, sourceName);
    }

    /** The {@code peerOutliers:} list of a rules file's tree; none when the key is absent. */
    public static PeerRules fromTree(JsonNode root, String sourceName) {
        JsonNode list = root == null ? null : root.get(KEY);
        if (list == null || list.isNull()) {
            return new PeerRules(Collections.emptyList());
        }
        if (!list.isArray()) {
            throw new RuleValidationException(sourceName + ": expected '" + KEY + "' to be a list, got " + list);
        }
        try {
            List<PeerRule> rules = new ArrayList<>(list.size());
            int i = 0;
            for (JsonNode n : list) {
                rules.add(parseRule(n, i++));
            }
            return new PeerRules(rules);
        } catch (RuleValidationException e) {
            throw new RuleValidationException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static PeerRule parseRule(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw new RuleValidationException("peer rule #" + index + ": expected an object, got " + node);
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : "#" + index;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw RuleValidationException.unknownKey("peer rule", id, key, KEYS);
            }
        }
        RuleReader r = new RuleReader("peer rule", id, node);
        PeerRule.Builder b = PeerRule.builder()
                .id(r.string("id", true))
                .description(r.string("description", false))
                .namespace(r.string("namespace", true))
                .metricName(r.string("metricName", true))
                .statistic(r.string("statistic", true))
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
            b.impairmentType(r.enumOf("impairmentType", ImpairmentKind.class, r.string("impairmentType", true)));
        }
        if (node.has("severity")) {
            b.severity(r.enumOf("severity", Severity.class, r.string("severity", true)));
        }
        if (node.has("resourceType")) {
            b.resourceType(r.enumOf("resourceType", ResourceType.class, r.string("resourceType", true)));
        }
        if (node.has("recommendedActions")) {
            List<RecommendedAction> actions = new ArrayList<>();
            for (String a : r.stringList("recommendedActions")) {
                actions.add(r.enumOf("recommendedActions", RecommendedAction.class, a));
            }
            b.recommendedActions(actions);
        }
        return b.build();
    }

    public List<PeerRule> rules() {
        return rules;
    }

    /** The rule with this id, or null. */
    public PeerRule get(String id) {
        return byId.get(id);
    }

    public int size() {
        return rules.size();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

}

package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, immutable set of rules, loaded from YAML or JSON of the form {@code rules: [ {...}, ... ]}.
 * Loading is all-or-nothing: one bad rule fails the whole set, so a job never starts watching only
 * part of what the operator asked for.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_LOCATION = "classpath:rules/default-rules.yaml";

    private final List<Rule> rules;
    private final Map<String, Rule> byId;

    private RuleSet(List<Rule> rules) {
        Map<String, Rule> ids = new HashMap<>();
        for (Rule r : rules) {
            if (ids.put(r.id(), r) != null) {
                throw RuleValidationException.of(r.id(), "id", "a unique id (ids are part of impairment ids)",
                        "a duplicate");
            }
        }
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.byId = Collections.unmodifiableMap(ids);
    }

    public static RuleSet of(List<Rule> rules) {
        return new RuleSet(rules);
    }

    /** The bundled defaults. */
    public static RuleSet loadDefault() {
        return load(DEFAULT_LOCATION);
    }

    /** Loads {@code classpath:some/path.yaml} or a file path (see {@link RulesFile}); the {@code rules:} list. */
    public static RuleSet load(String location) {
        return RulesFile.load(location).rules();
    }

    /** Parses a stream; {@code sourceName} picks the format (.json = JSON) and prefixes error messages. */
    public static RuleSet parse(InputStream in, String sourceName) throws IOException {
        JsonNode root = RulesFile.tree(in, sourceName);
        RuleSet rules = fromTree(root, sourceName);
        RulesFile.checkTopLevel(root, sourceName);
        return rules;
    }

    /** The {@code rules:} list of a rules file's tree. */
    static RuleSet fromTree(JsonNode root, String sourceName) {
        JsonNode list = root == null ? null : root.get("rules");
        if (list == null || !list.isArray()) {
            throw new RuleValidationException(sourceName + ": expected a top-level 'rules' list");
        }
        List<Rule> rules = new ArrayList<>(list.size());
        try {
            int i = 0;
            for (JsonNode n : list) {
                rules.add(RuleParser.parse(n, i++));
            }
            return new RuleSet(rules);
        } catch (RuleValidationException e) {
            throw new RuleValidationException(sourceName + ": " + e.getMessage(), e);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule with this id, or null. */
    public Rule get(String id) {
        return byId.get(id);
    }

    public int size() {
        return rules.size();
    }
}

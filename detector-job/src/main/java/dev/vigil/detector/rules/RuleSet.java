package dev.vigil.detector.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, immutable set of rules with unique ids: the threshold and anomaly rules of a rules
 * file, or its peer rules ({@link RulesFile} reads both). Loading is all-or-nothing: one bad rule
 * fails the whole file, so a job never starts watching only part of what the operator asked for.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_LOCATION = "classpath:rules/default-rules.yaml";

    private final List<Rule> rules;
    private final Map<String, Rule> byId;

    private RuleSet(List<Rule> rules) {
        Map<String, Rule> ids = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (ids.put(r.id(), r) != null) {
                throw RuleValidationException.of(r.kind(), r.id(), "id", "a unique id (ids are part of impairment ids)",
                        "a duplicate");
            }
        }
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.byId = Collections.unmodifiableMap(ids);
    }

    public static RuleSet of(List<Rule> rules) {
        return new RuleSet(rules);
    }

    /** The bundled defaults' threshold and anomaly rules. */
    public static RuleSet loadDefault() {
        return load(DEFAULT_LOCATION);
    }

    /** The threshold and anomaly rules of the file at {@code location} (see {@link RulesFile}). */
    public static RuleSet load(String location) {
        return RulesFile.load(location).rules();
    }

    /** The threshold and anomaly rules of a rules file's content (see {@link RulesFile#parse}). */
    public static RuleSet parse(InputStream in, String sourceName) throws IOException {
        return RulesFile.parse(in, sourceName).rules();
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

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}

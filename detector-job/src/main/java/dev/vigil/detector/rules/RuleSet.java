package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
public final class RuleSet {
    public static final String DEFAULT_LOCATION = "classpath:rules/default-rules.yaml";
    private static final String CLASSPATH = "classpath:";

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

    /**
     * Loads {@code classpath:some/path.yaml} or a file path. JSON is chosen by a {@code .json}
     * extension, YAML otherwise.
     */
    public static RuleSet load(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                if (cl == null) {
                    cl = RuleSet.class.getClassLoader();
                }
                try (InputStream in = cl.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new RuleValidationException("rules file not found on the classpath: " + resource);
                    }
                    return parse(in, location);
                }
            }
            Path path = Paths.get(location);
            try (InputStream in = Files.newInputStream(path)) {
                return parse(in, location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules from " + location, e);
        }
    }

    /** Parses a stream; {@code sourceName} picks the format (.json = JSON) and prefixes error messages. */
    public static RuleSet parse(InputStream in, String sourceName) throws IOException {
        ObjectMapper mapper = sourceName.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (IOException e) {
            throw new RuleValidationException(sourceName + ": not valid " + (sourceName.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getMessage(), e);
        }
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

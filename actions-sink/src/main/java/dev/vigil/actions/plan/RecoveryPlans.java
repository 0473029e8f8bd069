package dev.vigil.actions.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.common.config.Nearest;
import dev.vigil.schemas.Impairment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * A validated, ordered list of recovery plans, loaded from YAML or JSON of the form
 * {@code {parameters: {...}, plans: [ {...}, ... ]}}. The first plan that matches an impairment
 * applies. {@code parameters} are defaults for every step (a step's own win), e.g. the SNS topic.
 * Loading is all-or-nothing: one bad value fails the whole file, naming the plan and key.
 */
public final class RecoveryPlans {
    public static final String DEFAULT_LOCATION = "classpath:plans/default-plans.yaml";
    private static final String CLASSPATH = "classpath:";

    private final Map<String, String> parameters;
    private final List<RecoveryPlan> plans;

    public RecoveryPlans(Map<String, String> parameters, List<RecoveryPlan> plans) {
        Set<String> ids = new HashSet<>();
        for (RecoveryPlan p : plans) {
            if (!ids.add(p.getId())) {
                throw PlanValidationException.of(p.getId(), "id", "a unique id (ids are part of action ids)",
                        "a duplicate");
            }
        }
        this.parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        this.plans = Collections.unmodifiableList(new ArrayList<>(plans));
    }

    public static RecoveryPlans loadDefault() {
        return load(DEFAULT_LOCATION);
    }

    /** Loads {@code classpath:some/path.yaml} or a file path; {@code .json} is read as JSON, anything else as YAML. */
    public static RecoveryPlans load(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                try (InputStream in = (cl != null ? cl : RecoveryPlans.class.getClassLoader())
                        .getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new PlanValidationException("plans file not found on the classpath: " + resource);
                    }
                    return parse(in, location);
                }
            }
            try (InputStream in = Files.newInputStream(Paths.get(location))) {
                return parse(in, location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plans from " + location, e);
        }
    }

    public static RecoveryPlans parse(InputStream in, String sourceName) throws IOException {
        ObjectMapper mapper = sourceName.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (IOException e) {
            throw new PlanValidationException(sourceName + ": not valid " + (sourceName.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getMessage(), e);
        }
        return fromTree(root, sourceName);
    }

    /** Parses YAML (or JSON, which is YAML) text, for tests and inline configuration. */
    public static RecoveryPlans parseYaml(String yaml) {
        try {
            return fromTree(new ObjectMapper(new YAMLFactory()).readTree(yaml), "inline");
        } catch (IOException e) {
            throw new PlanValidationException("inline plans: not valid YAML: " + e.getMessage(), e);
        }
    }

    private static RecoveryPlans fromTree(@Nullable JsonNode root, String sourceName) {
        if (root == null || !root.isObject()) {
            throw new PlanValidationException(sourceName + ": expected an object with 'plans', got " + root);
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!k.equals("plans") && !k.equals("parameters")) {
                throw new PlanValidationException(sourceName + ": key '" + k + "': unknown key"
                        + Nearest.didYouMean(k, List.of("parameters", "plans")) + "; the known keys are [parameters, plans]");
            }
        });
        Map<String, String> params = PlanParser.stringMap(root.get("parameters"), "(file)", "parameters");
        JsonNode list = root.get("plans");
        if (list == null || !list.isArray() || list.size() == 0) {
            throw new PlanValidationException(sourceName + ": key 'plans': expected a non-empty list, got " + list);
        }
        List<RecoveryPlan> plans = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            plans.add(PlanParser.plan(list.get(i), i));
        }
        return new RecoveryPlans(params, plans);
    }

    /** The first plan matching the impairment, or null. */
    @Nullable
    public RecoveryPlan match(Impairment impairment) {
        for (RecoveryPlan p : plans) {
            if (p.matches(impairment)) {
                return p;
            }
        }
        return null;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public List<RecoveryPlan> getPlans() {
        return plans;
    }
}

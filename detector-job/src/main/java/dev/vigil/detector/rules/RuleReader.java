package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of one rule's keys; every failure names the rule id and the key. */
public final class RuleReader {
    private final String kind;
    private final String id;
    private final JsonNode node;

    /** @param kind what is read, for messages: "rule", "peer rule" */
    public RuleReader(String kind, String id, JsonNode node) {
        this.kind = kind;
        this.id = id;
        this.node = node;
    }

    public String string(String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw RuleValidationException.of(kind, id, key, "a string", "nothing (the key is required)");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw RuleValidationException.of(kind, id, key, "a string", v.toString());
        }
        return v.asText();
    }

    public int integer(String key, Integer dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw RuleValidationException.of(kind, id, key, "an integer", "nothing (the key is required)");
            }
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw RuleValidationException.of(kind, id, key, "an integer", v.toString());
        }
        return v.intValue();
    }

    /** NaN when absent: the builder decides whether the key was required. */
    public double number(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw RuleValidationException.of(kind, id, key, "a number", v.toString());
        }
        return v.doubleValue();
    }

    public List<String> stringList(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Collections.emptyList();
        }
        if (!v.isArray()) {
            throw RuleValidationException.of(kind, id, key, "a list of strings", v.toString());
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw RuleValidationException.of(kind, id, key, "a list of strings", v.toString());
            }
            out.add(e.asText());
        }
        return out;
    }

    public Map<String, Double> numberMap(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Collections.emptyMap();
        }
        if (!v.isObject()) {
            throw RuleValidationException.of(kind, id, key, "a map of parameter name to number", v.toString());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw RuleValidationException.of(kind, id, key + "." + e.getKey(), "a number", e.getValue().toString());
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String s = string(key, true);
        return enumOf(key, type, s);
    }

    public <E extends Enum<E>> E enumOf(String key, Class<E> type, String s) {
        return enumOf(key, Arrays.asList(type.getEnumConstants()), s);
    }

    /** One of {@code accepted} by its exact name; the message lists them. */
    public <E extends Enum<E>> E enumOf(String key, Collection<E> accepted, String s) {
        for (E e : accepted) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        throw RuleValidationException.of(kind, id, key, "one of " + accepted, s);
    }
}

package dev.vigil.detector.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vigil.schemas.HealthEvent;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Read access to an event's original {@code detail} (kept verbatim as JSON text). Events are rare
 * next to datapoints, so parsing it where a field is needed costs nothing that matters.
 */
final class EventDetail {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String raw;
    private final JsonNode root;

    private EventDetail(String raw, JsonNode root) {
        this.raw = raw;
        this.root = root;
    }

    static EventDetail of(HealthEvent e) {
        String raw = e.getDetail() == null ? "" : e.getDetail();
        JsonNode root;
        try {
            root = raw.isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(raw);
        } catch (IOException notJson) {
            root = MissingNode.getInstance();
        }
        return new EventDetail(raw, root == null ? MissingNode.getInstance() : root);
    }

    /** A top-level text field, or null. */
    String text(String field) {
        JsonNode v = root.path(field);
        return v.isValueNode() ? v.asText() : null;
    }

    /** True when the alarm's definition mentions {@code metricName} (any of its metrics). */
    boolean alarmWatches(String metricName) {
        return raw.contains(metricName);
    }

    /** True when one of the alarm's metrics is in {@code namespace}. */
    boolean alarmNamespace(String namespace) {
        for (JsonNode m : root.path("configuration").path("metrics")) {
            if (namespace.equals(m.path("metricStat").path("metric").path("namespace").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** The name of the alarm metric dimension whose value is {@code value}, or null. */
    String alarmDimensionNamed(String value) {
        for (JsonNode m : root.path("configuration").path("metrics")) {
            Iterator<Map.Entry<String, JsonNode>> dims = m.path("metricStat").path("metric").path("dimensions").fields();
            while (dims.hasNext()) {
                Map.Entry<String, JsonNode> d = dims.next();
                if (value.equals(d.getValue().asText(null))) {
                    return d.getKey();
                }
            }
        }
        return null;
    }
}

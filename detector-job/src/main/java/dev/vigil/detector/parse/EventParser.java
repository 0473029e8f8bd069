package dev.vigil.detector.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses EventBridge events (as delivered to a Kinesis target; one per line, possibly several
 * per record, possibly gzip) into {@link HealthEvent}s. Unknown sources are kept as
 * {@link HealthEventKind#GENERIC}, never dropped. Events are rare next to datapoints, so a tree
 * model is fine here.
 */
public final class EventParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ParseLimits limits;
    private final String source;

    public EventParser(ParseLimits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    public void parse(byte[] record, long now, ParseOutput<HealthEvent> out) {
        DeadLetter whole = RecordLines.forEachLine(record, source, now, limits,
                (buf, off, len) -> parseLine(Arrays.copyOfRange(buf, off, off + len), now, out));
        if (whole != null) {
            out.reject(whole);
        }
    }

    private void parseLine(byte[] line, long now, ParseOutput<HealthEvent> out) {
        if (line.length > limits.maxLineBytes()) {
            out.reject(new DeadLetter(DeadLetterReason.OVERSIZED,
                    "event of " + line.length + " bytes exceeds " + limits.maxLineBytes(), source, now, line));
            return;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            out.reject(new DeadLetter(DeadLetterReason.MALFORMED_JSON, e.getOriginalMessage(), source, now, line));
            return;
        } catch (IOException e) {
            out.reject(new DeadLetter(DeadLetterReason.MALFORMED_JSON, e.getMessage(), source, now, line));
            return;
        }
        try {
            HealthEvent event = normalise(root);
            Problem timeProblem = TimeChecks.check(event.getTime(), now, limits);
            if (timeProblem != null) {
                throw new Rejected(timeProblem.reason, timeProblem.message);
            }
            out.accept(event);
        } catch (Rejected r) {
            out.reject(new DeadLetter(r.reason, r.getMessage(), source, now, line));
        }
    }

    private static HealthEvent normalise(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new Rejected(DeadLetterReason.MALFORMED_JSON, "event is not a JSON object");
        }
        String id = requiredText(root, "id");
        String src = requiredText(root, "source");
        String timeText = requiredText(root, "time");
        long time;
        try {
            time = Instant.parse(timeText).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Rejected(DeadLetterReason.WRONG_TYPE, "time must be an ISO-8601 instant, got " + timeText);
        }
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "detail is missing");
        }
        if (!detail.isObject()) {
            throw new Rejected(DeadLetterReason.WRONG_TYPE, "detail must be an object");
        }
        String detailType = optionalText(root, "detail-type");
        String account = optionalText(root, "account");
        String region = optionalText(root, "region");
        String[] resources = resources(root);

        HealthEventKind kind;
        String code;
        String status;
        Set<String> affected = new LinkedHashSet<>();
        switch (src) {
            case "aws.health":
                kind = HealthEventKind.AWS_HEALTH;
                code = optionalText(detail, "eventTypeCode");
                status = optionalText(detail, "statusCode");
                for (JsonNode e : detail.path("affectedEntities")) {
                    addIfText(affected, e.get("entityValue"));
                }
                break;
            case "aws.ec2":
                kind = HealthEventKind.EC2_STATE_CHANGE;
                status = requiredText(detail, "state", "detail.state");
                code = status;
                affected.add(requiredText(detail, "instance-id", "detail.instance-id"));
                break;
            case "aws.autoscaling":
                kind = HealthEventKind.AUTOSCALING_LIFECYCLE;
                code = detailType;
                status = detailType == null ? null : slug(detailType.replaceFirst("^EC2 Instance[- ]", ""));
                addIfText(affected, detail.get("EC2InstanceId"));
                addIfText(affected, detail.get("AutoScalingGroupName"));
                break;
            case "aws.rds":
                kind = HealthEventKind.RDS_EVENT;
                code = optionalText(detail, "EventID");
                status = rdsStatus(detail);
                // AWS's own example events write "rds:my-db-instance"; metrics and plans name "my-db-instance".
                String source = optionalText(detail, "SourceIdentifier");
                if (source != null && !source.isEmpty()) {
                    affected.add(source.startsWith("rds:") ? source.substring(4) : source);
                }
                break;
            case "aws.cloudwatch":
                kind = HealthEventKind.ALARM_STATE_CHANGE;
                code = requiredText(detail, "alarmName", "detail.alarmName");
                status = requiredText(detail.path("state"), "value", "detail.state.value");
                for (JsonNode m : detail.path("configuration").path("metrics")) {
                    m.path("metricStat").path("metric").path("dimensions").forEach(d -> addIfText(affected, d));
                }
                break;
            default:
                kind = HealthEventKind.GENERIC;
                code = detailType;
                status = detail.hasNonNull("status") ? detail.get("status").asText()
                        : detail.hasNonNull("state") && detail.get("state").isValueNode() ? detail.get("state").asText() : null;
                break;
        }
        if (affected.isEmpty()) {
            for (String r : resources) {
                affected.add(resourceIdOf(r));
            }
        }
        return new HealthEvent(id, src, detailType, kind, code, status, account, region, time, resources,
                affected.toArray(new String[0]), detail.toString());
    }

    /** RDS failover events by their message; otherwise the event's first category. */
    private static String rdsStatus(JsonNode detail) {
        List<String> categories = new ArrayList<>();
        detail.path("EventCategories").forEach(c -> categories.add(c.asText()));
        String message = detail.path("Message").asText("").toLowerCase(Locale.ROOT);
        if (categories.contains("failover") || message.contains("failover")) {
            if (message.contains("complete") || message.contains("finished")) {
                return "failover-completed";
            }
            return "failover-started";
        }
        return categories.isEmpty() ? null : categories.get(0);
    }

    /** The id an ARN names: instance/i-123 gives i-123, db:orders-db gives orders-db. */
    static String resourceIdOf(String arnOrId) {
        if (!arnOrId.startsWith("arn:")) {
            return arnOrId;
        }
        int slash = arnOrId.lastIndexOf('/');
        int colon = arnOrId.lastIndexOf(':');
        return arnOrId.substring(Math.max(slash, colon) + 1);
    }

    private static String[] resources(JsonNode root) {
        JsonNode r = root.get("resources");
        if (r == null || r.isNull()) {
            return new String[0];
        }
        if (!r.isArray()) {
            throw new Rejected(DeadLetterReason.WRONG_TYPE, "resources must be an array of strings");
        }
        String[] out = new String[r.size()];
        for (int i = 0; i < out.length; i++) {
            if (!r.get(i).isTextual()) {
                throw new Rejected(DeadLetterReason.WRONG_TYPE, "resources[" + i + "] must be a string");
            }
            out[i] = r.get(i).asText();
        }
        return out;
    }

    private static String slug(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static void addIfText(Set<String> set, JsonNode n) {
        if (n != null && n.isTextual() && !n.asText().isEmpty()) {
            set.add(n.asText());
        }
    }

    private static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, field);
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, path + " is missing");
        }
        if (!v.isTextual()) {
            throw new Rejected(DeadLetterReason.WRONG_TYPE, path + " must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Control flow for a rejected event: carries the reason to the one place that dead-letters. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final DeadLetterReason reason;

        Rejected(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * An event said AWS is already recovering the impaired resource. Carried on the impairment's
 * records ({@code awsRecovering}) from that event until the event that ends the recovery (failover
 * completed, instance running or replaced, Health issue closed).
 */
@JsonPropertyOrder({"kind", "eventId", "source", "code", "since"})
public final class AwsRecovery {
    private final AwsRecoveryKind kind;
    private final String eventId;
    private final String source;
    private final String code;
    private final long since;

    @JsonCreator
    public AwsRecovery(@JsonProperty("kind") AwsRecoveryKind kind, @JsonProperty("eventId") String eventId,
                       @JsonProperty("source") String source, @JsonProperty("code") String code,
                       @JsonProperty("since") long since) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.eventId = eventId;
        this.source = source;
        this.code = code;
        this.since = since;
    }

    public AwsRecoveryKind getKind() {
        return kind;
    }

    /** The EventBridge id of the event that started it. */
    public String getEventId() {
        return eventId;
    }

    /** The event's source, e.g. {@code aws.rds}. */
    public String getSource() {
        return source;
    }

    /** What the event said: RDS event id, Health event type code, EC2 state, Auto Scaling detail type. */
    public String getCode() {
        return code;
    }

    /** Event time (epoch ms) the recovery started. */
    public long getSince() {
        return since;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AwsRecovery)) {
            return false;
        }
        AwsRecovery r = (AwsRecovery) o;
        return kind == r.kind && since == r.since && Objects.equals(eventId, r.eventId)
                && Objects.equals(source, r.source) && Objects.equals(code, r.code);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, eventId, since);
    }

    @Override
    public String toString() {
        return kind + "(" + code + " " + eventId + ")";
    }
}

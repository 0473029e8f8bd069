package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An EventBridge event normalised for the detector: what happened ({@link #getKind()},
 * {@link #getCode()}, {@link #getStatus()}) to which resources ({@link #getAffectedResources()}),
 * with the original {@code detail} kept verbatim as evidence.
 */
@TypeInfo(HealthEventTypeInfoFactory.class)
@JsonPropertyOrder({"id", "source", "detailType", "kind", "code", "status", "account", "region", "time",
        "resources", "affectedResources", "detail"})
public final class HealthEvent {
    private final String id;
    private final String source;
    private final String detailType;
    private final HealthEventKind kind;
    private final String code;
    private final String status;
    private final String account;
    private final String region;
    private final long time;
    private final String[] resources;
    private final String[] affectedResources;
    private final String detail;

    public HealthEvent(String id, String source, String detailType, HealthEventKind kind, String code,
                       String status, String account, String region, long time, String[] resources,
                       String[] affectedResources, String detail) {
        this.id = Objects.requireNonNull(id, "id");
        this.source = Objects.requireNonNull(source, "source");
        this.detailType = detailType;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
        this.status = status;
        this.account = account;
        this.region = region;
        this.time = time;
        this.resources = resources == null ? new String[0] : resources;
        this.affectedResources = affectedResources == null ? new String[0] : affectedResources;
        this.detail = detail;
    }

    @JsonCreator
    static HealthEvent fromJson(@JsonProperty("id") String id, @JsonProperty("source") String source,
                                @JsonProperty("detailType") String detailType,
                                @JsonProperty("kind") HealthEventKind kind, @JsonProperty("code") String code,
                                @JsonProperty("status") String status, @JsonProperty("account") String account,
                                @JsonProperty("region") String region, @JsonProperty("time") long time,
                                @JsonProperty("resources") List<String> resources,
                                @JsonProperty("affectedResources") List<String> affected,
                                @JsonProperty("detail") JsonNode detail) {
        return new HealthEvent(id, source, detailType, kind, code, status, account, region, time,
                resources == null ? null : resources.toArray(new String[0]),
                affected == null ? null : affected.toArray(new String[0]),
                detail == null || detail.isNull() ? null : detail.toString());
    }

    /** The EventBridge event id: unique per event, so also the deduplication key. */
    public String getId() {
        return id;
    }

    /** The EventBridge source, e.g. {@code aws.health}. */
    public String getSource() {
        return source;
    }

    public String getDetailType() {
        return detailType;
    }

    public HealthEventKind getKind() {
        return kind;
    }

    /**
     * What happened, per kind: the Health event type code, the alarm name, the RDS event id, the
     * Auto Scaling detail type, the EC2 state; null when the source says nothing more specific.
     */
    public String getCode() {
        return code;
    }

    /**
     * Normalised status, per kind: Health {@code open/closed/upcoming}; EC2 the instance state
     * ({@code stopped}, {@code terminated}, {@code running}, ...); alarm {@code ALARM/OK/INSUFFICIENT_DATA};
     * RDS {@code failover-started/failover-completed/...} or the event category; Auto Scaling
     * {@code terminate-successful/launch-successful/...}.
     */
    public String getStatus() {
        return status;
    }

    public String getAccount() {
        return account;
    }

    public String getRegion() {
        return region;
    }

    /** Event time, epoch ms. */
    public long getTime() {
        return time;
    }

    /** The envelope's {@code resources} as sent (ARNs or ids). Not copied: read-only. */
    public String[] getResources() {
        return resources;
    }

    /** Resource ids the event is about, normalised (instance id, ASG name, DB identifier, ...). */
    public String[] getAffectedResources() {
        return affectedResources;
    }

    /** The original {@code detail} object, verbatim JSON. */
    @JsonRawValue
    public String getDetail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HealthEvent)) {
            return false;
        }
        HealthEvent e = (HealthEvent) o;
        return time == e.time && id.equals(e.id) && source.equals(e.source) && kind == e.kind
                && Objects.equals(detailType, e.detailType) && Objects.equals(code, e.code)
                && Objects.equals(status, e.status) && Objects.equals(account, e.account)
                && Objects.equals(region, e.region) && Arrays.equals(resources, e.resources)
                && Arrays.equals(affectedResources, e.affectedResources) && Objects.equals(detail, e.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, time);
    }

    @Override
    public String toString() {
        return "HealthEvent{" + kind + " " + code + " " + status + " " + Arrays.toString(affectedResources) + " @" + time + "}";
    }
}

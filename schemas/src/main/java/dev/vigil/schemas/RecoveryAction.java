package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.RecoveryActionTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One planned step of a recovery plan. {@code actionId} is the idempotency key, derived from
 * (impairment id, plan step) and never from wall-clock time, so a retry, a replay or a restart
 * names the same action and the ledger lets it run once.
 */
@TypeInfo(RecoveryActionTypeInfoFactory.class)
@JsonPropertyOrder({"actionId", "impairmentId", "step", "type", "resourceId", "resourceType", "account", "region",
        "parameters", "destructive", "reason"})
public final class RecoveryAction {
    private final String actionId;
    private final String impairmentId;
    private final int step;
    private final ActionType type;
    private final String resourceId;
    private final String resourceType;
    private final String account;
    private final String region;
    private final Map<String, String> parameters;
    private final boolean destructive;
    private final String reason;

    @JsonCreator
    public RecoveryAction(@JsonProperty("actionId") String actionId,
                          @JsonProperty("impairmentId") String impairmentId,
                          @JsonProperty("step") int step, @JsonProperty("type") ActionType type,
                          @JsonProperty("resourceId") String resourceId,
                          @JsonProperty("resourceType") String resourceType,
                          @JsonProperty("account") String account, @JsonProperty("region") String region,
                          @JsonProperty("parameters") Map<String, String> parameters,
                          @JsonProperty("destructive") boolean destructive,
                          @JsonProperty("reason") String reason) {
        this.actionId = Objects.requireNonNull(actionId, "actionId");
        this.impairmentId = Objects.requireNonNull(impairmentId, "impairmentId");
        this.step = step;
        this.type = Objects.requireNonNull(type, "type");
        this.resourceId = resourceId;
        this.resourceType = resourceType;
        this.account = account;
        this.region = region;
        this.parameters = parameters == null || parameters.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(parameters));
        this.destructive = destructive;
        this.reason = reason;
    }

    public String getActionId() {
        return actionId;
    }

    public String getImpairmentId() {
        return impairmentId;
    }

    public int getStep() {
        return step;
    }

    public ActionType getType() {
        return type;
    }

    public String getResourceId() {
        return resourceId;
    }

    public String getResourceType() {
        return resourceType;
    }

    public String getAccount() {
        return account;
    }

    public String getRegion() {
        return region;
    }

    /** Action-specific settings, e.g. {@code scaleBy}, {@code hostedZoneId}, {@code topicArn}. */
    public Map<String, String> getParameters() {
        return parameters;
    }

    /** Whether it removes capacity or traffic (terminate, deregister, shift): rate-limited and fail-open. */
    public boolean isDestructive() {
        return destructive;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecoveryAction)) {
            return false;
        }
        RecoveryAction a = (RecoveryAction) o;
        return step == a.step && destructive == a.destructive && actionId.equals(a.actionId)
                && impairmentId.equals(a.impairmentId) && type == a.type
                && Objects.equals(resourceId, a.resourceId) && Objects.equals(resourceType, a.resourceType)
                && Objects.equals(account, a.account) && Objects.equals(region, a.region)
                && parameters.equals(a.parameters) && Objects.equals(reason, a.reason);
    }

    @Override
    public int hashCode() {
        return actionId.hashCode();
    }

    @Override
    public String toString() {
        return Json.toString(this);
    }
}

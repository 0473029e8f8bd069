package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.RecoveryActionTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One planned step of a recovery plan. {@code actionId} is the idempotency key: what is done to
 * what ({@code impairmentId/ACTION/target}, plus {@code #n} where a plan repeats an action on the
 * same target), never a plan id, a step index or wall-clock time, so a retry, a replay, a restart or
 * another plan matching a later revision names the same action and the ledger lets it run once.
 */
@TypeInfo(RecoveryActionTypeInfoFactory.class)
@JsonPropertyOrder({"actionId", "impairmentId", "step", "type", "resourceId", "resourceType", "account", "region",
        "parameters", "destructive", "reason", "beyondRecommendation", "unboundParameters", "legacyActionId"})
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
    @Nullable private final String beyondRecommendation;
    private final Map<String, String> unboundParameters;
    @Nullable private final String legacyActionId;

    /** An action with nothing beyond the recommendation, every parameter bound and no pre-upgrade key. */
    public RecoveryAction(String actionId, String impairmentId, int step, ActionType type, String resourceId,
                          String resourceType, String account, String region, Map<String, String> parameters,
                          boolean destructive, String reason) {
        this(actionId, impairmentId, step, type, resourceId, resourceType, account, region, parameters, destructive,
                reason, null, null, null);
    }

    @JsonCreator
    public RecoveryAction(@JsonProperty("actionId") String actionId,
                          @JsonProperty("impairmentId") String impairmentId,
                          @JsonProperty("step") int step, @JsonProperty("type") ActionType type,
                          @JsonProperty("resourceId") String resourceId,
                          @JsonProperty("resourceType") String resourceType,
                          @JsonProperty("account") String account, @JsonProperty("region") String region,
                          @JsonProperty("parameters") Map<String, String> parameters,
                          @JsonProperty("destructive") boolean destructive,
                          @JsonProperty("reason") String reason,
                          @JsonProperty("beyondRecommendation") @Nullable String beyondRecommendation,
                          @JsonProperty("unboundParameters") @Nullable Map<String, String> unboundParameters,
                          @JsonProperty("legacyActionId") @Nullable String legacyActionId) {
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
        this.beyondRecommendation = beyondRecommendation;
        this.unboundParameters = unboundParameters == null || unboundParameters.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(unboundParameters));
        this.legacyActionId = legacyActionId;
    }

    /** The same action with other parameters (e.g. the intent stored with its claim added). */
    public RecoveryAction withParameters(Map<String, String> p) {
        return new RecoveryAction(actionId, impairmentId, step, type, resourceId, resourceType, account, region, p,
                destructive, reason, beyondRecommendation, unboundParameters, legacyActionId);
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

    /**
     * Why the plan runs this step although the impairment does not recommend its action (the step's
     * {@code beyondRecommendation} in the plans file); null for a step that follows the recommendation.
     */
    @Nullable
    public String getBeyondRecommendation() {
        return beyondRecommendation;
    }

    /**
     * Parameters the plan step declares whose placeholders had no value for this impairment (name to
     * template, e.g. {@code ecsCluster -> ${tag:vigil:ecs-cluster}}): they are left out of
     * {@link #getParameters()}, and an action that needs one fails naming it.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<String, String> getUnboundParameters() {
        return unboundParameters;
    }

    /**
     * The key release 0.1 gave the same action ({@code impairmentId/planId/step}), looked up in the
     * ledger too so that an action claimed before an upgrade is not repeated after it; null when there
     * is none (an action of a newer kind).
     */
    @Nullable
    public String getLegacyActionId() {
        return legacyActionId;
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
                && parameters.equals(a.parameters) && Objects.equals(reason, a.reason)
                && Objects.equals(beyondRecommendation, a.beyondRecommendation)
                && unboundParameters.equals(a.unboundParameters) && Objects.equals(legacyActionId, a.legacyActionId);
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

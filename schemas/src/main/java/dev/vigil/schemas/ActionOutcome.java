package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.ActionOutcomeTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Objects;

/** How one recovery action ended, published to the action-outcome stream. */
@TypeInfo(ActionOutcomeTypeInfoFactory.class)
@JsonPropertyOrder({"actionId", "impairmentId", "step", "type", "resourceId", "status", "detail", "errorCode",
        "attempts", "startedAt", "finishedAt"})
public final class ActionOutcome {
    private final String actionId;
    private final String impairmentId;
    private final int step;
    private final ActionType type;
    private final String resourceId;
    private final OutcomeStatus status;
    private final String detail;
    private final String errorCode;
    private final int attempts;
    private final long startedAt;
    private final long finishedAt;

    @JsonCreator
    public ActionOutcome(@JsonProperty("actionId") String actionId,
                         @JsonProperty("impairmentId") String impairmentId, @JsonProperty("step") int step,
                         @JsonProperty("type") ActionType type, @JsonProperty("resourceId") String resourceId,
                         @JsonProperty("status") OutcomeStatus status, @JsonProperty("detail") String detail,
                         @JsonProperty("errorCode") String errorCode, @JsonProperty("attempts") int attempts,
                         @JsonProperty("startedAt") long startedAt, @JsonProperty("finishedAt") long finishedAt) {
        this.actionId = Objects.requireNonNull(actionId, "actionId");
        this.impairmentId = Objects.requireNonNull(impairmentId, "impairmentId");
        this.step = step;
        this.type = Objects.requireNonNull(type, "type");
        this.resourceId = resourceId;
        this.status = Objects.requireNonNull(status, "status");
        this.detail = detail;
        this.errorCode = errorCode;
        this.attempts = attempts;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
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

    public OutcomeStatus getStatus() {
        return status;
    }

    /** What was done, or why it was skipped, or the AWS error message. */
    public String getDetail() {
        return detail;
    }

    /** The AWS error code when it failed (e.g. {@code AccessDenied}); null otherwise. */
    public String getErrorCode() {
        return errorCode;
    }

    public int getAttempts() {
        return attempts;
    }

    public long getStartedAt() {
        return startedAt;
    }

    public long getFinishedAt() {
        return finishedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ActionOutcome)) {
            return false;
        }
        ActionOutcome a = (ActionOutcome) o;
        return step == a.step && attempts == a.attempts && startedAt == a.startedAt && finishedAt == a.finishedAt
                && actionId.equals(a.actionId) && impairmentId.equals(a.impairmentId) && type == a.type
                && Objects.equals(resourceId, a.resourceId) && status == a.status
                && Objects.equals(detail, a.detail) && Objects.equals(errorCode, a.errorCode);
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

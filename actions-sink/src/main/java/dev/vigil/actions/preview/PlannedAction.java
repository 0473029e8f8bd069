package dev.vigil.actions.preview;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;

import java.util.Objects;

/**
 * One line of a replay's {@code actions.jsonl} ({@code planned-action.schema.json}): an action the
 * real planner planned for one impairment record, and what the real gate and validation made of it
 * without AWS: DRY_RUN (a live run would do it), SKIPPED (it would not, and why) or FAILED (a live
 * run would fail on it, e.g. a missing tag).
 */
@JsonPropertyOrder({"impairmentId", "revision", "time", "action", "status", "reason"})
public final class PlannedAction {
    private final String impairmentId;
    private final int revision;
    private final long time;
    private final RecoveryAction action;
    private final OutcomeStatus status;
    private final String reason;

    @JsonCreator
    public PlannedAction(@JsonProperty("impairmentId") String impairmentId, @JsonProperty("revision") int revision,
                         @JsonProperty("time") long time, @JsonProperty("action") RecoveryAction action,
                         @JsonProperty("status") OutcomeStatus status, @JsonProperty("reason") String reason) {
        this.impairmentId = Objects.requireNonNull(impairmentId, "impairmentId");
        this.revision = revision;
        this.time = time;
        this.action = Objects.requireNonNull(action, "action");
        this.status = Objects.requireNonNull(status, "status");
        this.reason = reason;
    }

    public String getImpairmentId() {
        return impairmentId;
    }

    public int getRevision() {
        return revision;
    }

    /** Event time (epoch ms) of the impairment record the action was planned for. */
    public long getTime() {
        return time;
    }

    public RecoveryAction getAction() {
        return action;
    }

    public OutcomeStatus getStatus() {
        return status;
    }

    /** What a live run would do, why it would not, or what it would fail on. */
    public String getReason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlannedAction)) {
            return false;
        }
        PlannedAction p = (PlannedAction) o;
        return revision == p.revision && time == p.time && impairmentId.equals(p.impairmentId)
                && action.equals(p.action) && status == p.status && Objects.equals(reason, p.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(impairmentId, revision, action.getActionId(), status);
    }

    @Override
    public String toString() {
        return status + " " + action.getType() + " " + action.getResourceId() + " (" + impairmentId + " rev "
                + revision + "): " + reason;
    }
}

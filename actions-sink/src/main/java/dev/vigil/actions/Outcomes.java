package dev.vigil.actions;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.util.HashMap;
import java.util.Map;

/** Small helpers to build outcomes and derived actions. */
final class Outcomes {
    private Outcomes() {}

    static ActionOutcome of(RecoveryAction a, OutcomeStatus status, String detail, @Nullable String errorCode,
                            int attempts, long startedAt, long finishedAt) {
        return new ActionOutcome(a.getActionId(), a.getImpairmentId(), a.getStep(), a.getType(), a.getResourceId(),
                status, detail, errorCode, attempts, startedAt, finishedAt);
    }

    /** The outcome with {@code note} appended to its detail. */
    static ActionOutcome noted(ActionOutcome o, String note) {
        return new ActionOutcome(o.getActionId(), o.getImpairmentId(), o.getStep(), o.getType(), o.getResourceId(),
                o.getStatus(), (o.getDetail() == null ? "" : o.getDetail() + " ") + "[" + note + "]", o.getErrorCode(),
                o.getAttempts(), o.getStartedAt(), o.getFinishedAt());
    }

    /** The action with {@code extra} parameters added, each key prefixed with {@code prefix}. */
    static RecoveryAction withParams(RecoveryAction a, Map<String, String> extra, String prefix) {
        if (extra.isEmpty()) {
            return a;
        }
        Map<String, String> p = new HashMap<>(a.getParameters());
        extra.forEach((k, v) -> p.put(prefix + k, v));
        return a.withParameters(p);
    }
}

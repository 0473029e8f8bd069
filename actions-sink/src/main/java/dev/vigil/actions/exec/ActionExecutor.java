package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Carries out one family of recovery actions against AWS. Implementations throw on failure (an
 * {@code AwsServiceException} or an {@link ActionException}); the caller classifies and retries.
 */
public interface ActionExecutor {
    /** The action types this executor handles. */
    Set<ActionType> types();

    /**
     * Reads (never changes) what the action needs to be repeatable, before it is claimed: e.g. the
     * absolute desired capacity to set, or the DNS values to restore on failback. The result is
     * stored with the claim, so a run after a crash uses the values computed before the first call
     * rather than recomputing them from the already changed state.
     */
    default Map<String, String> prepare(RecoveryAction action) {
        return Collections.emptyMap();
    }

    /** Performs the action; returns a one-line description of what was done. */
    String execute(RecoveryAction action);

    /** Checks the resource's actual state for an action claimed earlier without an outcome. */
    Verification verify(RecoveryAction action);
}

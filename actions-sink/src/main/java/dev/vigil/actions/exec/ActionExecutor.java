package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
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
     * Checks, without AWS, that the action has everything it needs (resource, required parameters,
     * well-formed values) and throws the {@link ActionException} the real run would fail with. The
     * one validation: the real run calls it before reading state, and so do the dry run and the
     * replay preview, so neither reports "would do" for what the real run would refuse.
     */
    void validate(RecoveryAction action);

    /**
     * What this action reads from AWS before acting, in words (e.g. "the desired and maximum capacity
     * of web-asg"), for a preview that makes no AWS calls to say what it could not check; null when
     * it reads nothing.
     */
    @Nullable
    default String liveState(RecoveryAction action) {
        return null;
    }

    /**
     * Reads (never changes) what the action needs to be repeatable, before it is claimed: e.g. the
     * absolute desired capacity to set, or the DNS values to restore on failback. The result is
     * stored with the claim, so a run after a crash uses the values computed before the first call
     * rather than recomputing them from the already changed state.
     */
    default Map<String, String> prepare(RecoveryAction action) {
        return Collections.emptyMap();
    }

    /**
     * Reads (never changes) the resource's live state and says why it does not confirm the impairment
     * the action is for, or null when it does, or when this executor has nothing to check. Records can
     * be forged by whoever can write to the input streams; the live state cannot. Asked before a
     * destructive action is claimed: an action the live state does not confirm goes to a person.
     */
    @Nullable
    default String contradiction(RecoveryAction action) {
        return null;
    }

    /** Performs the action; returns a one-line description of what was done. */
    String execute(RecoveryAction action);

    /** Checks the resource's actual state for an action claimed earlier without an outcome. */
    Verification verify(RecoveryAction action);
}

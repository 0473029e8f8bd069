package dev.vigil.actions;

import dev.vigil.actions.exec.ActionException;
import dev.vigil.actions.exec.ActionExecutor;
import dev.vigil.actions.exec.ClassifiedError;
import dev.vigil.actions.exec.ErrorClass;
import dev.vigil.actions.exec.ErrorClassifier;
import dev.vigil.actions.exec.Verification;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.util.function.Supplier;

/**
 * One attempt of a state-changing call, for {@link dev.vigil.actions.exec.RetryPolicy}: after a
 * failure that may have taken effect (a reset or timeout after the request was sent, a 500), the
 * next attempt first asks the resource's state whether it happened, rather than terminating,
 * failing over or deploying a second time. Throttling and other refusals are repeated at once:
 * AWS did nothing.
 *
 * <p>When the state shows it happened, that is the result. When the state cannot tell (a reboot, an
 * SSM command) the call is not repeated and fails saying it may have run; a person can look, a
 * second reboot cannot be taken back. Notifications say NOT_DONE and are sent again.
 */
final class LookBeforeRepeating implements Supplier<String> {
    private final ActionExecutor executor;
    private final RecoveryAction action;
    @Nullable private ClassifiedError doubt;

    LookBeforeRepeating(ActionExecutor executor, RecoveryAction action) {
        this.executor = executor;
        this.action = action;
    }

    @Override
    public String get() {
        if (doubt != null) {
            // A failure here is retried by the policy with the doubt kept: the next attempt looks again.
            Verification v = executor.verify(action);
            String lost = "its answer was lost (" + doubt.getCode() + ": " + doubt.getMessage() + ")";
            if (v == Verification.DONE) {
                doubt = null;
                return action.getType() + " " + action.getResourceId() + " took effect: " + lost
                        + ", the resource's state shows it, so it was not repeated";
            }
            if (v == Verification.UNKNOWN) {
                throw new ActionException(doubt.getCode(), ErrorClass.FINAL, "may have taken effect: " + lost
                        + " and the state cannot show whether it ran, so it is not repeated");
            }
            doubt = null; // it did not happen: calling again cannot act twice
        }
        try {
            return executor.execute(action);
        } catch (RuntimeException e) {
            ClassifiedError c = ErrorClassifier.classify(e);
            if (c.isRetryable() && c.mayHaveTakenEffect()) {
                doubt = c;
            }
            throw e;
        }
    }

    /** Whether the last failure may have taken effect and the state has not been checked since. */
    boolean inDoubt() {
        return doubt != null;
    }
}

package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutor;
import dev.vigil.actions.exec.ClassifiedError;
import dev.vigil.actions.exec.ErrorClassifier;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a dry run or a preview reports for an action the gate let through: what the real run would
 * do, or what it would fail on, through the same validation ({@link OnceRunner#invalid}). A dry run
 * also reads the state the action needs (read-only calls); a preview makes no AWS call and says what
 * it could not check. A preview runs over a bounded replay, so it also remembers what it previewed:
 * a repeat on a later revision reads as the ledger would answer it, and destructive actions count
 * against the velocity limits as they would live.
 */
final class Rehearsal {
    private final boolean preview;
    private final SafetyGate gate;
    private final LongSupplier clock;
    /** Preview only: action id to where it was first previewed. */
    private final Map<String, String> previewed = new HashMap<>();

    Rehearsal(boolean preview, SafetyGate gate, LongSupplier clock) {
        this.preview = preview;
        this.gate = gate;
        this.clock = clock;
    }

    ActionOutcome dryRun(RecoveryAction a, ActionExecutor executor) {
        ActionOutcome invalid = invalid(a, executor);
        if (invalid != null) {
            return invalid;
        }
        String intent;
        try {
            Map<String, String> read = executor.prepare(a); // read only, so allowed in a dry run
            intent = read.isEmpty() ? "" : " intent " + read;
        } catch (RuntimeException e) {
            ClassifiedError c = ErrorClassifier.classify(e);
            if (!c.isRetryable()) {
                return outcome(a, OutcomeStatus.FAILED, "the real run would fail reading the state to act on: "
                        + c.getMessage(), c.getCode());
            }
            intent = " (could not read the state, retryable: " + c.getMessage() + ")";
        }
        return outcome(a, OutcomeStatus.DRY_RUN, would(a) + intent, null);
    }

    ActionOutcome preview(RecoveryAction a, ActionExecutor executor, Impairment impairment) {
        ActionOutcome invalid = invalid(a, executor);
        if (invalid != null) {
            return invalid;
        }
        StringBuilder detail = new StringBuilder(would(a));
        String live = executor.liveState(a);
        if (live != null) {
            detail.append("; needs live state, not read in a preview: ").append(live);
        }
        if (a.isDestructive()) {
            gate.executed(a, impairment, clock.getAsLong());
            String fleet = SafetyGate.fleetOf(a, impairment);
            detail.append("; counted against the velocity limit of ").append(fleet)
                    .append(" (its share limit needs the live desired capacity of ").append(fleet).append(')');
        }
        remember(a, impairment);
        return outcome(a, OutcomeStatus.DRY_RUN, detail.toString(), null);
    }

    private static String would(RecoveryAction a) {
        return "would " + a.getType() + " " + a.getResourceId() + (a.getParameters().isEmpty() ? "" : " " + a.getParameters());
    }

    /** A live run records this action in the ledger here (it ran, or it was escalated to a person). */
    void remember(RecoveryAction a, Impairment impairment) {
        if (preview) {
            previewed.putIfAbsent(a.getActionId(), "revision " + impairment.getRevision());
        }
    }

    boolean previewed(String actionId) {
        return previewed.containsKey(actionId);
    }

    /** Why a repeat is skipped in a preview. */
    String repeat(RecoveryAction a) {
        return "already previewed for " + previewed.get(a.getActionId())
                + " (a live run's ledger answers: already ran)";
    }

    private ActionOutcome invalid(RecoveryAction a, ActionExecutor executor) {
        ClassifiedError c = OnceRunner.invalid(a, executor);
        return c == null ? null : outcome(a, OutcomeStatus.FAILED, c.getMessage(), c.getCode());
    }

    private ActionOutcome outcome(RecoveryAction a, OutcomeStatus status, String detail, String errorCode) {
        long now = clock.getAsLong();
        return Outcomes.of(a, status, detail, errorCode, 0, now, now);
    }
}

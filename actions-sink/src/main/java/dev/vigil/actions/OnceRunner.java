package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutor;
import dev.vigil.actions.exec.ClassifiedError;
import dev.vigil.actions.exec.ErrorClassifier;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.exec.Verification;
import dev.vigil.actions.ledger.IdempotencyLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Runs one action at most once: validate → prepare (read only) → claim in the ledger → execute with
 * retries → record the outcome. A claim found with an outcome is not acted on again; a claim found without
 * one (the runner died mid-call) is resolved from the resource's actual state, never by blindly
 * repeating the call.
 */
final class OnceRunner {
    /** The outcome to publish and the status that decides rollbacks (a duplicate's is the original's). */
    static final class Result {
        final ActionOutcome outcome;
        final OutcomeStatus effective;

        Result(ActionOutcome outcome, OutcomeStatus effective) {
            this.outcome = outcome;
            this.effective = effective;
        }
    }

    /** Called just before the action is really carried out, to count it against velocity limits. */
    interface OnExecute {
        void executing(RecoveryAction action);
    }

    private final IdempotencyLedger ledger;
    private final RetryPolicy retry;
    private final LongSupplier clock;

    OnceRunner(IdempotencyLedger ledger, RetryPolicy retry, LongSupplier clock) {
        this.ledger = ledger;
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * @param unfinishedLegacy the claim release 0.1 left without an outcome under the action's
     *                         pre-upgrade key, when there is one and the new key has no entry
     */
    Result run(RecoveryAction action, ActionExecutor executor, OnExecute onExecute,
               @Nullable LedgerEntry unfinishedLegacy) {
        long started = clock.getAsLong();
        ClassifiedError invalid = invalid(action, executor);
        if (invalid != null) {
            // What the plan or the impairment lacks will not appear on a retry: nothing is claimed.
            return failed(action, invalid.getMessage(), invalid.getCode(), 0, started, false);
        }
        Map<String, String> intent;
        if (unfinishedLegacy != null) {
            intent = unfinishedLegacy.getIntent(); // computed before the first call: the state may have changed since
        } else {
            RetryPolicy.Attempt<Map<String, String>> prep = retry.run(() -> executor.prepare(action));
            if (!prep.isSuccess()) {
                // Nothing was claimed or changed: a later replay may try again.
                return failed(action, "could not read the state to act on: " + prep.getError().getMessage(),
                        prep.getError().getCode(), prep.getAttempts(), started, false);
            }
            intent = prep.getValue();
        }
        // One claim however often it is retried: a retry after a lost answer must find its own row.
        long claimedAt = clock.getAsLong();
        String token = UUID.randomUUID().toString();
        RetryPolicy.Attempt<LedgerEntry> claim = retry.run(
                () -> ledger.claim(action.getActionId(), action.getImpairmentId(), intent, claimedAt, token));
        if (!claim.isSuccess()) {
            // Without a claim there is no exactly-once: do not act.
            return new Result(ledgerUnavailable(action, claim.getError(), started), OutcomeStatus.FAILED);
        }
        LedgerEntry existing = claim.getValue();
        if (existing != null && existing.hasOutcome()) {
            String detail = "already ran: " + existing.getStatus()
                    + (existing.getDetail() == null ? "" : " (" + existing.getDetail() + ")");
            return new Result(Outcomes.of(action, OutcomeStatus.SKIPPED, detail, null, 0, started, clock.getAsLong()),
                    existing.getStatus());
        }
        LedgerEntry unfinished = existing != null ? existing : unfinishedLegacy;
        RecoveryAction bound;
        if (unfinished == null) {
            bound = Outcomes.withParams(action, intent, "");
        } else {
            // The intent stored with the first claim wins: the state may already be changed.
            bound = Outcomes.withParams(action, unfinished.getIntent(), "");
            Result resolved = resolveUnfinished(bound, unfinished, executor, started);
            if (resolved != null) {
                return resolved;
            }
        }
        onExecute.executing(bound);
        LookBeforeRepeating call = new LookBeforeRepeating(executor, bound);
        RetryPolicy.Attempt<String> done = retry.run(call);
        if (!done.isSuccess()) {
            String detail = done.getError().getMessage();
            if (call.inDoubt()) {
                detail = "may have taken effect (its answer was lost, and the attempts ran out before the state"
                        + " could show it): " + detail;
            }
            return failed(action, detail, done.getError().getCode(), done.getAttempts(), started, true);
        }
        return record(Outcomes.of(action, OutcomeStatus.SUCCEEDED, done.getValue(), null, done.getAttempts(), started,
                clock.getAsLong()));
    }

    /** What the resource's live state says against the action (see {@link ActionExecutor#contradiction}), read with retries. */
    RetryPolicy.Attempt<String> contradiction(RecoveryAction action, ActionExecutor executor) {
        return retry.run(() -> executor.contradiction(action));
    }

    /**
     * The one validation, for real, dry and preview runs alike: null when the action has what it
     * needs, else the error the real run would fail with.
     */
    @Nullable
    static ClassifiedError invalid(RecoveryAction action, ActionExecutor executor) {
        try {
            executor.validate(action);
            return null;
        } catch (RuntimeException e) {
            return ErrorClassifier.classify(e);
        }
    }


    /** The ledger's entry for {@code actionId} (null value: never claimed), read with the same retries as AWS calls. */
    RetryPolicy.Attempt<LedgerEntry> lookup(String actionId) {
        return retry.run(() -> ledger.get(actionId));
    }

    /**
     * Claims and closes {@code action} with {@code outcome} without acting (an action withheld for a
     * person), so it never runs later by itself. Best effort: the outcome is published either way.
     */
    void recordWithoutActing(RecoveryAction action, ActionOutcome outcome) {
        long claimedAt = clock.getAsLong();
        String token = UUID.randomUUID().toString();
        RetryPolicy.Attempt<LedgerEntry> claim = retry.run(
                () -> ledger.claim(action.getActionId(), action.getImpairmentId(), Map.of(), claimedAt, token));
        if (claim.isSuccess() && claim.getValue() == null) {
            retry.run(() -> ledger.recordOutcome(outcome));
        }
    }

    /** Not acted on: the ledger could not be read or written, so exactly once could not be kept. */
    ActionOutcome ledgerUnavailable(RecoveryAction action, ClassifiedError error, long started) {
        return Outcomes.of(action, OutcomeStatus.FAILED, "idempotency ledger unavailable, not acting: "
                + error.getMessage(), "LedgerUnavailable", 0, started, clock.getAsLong());
    }

    /** Null when the state shows the action did not happen and it should run now. */
    private Result resolveUnfinished(RecoveryAction bound, LedgerEntry existing, ActionExecutor executor,
                                     long started) {
        RetryPolicy.Attempt<Verification> v = retry.run(() -> executor.verify(bound));
        String claimed = "claimed at " + existing.getClaimedAt() + " without an outcome";
        if (!v.isSuccess()) {
            // Leave the claim unresolved; the next replay checks again.
            return new Result(Outcomes.of(bound, OutcomeStatus.FAILED, claimed + "; could not check the state: "
                    + v.getError().getMessage(), v.getError().getCode(), v.getAttempts(), started, clock.getAsLong()),
                    OutcomeStatus.FAILED);
        }
        switch (v.getValue()) {
            case DONE:
                return record(Outcomes.of(bound, OutcomeStatus.SUCCEEDED, claimed + "; the resource's state shows it"
                        + " took effect", null, 0, started, clock.getAsLong()));
            case UNKNOWN:
                return record(Outcomes.of(bound, OutcomeStatus.SKIPPED, claimed + "; the state cannot show whether it"
                        + " ran, so it is not repeated", null, 0, started, clock.getAsLong()));
            default:
                return null;
        }
    }

    private Result failed(RecoveryAction a, String detail, String code, int attempts, long started, boolean claimed) {
        ActionOutcome o = Outcomes.of(a, OutcomeStatus.FAILED, detail, code, attempts, started, clock.getAsLong());
        return claimed ? record(o) : new Result(o, OutcomeStatus.FAILED);
    }

    private Result record(ActionOutcome o) {
        // If this write fails the claim stays without an outcome, and the next replay resolves it by
        // checking the state; the outcome is still published now, saying so.
        RetryPolicy.Attempt<Boolean> written = retry.run(() -> ledger.recordOutcome(o));
        if (written.isSuccess()) {
            return new Result(o, o.getStatus());
        }
        ActionOutcome told = new ActionOutcome(o.getActionId(), o.getImpairmentId(), o.getStep(), o.getType(),
                o.getResourceId(), o.getStatus(), o.getDetail() + " [not recorded in the ledger: "
                + written.getError().getCode() + "; a replay checks the resource's state]", o.getErrorCode(),
                o.getAttempts(), o.getStartedAt(), o.getFinishedAt());
        return new Result(told, told.getStatus());
    }
}

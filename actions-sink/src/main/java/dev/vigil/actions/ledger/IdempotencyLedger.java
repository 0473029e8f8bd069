package dev.vigil.actions.ledger;

import dev.vigil.schemas.ActionOutcome;

import javax.annotation.Nullable;
import java.util.Map;
import java.util.UUID;

/**
 * Remembers which actions were claimed and how they ended, so that each runs at most once across
 * retries, replays and restarts. A claim is atomic: of two callers claiming the same id, exactly
 * one wins.
 */
public interface IdempotencyLedger {
    /**
     * Claims {@code actionId} with the intent computed before acting. Returns null when this call
     * won the claim, or the existing entry when the action was claimed before.
     *
     * <p>{@code token} names this claim across its retries: when a claim was stored but its answer
     * was lost (a reset, a timeout), the retry finds a row with its own token and wins, instead of
     * mistaking its own claim for one a crashed runner left behind.
     */
    @Nullable
    LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now, String token);

    /** A claim made once, not retried: a fresh token. */
    @Nullable
    default LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now) {
        return claim(actionId, impairmentId, intent, now, UUID.randomUUID().toString());
    }

    /**
     * Records how a claimed action ended. Returns false when an outcome was already recorded (the
     * first outcome stands).
     */
    boolean recordOutcome(ActionOutcome outcome);

    /** The entry for {@code actionId}, or null when it was never claimed. */
    @Nullable
    LedgerEntry get(String actionId);
}

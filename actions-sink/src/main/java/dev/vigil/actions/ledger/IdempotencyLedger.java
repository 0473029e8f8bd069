package dev.vigil.actions.ledger;

import dev.vigil.schemas.ActionOutcome;

import javax.annotation.Nullable;
import java.util.Map;

/**
 * Remembers which actions were claimed and how they ended, so that each runs at most once across
 * retries, replays and restarts. A claim is atomic: of two callers claiming the same id, exactly
 * one wins.
 */
public interface IdempotencyLedger {
    /**
     * Claims {@code actionId} with the intent computed before acting. Returns null when this call
     * won the claim, or the existing entry when the action was claimed before.
     */
    @Nullable
    LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now);

    /**
     * Records how a claimed action ended. Returns false when an outcome was already recorded (the
     * first outcome stands).
     */
    boolean recordOutcome(ActionOutcome outcome);

    /** The entry for {@code actionId}, or null when it was never claimed. */
    @Nullable
    LedgerEntry get(String actionId);
}

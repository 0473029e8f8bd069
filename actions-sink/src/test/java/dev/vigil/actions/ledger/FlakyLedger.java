package dev.vigil.actions.ledger;

import dev.vigil.actions.exec.Faults;
import dev.vigil.schemas.ActionOutcome;

import javax.annotation.Nullable;
import java.util.Map;

/** An {@link InMemoryLedger} whose reads, claims and outcome writes fail on demand. */
public final class FlakyLedger implements IdempotencyLedger {
    public final InMemoryLedger entries = new InMemoryLedger();
    public final Faults reads = new Faults();
    public final Faults claims = new Faults();
    public final Faults outcomes = new Faults();

    @Nullable
    @Override
    public LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now, String token) {
        claims.check();
        return entries.claim(actionId, impairmentId, intent, now, token);
    }

    @Override
    public boolean recordOutcome(ActionOutcome outcome) {
        outcomes.check();
        return entries.recordOutcome(outcome);
    }

    @Nullable
    @Override
    public LedgerEntry get(String actionId) {
        reads.check();
        return entries.get(actionId);
    }
}

package dev.vigil.actions.ledger;

import dev.vigil.schemas.ActionOutcome;

import javax.annotation.Nullable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A ledger in a map: for tests and local runs; it forgets everything on restart. */
public final class InMemoryLedger implements IdempotencyLedger {
    private final ConcurrentHashMap<String, LedgerEntry> entries = new ConcurrentHashMap<>();

    @Nullable
    @Override
    public LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now,
                             String token) {
        LedgerEntry prior = entries.putIfAbsent(actionId, LedgerEntry.claimed(actionId, now, intent, token));
        return prior != null && token.equals(prior.getClaimToken()) ? null : prior;
    }

    @Override
    public boolean recordOutcome(ActionOutcome o) {
        boolean[] written = {false};
        entries.computeIfPresent(o.getActionId(), (id, e) -> {
            if (e.hasOutcome()) {
                return e;
            }
            written[0] = true;
            return new LedgerEntry(id, e.getClaimedAt(), e.getIntent(), o.getStatus(), o.getDetail(),
                    o.getErrorCode(), o.getAttempts(), o.getFinishedAt(), e.getClaimToken());
        });
        return written[0];
    }

    @Nullable
    @Override
    public LedgerEntry get(String actionId) {
        return entries.get(actionId);
    }

    /** Puts an entry as is, e.g. a claim left without outcome by a simulated crash. */
    public void put(LedgerEntry entry) {
        entries.put(entry.getActionId(), entry);
    }

    public int size() {
        return entries.size();
    }
}

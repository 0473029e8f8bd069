package dev.vigil.actions.ledger;

import dev.vigil.schemas.OutcomeStatus;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One action's row in the ledger: the claim (when, and the intent computed before acting) and,
 * once known, the outcome. A row with a claim but no outcome is an action whose runner died
 * mid-call.
 */
public final class LedgerEntry {
    private final String actionId;
    private final long claimedAt;
    private final Map<String, String> intent;
    @Nullable private final OutcomeStatus status;
    @Nullable private final String detail;
    @Nullable private final String errorCode;
    private final int attempts;
    private final long finishedAt;
    @Nullable private final String claimToken;

    public LedgerEntry(String actionId, long claimedAt, Map<String, String> intent, @Nullable OutcomeStatus status,
                       @Nullable String detail, @Nullable String errorCode, int attempts, long finishedAt) {
        this(actionId, claimedAt, intent, status, detail, errorCode, attempts, finishedAt, null);
    }

    public LedgerEntry(String actionId, long claimedAt, Map<String, String> intent, @Nullable OutcomeStatus status,
                       @Nullable String detail, @Nullable String errorCode, int attempts, long finishedAt,
                       @Nullable String claimToken) {
        this.actionId = actionId;
        this.claimedAt = claimedAt;
        this.intent = intent == null || intent.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(intent));
        this.status = status;
        this.detail = detail;
        this.errorCode = errorCode;
        this.attempts = attempts;
        this.finishedAt = finishedAt;
        this.claimToken = claimToken;
    }

    public static LedgerEntry claimed(String actionId, long claimedAt, Map<String, String> intent) {
        return claimed(actionId, claimedAt, intent, null);
    }

    public static LedgerEntry claimed(String actionId, long claimedAt, Map<String, String> intent,
                                      @Nullable String claimToken) {
        return new LedgerEntry(actionId, claimedAt, intent, null, null, null, 0, 0, claimToken);
    }

    public String getActionId() {
        return actionId;
    }

    public long getClaimedAt() {
        return claimedAt;
    }

    /** Values computed before acting (absolute targets, what to restore) that make the action repeatable. */
    public Map<String, String> getIntent() {
        return intent;
    }

    public boolean hasOutcome() {
        return status != null;
    }

    @Nullable
    public OutcomeStatus getStatus() {
        return status;
    }

    @Nullable
    public String getDetail() {
        return detail;
    }

    @Nullable
    public String getErrorCode() {
        return errorCode;
    }

    public int getAttempts() {
        return attempts;
    }

    public long getFinishedAt() {
        return finishedAt;
    }

    /** Who made the claim (see {@link IdempotencyLedger#claim(String, String, Map, long, String)}); null in rows written before it was kept. */
    @Nullable
    public String getClaimToken() {
        return claimToken;
    }

    @Override
    public String toString() {
        return actionId + " claimed=" + claimedAt + " intent=" + intent + " status=" + status
                + (errorCode == null ? "" : " " + errorCode) + (detail == null ? "" : " (" + detail + ")");
    }
}

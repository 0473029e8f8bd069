package dev.vigil.actions.ledger;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryLedgerTest {
    private final InMemoryLedger ledger = new InMemoryLedger();

    @Test
    void aClaimRetriedWithItsTokenIsItsOwnAndKeepsItAfterTheOutcome() {
        assertThat(ledger.claim("a", "imp", Map.of("k", "v"), 1L, "t1")).isNull();

        assertThat(ledger.claim("a", "imp", Map.of(), 2L, "t1")).isNull();
        assertThat(ledger.claim("a", "imp", Map.of(), 3L, "t2").getIntent()).containsEntry("k", "v");

        ledger.recordOutcome(new ActionOutcome("a", "imp", 0, ActionType.NOTIFY, "r", OutcomeStatus.SUCCEEDED, "ok",
                null, 1, 1L, 4L));
        assertThat(ledger.get("a").getClaimToken()).isEqualTo("t1");
        assertThat(ledger.get("a").hasOutcome()).isTrue();
    }

    @Test
    void aClaimWithoutATokenIsNeverMistakenForAnother() {
        assertThat(ledger.claim("b", "imp", Map.of(), 1L)).isNull();
        assertThat(ledger.claim("b", "imp", Map.of(), 2L)).isNotNull();
    }
}

package dev.vigil.actions.ledger;

import dev.vigil.actions.MotoServer;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.OutcomeStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbLedgerITCase {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static DynamoDbClient dynamo;
    private static DynamoDbLedger ledger;

    @BeforeAll
    static void table() {
        dynamo = MOTO.clients().build(DynamoDbClient.builder());
        DynamoDbLedger.createTableIfMissing(dynamo, "vigil-actions");
        ledger = new DynamoDbLedger(dynamo, "vigil-actions", Duration.ofDays(30));
    }

    private static ActionOutcome outcome(String id, OutcomeStatus status, String code) {
        return new ActionOutcome(id, "imp", 0, ActionType.SCALE_OUT, "web-asg", status, "detail " + status, code, 2,
                1_000L, 2_000L);
    }

    @Test
    void onlyTheFirstClaimWinsAndLaterOnesSeeItsIntent() {
        assertThat(ledger.claim("imp/p/0", "imp", Map.of("targetDesiredCapacity", "5"), 1_700_000_000_000L)).isNull();

        LedgerEntry second = ledger.claim("imp/p/0", "imp", Map.of("targetDesiredCapacity", "7"), 1_700_000_100_000L);

        assertThat(second).isNotNull();
        assertThat(second.hasOutcome()).isFalse();
        assertThat(second.getClaimedAt()).isEqualTo(1_700_000_000_000L);
        assertThat(second.getIntent()).containsExactly(Map.entry("targetDesiredCapacity", "5"));
    }

    @Test
    void aRetryWithTheSameTokenFindsItsOwnClaimAndAnotherTokenDoesNot() {
        // Given a claim stored whose caller never heard back
        assertThat(ledger.claim("imp/p/3", "imp", Map.of(), 1_700_000_000_000L, "token-a")).isNull();

        // When the same caller retries with its token, and another caller claims
        LedgerEntry retry = ledger.claim("imp/p/3", "imp", Map.of(), 1_700_000_000_500L, "token-a");
        LedgerEntry other = ledger.claim("imp/p/3", "imp", Map.of(), 1_700_000_001_000L, "token-b");

        // Then the retry wins (it is its own claim), the other sees the first claim
        assertThat(retry).isNull();
        assertThat(other).isNotNull();
        assertThat(other.getClaimToken()).isEqualTo("token-a");
        assertThat(other.getClaimedAt()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void theFirstOutcomeStands() {
        ledger.claim("imp/p/1", "imp", Map.of(), 1_700_000_000_000L);

        assertThat(ledger.recordOutcome(outcome("imp/p/1", OutcomeStatus.FAILED, "AccessDenied"))).isTrue();
        assertThat(ledger.recordOutcome(outcome("imp/p/1", OutcomeStatus.SUCCEEDED, null))).isFalse();

        LedgerEntry e = ledger.get("imp/p/1");
        assertThat(e.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
        assertThat(e.getAttempts()).isEqualTo(2);
        assertThat(e.getFinishedAt()).isEqualTo(2_000L);
    }

    @Test
    void anOutcomeNeedsAClaim() {
        assertThat(ledger.recordOutcome(outcome("imp/never-claimed", OutcomeStatus.SUCCEEDED, null))).isFalse();
        assertThat(ledger.get("imp/never-claimed")).isNull();
    }

    @Test
    void rowsCarryTheirExpiryInEpochSeconds() {
        ledger.claim("imp/p/2", "imp", Map.of(), 1_700_000_000_000L);

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("vigil-actions")
                .key(Map.of("actionId", AttributeValue.builder().s("imp/p/2").build()))).item();

        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(1_700_000_000L + 30 * 86_400L));
        assertThat(item.get("impairmentId").s()).isEqualTo("imp");
    }
}

package dev.vigil.actions.ledger;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.OutcomeStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The ledger in a DynamoDB table keyed by {@code actionId} (the {@code Ledger} of {@code deploy/vigil.yaml}).
 * The claim is a PutItem conditional on {@code attribute_not_exists(actionId)}, carrying the
 * claimant's {@code claimToken} so a retry can tell its own stored claim from another's; the outcome an
 * UpdateItem conditional on the claim existing and no outcome yet. Reads are strongly consistent:
 * an eventually consistent read right after losing a claim could miss the winner's row. Rows
 * expire through the table's TTL on {@code expiresAt} (epoch seconds).
 */
public final class DynamoDbLedger implements IdempotencyLedger {
    static final String KEY = "actionId";
    static final String TTL = "expiresAt";
    static final String TOKEN = "claimToken";

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;

    public DynamoDbLedger(DynamoDbClient client, String table, Duration retention) {
        this.client = client;
        this.table = table;
        this.retention = retention;
    }

    @Nullable
    @Override
    public LedgerEntry claim(String actionId, String impairmentId, Map<String, String> intent, long now,
                             String token) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(actionId));
        item.put(TOKEN, s(token));
        item.put("impairmentId", s(impairmentId));
        item.put("claimedAt", n(now));
        item.put(TTL, n(now / 1000 + retention.getSeconds()));
        if (!intent.isEmpty()) {
            Map<String, AttributeValue> m = new HashMap<>();
            intent.forEach((k, v) -> m.put(k, s(v)));
            item.put("intent", AttributeValue.builder().m(m).build());
        }
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY)));
            return null;
        } catch (ConditionalCheckFailedException e) {
            LedgerEntry existing = get(actionId);
            if (existing == null) {
                // Only a TTL deletion between the two calls could cause this; treat as claimed elsewhere.
                return LedgerEntry.claimed(actionId, now, intent);
            }
            // Our own claim, stored by an earlier attempt whose answer was lost.
            return token.equals(existing.getClaimToken()) ? null : existing;
        }
    }

    @Override
    public boolean recordOutcome(ActionOutcome o) {
        Map<String, String> names = new HashMap<>();
        names.put("#k", KEY);
        names.put("#s", "status");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", s(o.getStatus().name()));
        values.put(":a", n(o.getAttempts()));
        values.put(":f", n(o.getFinishedAt()));
        StringBuilder set = new StringBuilder("SET #s = :s, attempts = :a, finishedAt = :f");
        if (o.getDetail() != null) {
            values.put(":d", s(o.getDetail()));
            set.append(", detail = :d");
        }
        if (o.getErrorCode() != null) {
            values.put(":e", s(o.getErrorCode()));
            set.append(", errorCode = :e");
        }
        try {
            client.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(o.getActionId())))
                    .updateExpression(set.toString())
                    .conditionExpression("attribute_exists(#k) AND attribute_not_exists(#s)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Nullable
    @Override
    public LedgerEntry get(String actionId) {
        GetItemResponse r = client.getItem(b -> b.tableName(table).key(Map.of(KEY, s(actionId))).consistentRead(true));
        if (!r.hasItem() || r.item().isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> i = r.item();
        Map<String, String> intent = new HashMap<>();
        if (i.containsKey("intent")) {
            i.get("intent").m().forEach((k, v) -> intent.put(k, v.s()));
        }
        return new LedgerEntry(actionId, num(i, "claimedAt"), intent,
                i.containsKey("status") ? OutcomeStatus.valueOf(i.get("status").s()) : null,
                str(i, "detail"), str(i, "errorCode"), (int) num(i, "attempts"), num(i, "finishedAt"), str(i, TOKEN));
    }

    /** Creates the table (on-demand, key {@code actionId}) unless it exists: for local runs and tests. */
    public static void createTableIfMissing(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                            .attributeType(ScalarAttributeType.S).build()));
        } catch (ResourceInUseException e) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    @Nullable
    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}

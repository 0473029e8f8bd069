package dev.vigil.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Kinesis PutRecords with some entries throttled, as Kinesis answers when part of a batch goes to
 * shards over their write limit: HTTP 200, {@code FailedRecordCount} > 0, and the failed entries
 * carry {@code ErrorCode} in place of a sequence number. The failed entries are withheld from the
 * emulator, so a record appears there only once the writer retries it.
 */
final class PartialPutRecords extends Fault {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int everyNth;

    PartialPutRecords(int everyNth) {
        if (everyNth < 1) {
            throw new IllegalArgumentException("everyNth: expected >= 1, got " + everyNth);
        }
        this.everyNth = everyNth;
    }

    @Override
    void apply(Exchange x) throws IOException {
        HttpMessage request = x.request().http();
        ObjectNode body = (ObjectNode) JSON.readTree(request.body);
        ArrayNode entries = (ArrayNode) body.get("Records");
        ArrayNode passed = JSON.createArrayNode();
        for (int i = 0; i < entries.size(); i++) {
            if (!failed(i)) {
                passed.add(entries.get(i));
            }
        }
        Iterator<JsonNode> accepted = List.<JsonNode>of().iterator();
        if (passed.size() > 0) {
            ObjectNode subset = body.deepCopy();
            subset.set("Records", passed);
            HttpMessage answer = x.forward(request.withBody(JSON.writeValueAsBytes(subset)));
            if (answer.status() != 200) {
                x.respond(answer); // the emulator refused the rest: pass that on unchanged
                return;
            }
            accepted = JSON.readTree(answer.body).get("Records").elements();
        }
        ArrayNode results = JSON.createArrayNode();
        int failures = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (failed(i)) {
                failures++;
                results.addObject().put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put("ErrorMessage", "Rate exceeded for shard shardId-000000000000 in stream "
                                + stream(body) + " under account 123456789012. (injected by FaultProxy)");
            } else {
                results.add(accepted.next());
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("FailedRecordCount", failures);
        answer.set("Records", results);
        x.respond(HttpMessage.response(200, "OK", List.<String[]>of(new String[] {"Content-Type",
                "application/x-amz-json-1.1"}), JSON.writeValueAsBytes(answer)));
    }

    private boolean failed(int index) {
        return index % everyNth == 0;
    }

    private static String stream(JsonNode body) {
        JsonNode name = body.has("StreamName") ? body.get("StreamName") : body.get("StreamARN");
        return name == null ? "?" : name.asText();
    }

    @Override
    public String toString() {
        return "PutRecords partially failed (every " + everyNth + ". entry ProvisionedThroughputExceededException)";
    }
}

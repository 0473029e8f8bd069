package dev.vigil.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.vigil.relay.Deliveries.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** The function URL's event (payload format 2.0) in, the URL's response object out. */
class LambdaHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A function URL event for a Firehose delivery: lower-case headers, a binary (gzip) body in base64. */
    private static byte[] event(String requestId, String accessKey, List<String> lines) throws Exception {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", "/");
        ObjectNode headers = e.putObject("headers");
        for (Map.Entry<String, String> h : Deliveries.headers(requestId, accessKey, true).entrySet()) {
            headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue());
        }
        e.putObject("requestContext").putObject("http").put("method", "POST").put("path", "/");
        e.put("body", Base64.getEncoder().encodeToString(
                Deliveries.bodyBytes(Deliveries.body(requestId, Deliveries.records(lines, 3)), true)));
        e.put("isBase64Encoded", true);
        return JSON.writeValueAsBytes(e);
    }

    private static JsonNode invoke(LambdaHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void aFunctionUrlEventIsRelayedAndAnsweredAsFirehoseRequires() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        LambdaHandler handler = new LambdaHandler(new Relay(RelaySettings.forTest("vigil-metrics", KEY, 4, 1_000), kinesis,
                ms -> { }, () -> 42L));
        List<String> lines = Deliveries.fleet(3, 2);

        JsonNode ok = invoke(handler, event("req-l1", KEY, lines));
        JsonNode refused = invoke(handler, event("req-l2", "nope", lines));

        assertThat(ok.path("statusCode").asInt()).isEqualTo(200);
        assertThat(ok.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(ok.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode body = JSON.readTree(ok.path("body").asText());
        assertThat(body.path("requestId").asText()).isEqualTo("req-l1");
        assertThat(body.path("timestamp").asLong()).isEqualTo(42L);
        assertThat(refused.path("statusCode").asInt()).isEqualTo(403);
        assertThat(kinesis.lines()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void anEventThatCannotBeReadIsAnsweredWith400NotAnException() throws Exception {
        // Given events that are not JSON (the fuzzer's first find: a byte that is not UTF-8) or whose
        // body is not the base64 they say it is
        FakeKinesis kinesis = new FakeKinesis();
        LambdaHandler handler = new LambdaHandler(new Relay(RelaySettings.forTest("vigil-metrics", KEY, 4, 1_000), kinesis,
                ms -> { }, () -> 42L));
        byte[] notUtf8 = {'{', '"', 'b', (byte) 0xba, '"', ':', '1', '}'};
        byte[] badBase64 = "{\"body\":\"%%%\",\"isBase64Encoded\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // When they are handled, then each is a 400 in Firehose's format and nothing is written
        for (byte[] event : List.of(notUtf8, badBase64, new byte[0])) {
            JsonNode response = invoke(handler, event);
            assertThat(response.path("statusCode").asInt()).isEqualTo(400);
            assertThat(JSON.readTree(response.path("body").asText()).path("errorMessage").asText())
                    .startsWith("not a function URL event");
        }
        assertThat(kinesis.written).isEmpty();
    }
}

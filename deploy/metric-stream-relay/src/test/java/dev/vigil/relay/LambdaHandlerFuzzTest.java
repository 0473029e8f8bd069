package dev.vigil.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.fuzz.Budget;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the Lambda entry point with whole function URL events (payload format 2.0). Seeds:
 * {@code LambdaHandlerFuzzTestInputs/event/}: a delivery as the URL hands it over, plain and base64,
 * and the crashers found so far. On any event: nothing is thrown (an exception would make the URL
 * answer a bare 502 that Firehose cannot read), and the output is a response object the URL can turn
 * into an HTTP answer, within {@link Budget}.
 */
class LambdaHandlerFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaHandler handler = new LambdaHandler(new Relay(
            RelaySettings.forTest("vigil-metrics", Deliveries.KEY, 16, 20), new FakeKinesis(), ms -> { }, () -> 1L));

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "event", this::event);
    }

    @FuzzTest
    void event(byte[] event) throws Exception {
        ByteArrayOutputStream out = Budget.within("LambdaHandler.handleRequest", Budget.bytesFor(event.length), () -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), o, null);
            } catch (java.io.IOException e) {
                throw new AssertionError("the handler threw " + e, e);
            }
            return o;
        });
        JsonNode response = JSON.readTree(out.toByteArray());
        assertThat(response.get("statusCode").isInt()).isTrue();
        assertThat(response.get("statusCode").asInt()).isBetween(200, 599);
        assertThat(response.get("body").isTextual()).isTrue();
        assertThat(JSON.readTree(response.get("body").asText()).has("requestId")).isTrue();
    }
}

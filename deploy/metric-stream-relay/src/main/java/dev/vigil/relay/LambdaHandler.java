package dev.vigil.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Lambda entry point ({@code dev.vigil.relay.LambdaHandler::handleRequest}) behind a function
 * URL: reads the URL's event (payload format 2.0: {@code headers}, {@code body},
 * {@code isBase64Encoded}, {@code requestContext.http.method}), hands it to {@link Relay}, and
 * returns the response object the URL turns into the HTTP answer. A stream handler, so the event is
 * read as bytes with no second JSON mapping of a large body. Settings come from the environment
 * (see {@link RelaySettings}); the client and relay live as long as the execution environment.
 */
public final class LambdaHandler implements RequestStreamHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Relay relay;

    /** Lambda's constructor: the function's environment. */
    public LambdaHandler() {
        this(fromEnvironment());
    }

    LambdaHandler(Relay relay) {
        this.relay = relay;
    }

    private static Relay fromEnvironment() {
        RelaySettings settings = RelaySettings.fromEnv(System.getenv());
        return new Relay(settings, SdkKinesis.create(settings.region(), settings.endpoint()));
    }

    /**
     * Always answers: an event that cannot be read (not JSON, a body that is not the base64 it says it
     * is) is a 400 in Firehose's format, not an exception, which the function URL would turn into a
     * bare 502 that says nothing about why.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpExchange.Request request;
        try {
            request = toRequest(MAPPER.readTree(input));
        } catch (IOException | IllegalArgumentException e) {
            output.write(toResponse(relay.refuse(400, "not a function URL event: " + e.getMessage())));
            return;
        }
        output.write(toResponse(relay.handle(request)));
    }

    static HttpExchange.Request toRequest(JsonNode event) {
        if (!event.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + event.getNodeType());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonNode h = event.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            headers.put(e.getKey(), e.getValue().asText());
        }
        String body = event.path("body").asText("");
        byte[] bytes = event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        String method = event.path("requestContext").path("http").path("method").asText("POST");
        return new HttpExchange.Request(method, headers, bytes);
    }

    static byte[] toResponse(HttpExchange.Response response) throws IOException {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("statusCode", response.status());
        out.putObject("headers").put("Content-Type", HttpExchange.Response.contentType());
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        return MAPPER.writeValueAsBytes(out);
    }
}

package dev.vigil.relay;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request and the relay's answer, free of any server or Lambda type: the function URL
 * adapter and the local server both translate to and from these.
 */
public final class HttpExchange {
    private HttpExchange() {}

    /** Method, headers (looked up case-insensitively, as HTTP says) and the raw body. */
    public static final class Request {
        final String method;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final byte[] body;

        public Request(String method, Map<String, String> headers, byte[] body) {
            this.method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
            this.headers.putAll(headers);
            this.body = body == null ? new byte[0] : body;
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Status and a JSON body; the content type is always application/json, as Firehose requires. */
    public static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }

        public static String contentType() {
            return "application/json";
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}

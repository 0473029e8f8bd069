package dev.vigil.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link FaultProxy} does to a matching request instead of passing it through. Errors are
 * answered by the proxy (AWS refused the call: it never reached the emulator); {@link #slow} and
 * {@link #lostResponse} pass the request on first (it took effect) and then withhold the answer,
 * the case that makes a naive retry act twice.
 */
public abstract class Fault {
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 403, "Forbidden", 404,
            "Not Found", 409, "Conflict", 429, "Too Many Requests", 500, "Internal Server Error", 502, "Bad Gateway",
            503, "Service Unavailable", 504, "Gateway Timeout");

    /** One request and the ways to answer it. */
    interface Exchange {
        AwsRequest request();

        /** Passes a request (this one, or a changed copy) to the emulator and returns its answer. */
        HttpMessage forward(HttpMessage request) throws IOException;

        void respond(HttpMessage response) throws IOException;

        /** Writes {@code partial} (possibly nothing) and resets the connection (TCP RST). */
        void reset(byte[] partial) throws IOException;
    }

    Fault() {}

    abstract void apply(Exchange x) throws IOException;

    /**
     * An AWS error in the service's own wire format: JSON {@code __type} (Kinesis, DynamoDB, ECS,
     * SSM), query XML {@code <ErrorResponse><Error><Code>} (Auto Scaling, ELBv2, RDS, SNS), EC2's
     * {@code <Response><Errors>}, Route 53's REST XML, or {@code x-amzn-ErrorType} (REST JSON).
     * E.g. {@code error(400, "ProvisionedThroughputExceededException")}, {@code error(503,
     * "RequestLimitExceeded")} (EC2 throttling), {@code error(500, "InternalFailure")}.
     */
    public static Fault error(int status, String code) {
        return error(status, code, code + " (injected by FaultProxy)");
    }

    public static Fault error(int status, String code, String message) {
        return new Fault() {
            @Override
            void apply(Exchange x) throws IOException {
                x.respond(errorResponse(x.request(), status, code, message));
            }

            @Override
            public String toString() {
                return status + " " + code;
            }
        };
    }

    /** A bare status with an empty body, as a load balancer in front of the service answers. */
    public static Fault status(int status) {
        return new Fault() {
            @Override
            void apply(Exchange x) throws IOException {
                x.respond(HttpMessage.response(status, reason(status), List.of(), new byte[0]));
            }

            @Override
            public String toString() {
                return "HTTP " + status;
            }
        };
    }

    /** The request reaches the emulator (and takes effect); its answer comes {@code delay} later. */
    public static Fault slow(Duration delay) {
        return new Fault() {
            @Override
            void apply(Exchange x) throws IOException {
                HttpMessage answer = x.forward(x.request().http());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                x.respond(answer);
            }

            @Override
            public String toString() {
                return "slow " + delay.toMillis() + " ms";
            }
        };
    }

    /**
     * The request reaches the emulator (and takes effect); the connection is reset halfway through
     * the answer's head.
     */
    public static Fault lostResponse() {
        return new Fault() {
            @Override
            void apply(Exchange x) throws IOException {
                // Halfway through the head: the status line is there, the rest never comes. (Cut in
                // the body instead, the SDK reports it the same way as any other reset.)
                HttpMessage answer = x.forward(x.request().http());
                byte[] all = answer.toBytes("keep-alive");
                int cut = (all.length - answer.body.length) / 2;
                byte[] partial = new byte[cut];
                System.arraycopy(all, 0, partial, 0, cut);
                x.reset(partial);
            }

            @Override
            public String toString() {
                return "response lost (reset after the call took effect)";
            }
        };
    }

    /** The connection is reset before the request reaches the emulator. */
    public static Fault reset() {
        return new Fault() {
            @Override
            void apply(Exchange x) throws IOException {
                x.reset(new byte[0]);
            }

            @Override
            public String toString() {
                return "connection reset (call not made)";
            }
        };
    }

    /**
     * Kinesis PutRecords answered 200 with every {@code everyNth} entry (the first, then every
     * n-th) failed as {@code ProvisionedThroughputExceededException}: only the other entries reach
     * the emulator, as when some shards of a stream are over their limit.
     */
    public static Fault partialPutRecords(int everyNth) {
        return new PartialPutRecords(everyNth);
    }

    static HttpMessage errorResponse(AwsRequest r, int status, String code, String message) {
        String id = UUID.randomUUID().toString();
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"x-amzn-RequestId", id});
        String body;
        switch (r.protocol()) {
            case JSON: {
                String type = r.http().header("Content-Type");
                headers.add(new String[] {"Content-Type", type != null && type.startsWith("application/x-amz-json")
                        ? type : "application/x-amz-json-1.1"});
                body = "{\"__type\":\"" + jsonTypePrefix(r.service(), code) + code + "\",\"message\":\""
                        + json(message) + "\"}";
                break;
            }
            case EC2:
                headers.add(new String[] {"Content-Type", "text/xml;charset=UTF-8"});
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(code)
                        + "</Code><Message>" + xml(message) + "</Message></Error></Errors><RequestID>" + id
                        + "</RequestID></Response>";
                break;
            case QUERY:
            case REST_XML: {
                String ns = r.protocol() == AwsRequest.Protocol.REST_XML
                        ? "https://" + r.service() + ".amazonaws.com/doc/2013-04-01/"
                        : "http://" + r.service() + ".amazonaws.com/doc/" + (r.apiVersion() == null ? "" : r.apiVersion()) + "/";
                headers.add(new String[] {"Content-Type", "text/xml"});
                body = "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>"
                        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + xml(code) + "</Code><Message>"
                        + xml(message) + "</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>";
                break;
            }
            default:
                headers.add(new String[] {"Content-Type", "application/json"});
                headers.add(new String[] {"x-amzn-ErrorType", code});
                body = "{\"message\":\"" + json(message) + "\"}";
        }
        return HttpMessage.response(status, reason(status), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** DynamoDB qualifies its error types with a namespace; the SDK reads the part after '#'. */
    private static String jsonTypePrefix(String service, String code) {
        if (!service.equals("dynamodb")) {
            return "";
        }
        return code.equals("ThrottlingException") ? "com.amazon.coral.availability#"
                : "com.amazonaws.dynamodb.v20120810#";
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "Error");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.vigil.relay;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * {@code scripts/relay}: the same {@link Relay} on http://127.0.0.1:PORT/ (the JDK's HTTP server),
 * so the demo and the tests send Firehose-shaped requests through the production code path.
 *
 * <pre>
 * scripts/relay --port PORT --stream NAME_OR_ARN [--endpoint URL] [--region R] [--access-key KEY]
 * </pre>
 */
public final class LocalRelayServer implements AutoCloseable {
    /** The key when none is given: local runs only. */
    public static final String DEFAULT_ACCESS_KEY = "local-relay-key";
    private final HttpServer server;

    public LocalRelayServer(int port, Relay relay) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                    headers.put(h.getKey(), String.join(",", h.getValue()));
                }
                HttpExchange.Response r = relay.handle(
                        new HttpExchange.Request(exchange.getRequestMethod(), headers, in.readAllBytes()));
                byte[] body = r.bodyBytes();
                exchange.getResponseHeaders().set("Content-Type", HttpExchange.Response.contentType());
                exchange.sendResponseHeaders(r.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (RuntimeException e) {
                byte[] body = ("{\"requestId\":null,\"timestamp\":" + System.currentTimeMillis()
                        + ",\"errorMessage\":\"internal error\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            }
        });
        // Firehose may send requests concurrently; a few threads are plenty locally.
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        if (!opts.containsKey("port") || !opts.containsKey("stream")) {
            usage("--port and --stream are required");
        }
        Map<String, String> env = new HashMap<>();
        env.put("STREAM", opts.get("stream"));
        env.put("ACCESS_KEY", opts.getOrDefault("access-key", DEFAULT_ACCESS_KEY));
        env.put("AWS_REGION", opts.getOrDefault("region", regionOf(opts.get("stream"))));
        env.put("KINESIS_ENDPOINT", opts.get("endpoint"));
        env.put("FORMAT", opts.getOrDefault("format", "json"));
        RelaySettings settings = RelaySettings.fromEnv(env);
        SdkKinesis kinesis = SdkKinesis.create(settings.region(), settings.endpoint());
        LocalRelayServer server = new LocalRelayServer(Integer.parseInt(opts.get("port")), new Relay(settings, kinesis));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            kinesis.close();
            stopped.countDown();
        }));
        System.out.println("relay listening on http://127.0.0.1:" + server.port() + "/ -> " + settings.stream());
        System.out.flush();
        stopped.await();
    }

    /** The region an ARN names (arn:aws:kinesis:REGION:...), else the SDK's usual default. */
    static String regionOf(String stream) {
        String[] parts = stream.split(":");
        return stream.startsWith("arn:") && parts.length > 3 && !parts[3].isEmpty() ? parts[3]
                : System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: scripts/relay --port PORT --stream NAME_OR_ARN [--endpoint URL] [--region R] "
                + "[--access-key KEY] [--format json|opentelemetry1.0|opentelemetry0.7]");
        System.exit(2);
    }
}

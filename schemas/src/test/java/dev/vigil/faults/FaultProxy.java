package dev.vigil.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An HTTP proxy between SDK clients and the local AWS emulator that injects AWS's failure modes:
 * throttling and server errors in each service's own wire format, slow answers, lost answers and
 * connection resets. Point a client's endpoint at {@link #endpoint()}; requests no rule matches pass
 * through unchanged. Every request is logged ({@link #calls()}) with its service, operation, the
 * fault it got and whether it reached the emulator, so a test can prove both that the fault
 * happened and that a state-changing call reached AWS exactly once.
 *
 * <pre>
 *   try (FaultProxy proxy = FaultProxy.start(motoEndpoint)) {
 *       proxy.on("dynamodb", "PutItem").times(2).inject(Fault.error(400, "ProvisionedThroughputExceededException"));
 *       ... clients built with endpoint proxy.endpoint() ...
 *       assertThat(proxy.forwarded("dynamodb", "PutItem")).isEqualTo(1);
 *   }
 * </pre>
 *
 * Plain HTTP/1.1 (the emulator speaks nothing else), keep-alive towards the client, one connection
 * to the emulator per request.
 */
public final class FaultProxy implements AutoCloseable {
    /** One request as the proxy saw it. */
    public static final class Call {
        private final String service;
        private final String operation;
        private final String fault;
        // Set as the request is sent on, before any answer, so a caller that got its answer sees it.
        private volatile boolean forwarded;

        Call(String service, String operation, String fault) {
            this.service = service;
            this.operation = operation;
            this.fault = fault;
        }

        public String service() {
            return service;
        }

        public String operation() {
            return operation;
        }

        /** The injected fault, or null when the request passed untouched. */
        public String fault() {
            return fault;
        }

        /** Whether the request reached the emulator (passed, slow, lost response). */
        public boolean forwarded() {
            return forwarded;
        }

        @Override
        public String toString() {
            return service + " " + operation + (fault == null ? "" : " [" + fault + "]")
                    + (forwarded ? "" : " (not forwarded)");
        }
    }

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private FaultProxy(URI upstream) throws IOException {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    /** A proxy on a free loopback port in front of {@code upstream} (e.g. {@code http://127.0.0.1:5000}). */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fault proxy's port", e);
        }
    }

    public static FaultProxy start(String upstream) {
        return start(URI.create(upstream));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * A rule for one operation of one service (either null = any), armed by {@link Rule#inject}.
     * Rules are tried in the order they were armed; the first that injects wins.
     */
    public Rule on(String service, String operation) {
        return new Rule(this, service, operation);
    }

    void add(Rule rule) {
        rules.add(rule);
    }

    /** Disarms every rule: from now on everything passes (the log is kept). */
    public void clear() {
        for (Rule r : rules) {
            r.disable();
        }
        rules.clear();
    }

    /** Disarms every rule and forgets the log: a fresh start for the next test. */
    public void reset() {
        clear();
        calls.clear();
    }

    /** The armed rules, in order. */
    public List<Rule> rules() {
        return new ArrayList<>(rules);
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** The calls that got a fault. */
    public List<Call> injected() {
        return calls.stream().filter(c -> c.fault != null).collect(Collectors.toList());
    }

    /** How many requests of the operation got a fault. */
    public long injected(String service, String operation) {
        return calls.stream().filter(c -> c.fault != null && c.service.equals(service)
                && c.operation.equals(operation)).count();
    }

    /** How many requests of the operation reached the emulator (a state change happened at most this often). */
    public long forwarded(String service, String operation) {
        return calls.stream().filter(c -> c.forwarded && c.service.equals(service)
                && c.operation.equals(operation)).count();
    }

    /** Every call, one line each, for assertion messages. */
    public String describe() {
        return calls.stream().map(Call::toString).collect(Collectors.joining("\n  ", "calls:\n  ", ""));
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fault proxy: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                HttpMessage head = HttpMessage.readHead(in);
                if (head == null) {
                    return;
                }
                if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                HttpMessage request = head.readRequestBody(in).withoutHeader("Expect");
                AwsRequest aws = AwsRequest.of(request);
                Fault fault = decide(aws);
                Call call = new Call(aws.service(), aws.operation(), fault == null ? null : fault.toString());
                calls.add(call);
                Connection x = new Connection(client, out, aws, call);
                if (fault == null) {
                    x.respond(x.forward(request));
                } else {
                    fault.apply(x);
                }
                if (x.reset || "close".equalsIgnoreCase(request.header("Connection"))) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (it timed out, or the proxy closed): nothing to answer
        } finally {
            open.remove(client);
            closeQuietly(client);
        }
    }

    private Fault decide(AwsRequest r) {
        for (Rule rule : rules) {
            Fault f = rule.decide(r);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** One exchange on a client connection. */
    private final class Connection implements Fault.Exchange {
        final Socket client;
        final OutputStream out;
        final AwsRequest request;
        final Call call;
        boolean reset;

        Connection(Socket client, OutputStream out, AwsRequest request, Call call) {
            this.client = client;
            this.out = out;
            this.request = request;
            this.call = call;
        }

        @Override
        public AwsRequest request() {
            return request;
        }

        @Override
        public HttpMessage forward(HttpMessage req) throws IOException {
            try (Socket up = new Socket()) {
                up.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
                up.setSoTimeout(120_000);
                OutputStream o = up.getOutputStream();
                o.write(req.toBytes("close"));
                o.flush();
                call.forwarded = true;
                InputStream i = new BufferedInputStream(up.getInputStream());
                HttpMessage head = HttpMessage.readHead(i);
                while (head != null && head.status() / 100 == 1) {
                    head = HttpMessage.readHead(i); // an interim 100 Continue
                }
                if (head == null) {
                    throw new IOException("the emulator closed the connection without answering " + request);
                }
                return head.readResponseBody(i, req.method());
            }
        }

        @Override
        public void respond(HttpMessage response) throws IOException {
            out.write(response.toBytes("keep-alive"));
            out.flush();
        }

        @Override
        public void reset(byte[] partial) throws IOException {
            reset = true;
            try {
                out.write(partial);
                out.flush();
                client.setSoLinger(true, 0); // close() now sends RST, not FIN
            } catch (SocketException e) {
                // already gone
            }
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy " + endpoint() + " -> " + upstreamHost + ":" + upstreamPort + " rules " + rules;
    }
}

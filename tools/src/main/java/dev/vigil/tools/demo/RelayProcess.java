package dev.vigil.tools.demo;

import dev.vigil.detector.testing.LocalAws;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * {@code scripts/relay} as a child process, fed the way Firehose feeds the relay's function URL:
 * one HTTP POST per delivery, gzip'd, with the X-Amz-Firehose-* headers and the
 * {@code {requestId, timestamp, records: [{data}]}} body of AWS's HTTP endpoint delivery
 * specification. So the demo's metrics take the production path into Kinesis.
 */
final class RelayProcess implements AutoCloseable {
    static final String ACCESS_KEY = "demo-relay-key";
    private final Process process;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();

    private RelayProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    static RelayProcess start(Path projectRoot, String streamArn, String endpoint) throws IOException, InterruptedException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(projectRoot.resolve("scripts/relay").toString(), "--port", String.valueOf(port),
                "--stream", streamArn, "--endpoint", endpoint, "--region", LocalAws.REGION, "--access-key", ACCESS_KEY)
                .redirectError(projectRoot.resolve("target/demo/relay.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // "relay listening on ..." once it serves
        if (line == null || !line.startsWith("relay listening")) {
            p.destroy();
            throw new IOException("scripts/relay did not start; see target/demo/relay.log");
        }
        return new RelayProcess(p, URI.create("http://127.0.0.1:" + port + "/"));
    }

    URI url() {
        return url;
    }

    /** Sends one delivery of these Firehose records; returns the relay's status (200 = every line is in Kinesis). */
    int deliver(List<byte[]> records) throws IOException, InterruptedException {
        return deliver(UUID.randomUUID().toString(), records);
    }

    int deliver(String requestId, List<byte[]> records) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"requestId\":\"").append(requestId).append("\",\"timestamp\":")
                .append(System.currentTimeMillis()).append(",\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(records.get(i))).append("\"}");
        }
        body.append("]}");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        HttpRequest req = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("X-Amz-Firehose-Protocol-Version", "1.0").header("X-Amz-Firehose-Request-Id", requestId)
                .header("X-Amz-Firehose-Source-Arn", "arn:aws:firehose:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT
                        + ":deliverystream/vigil-metrics")
                .header("X-Amz-Firehose-Access-Key", ACCESS_KEY).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

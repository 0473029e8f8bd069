package dev.vigil.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vigil.relay.Deliveries.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay on its local HTTP server, the real SDK client behind it, moto's Kinesis under that:
 * Firehose-shaped HTTP requests in, and every response and every line in the emulator's stream
 * checked. Throttling, which moto does not do, comes from a fault-injecting {@link Kinesis} in
 * front of the real one: the entries it refuses never reach moto, as a throttled entry never
 * reaches the shard.
 */
class RelayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Moto moto;
    private static String arn;
    private static SdkKinesis sdk;
    private static final AtomicInteger THROTTLED = new AtomicInteger();
    /** Refuses every third entry of a call while {@link #throttling} is on. */
    private static volatile boolean throttling;
    private static LocalRelayServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        moto = Moto.start("relay-it-aws");
        arn = moto.createStream("relay-it-metrics", 2);
        sdk = SdkKinesis.create("us-east-1", moto.endpoint);
        Kinesis faulty = (stream, entries) -> {
            if (!throttling) {
                return sdk.putRecords(stream, entries);
            }
            List<Kinesis.Entry> pass = new ArrayList<>();
            List<Integer> passIndex = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (i % 3 != 1) {
                    pass.add(entries.get(i));
                    passIndex.add(i);
                }
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                out.add("ProvisionedThroughputExceededException");
            }
            THROTTLED.addAndGet(entries.size() - pass.size());
            List<String> real = pass.isEmpty() ? List.of() : sdk.putRecords(stream, pass);
            for (int k = 0; k < real.size(); k++) {
                out.set(passIndex.get(k), real.get(k));
            }
            return out;
        };
        RelaySettings settings = RelaySettings.fromEnv(Map.of("STREAM", arn, "ACCESS_KEY", KEY,
                "PARTITION_BUCKETS", "32", "RETRY_BUDGET_MS", "20000", "AWS_REGION", "us-east-1"));
        server = new LocalRelayServer(0, new Relay(settings, faulty));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (sdk != null) {
            sdk.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static HttpResponse<String> post(String requestId, String accessKey, boolean gzip, List<String> lines,
                                             int perRecord) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Deliveries.bodyBytes(Deliveries.body(requestId, Deliveries.records(lines, perRecord)), gzip)));
        for (Map.Entry<String, String> h : Deliveries.headers(requestId, accessKey, gzip).entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswer(HttpResponse<String> r, int status, String requestId) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("requestId").asText()).isEqualTo(requestId);
        assertThat(body.path("timestamp").asLong()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(body.has("errorMessage")).isEqualTo(status != 200);
    }

    @Test
    void everyLineOfEveryAcceptedRequestIsInTheStreamOnceAndInSeriesOrder() throws Exception {
        // Given four deliveries: plain, gzip, one Kinesis partly throttles, and two refused for their key
        List<String> plain = Deliveries.fleet(30, 3);
        List<String> gzip = new ArrayList<>();
        for (String l : Deliveries.fleet(30, 6).subList(90, 180)) {
            gzip.add(l);
        }
        List<String> throttled = new ArrayList<>(Deliveries.fleet(30, 12).subList(180, 360));

        assertAnswer(post("it-plain", KEY, false, plain, 8), 200, "it-plain");
        assertAnswer(post("it-gzip", KEY, true, gzip, 5), 200, "it-gzip");
        throttling = true;
        try {
            assertAnswer(post("it-throttled", KEY, true, throttled, 6), 200, "it-throttled");
        } finally {
            throttling = false;
        }
        assertAnswer(post("it-nokey", null, false, Deliveries.fleet(2, 1), 1), 401, "it-nokey");
        assertAnswer(post("it-badkey", "guess", true, Deliveries.fleet(2, 1), 1), 403, "it-badkey");

        // Then the emulator's stream holds exactly the accepted lines, once each
        List<String> expected = new ArrayList<>(plain);
        expected.addAll(gzip);
        expected.addAll(throttled);
        List<String> inStream = new ArrayList<>();
        Map<String, List<Long>> timestampsBySeries = new HashMap<>();
        Map<String, String> keyBySeries = new HashMap<>();
        for (List<Record> shard : moto.readAll("relay-it-metrics")) {
            for (Record r : shard) {
                for (String line : r.data().asUtf8String().split("\n")) {
                    inStream.add(line);
                    JsonNode n = JSON.readTree(line);
                    String series = n.path("dimensions").path("InstanceId").asText();
                    timestampsBySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(n.path("timestamp").asLong());
                    assertThat(keyBySeries.computeIfAbsent(series, k -> r.partitionKey())).isEqualTo(r.partitionKey());
                }
            }
        }
        assertThat(THROTTLED.get()).isPositive();
        assertThat(inStream).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        // And each series' datapoints are in time order within their shard (one key per series)
        assertThat(timestampsBySeries).hasSize(30);
        for (List<Long> ts : timestampsBySeries.values()) {
            assertThat(ts).isSorted().hasSize(12);
        }
    }
}

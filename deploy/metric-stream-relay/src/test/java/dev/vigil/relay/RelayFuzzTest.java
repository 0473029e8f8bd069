package dev.vigil.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.fuzz.Budget;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the relay's request handler with whole Firehose deliveries: the body as the fuzzer makes it
 * (gzip'd by the test when the flags say so, so the fuzzer works on what is inside), with the right,
 * a wrong or no access key, and a Kinesis that may refuse entries. Seeds:
 * {@code RelayFuzzTestInputs/delivery/}: a body followed by one flags byte. On any request: nothing is thrown; the answer is one Firehose allows, a JSON
 * object with the request id and a time; a 200 means every line of every record is in Kinesis exactly
 * once and each Kinesis record within 1 MiB; a refused request wrote nothing; a 503 wrote no line
 * twice.
 */
class RelayFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A key given twice would make the delivery mean two things: the relay must refuse it, as this reader does. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 403, 405, 413, 415, 503);
    private static final long MAX_REQUEST = 256 * 1024;

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "delivery", this::delivery);
    }

    @FuzzTest
    void delivery(byte[] data) throws Exception {
        int flags = data.length == 0 ? 0 : data[data.length - 1];
        byte[] body = data.length == 0 ? data : Arrays.copyOf(data, data.length - 1);
        boolean gzip = (flags & 1) != 0;
        boolean throttle = (flags & 2) != 0;
        String key = (flags & 12) == 4 ? null : (flags & 12) == 8 ? "wrong-key" : Deliveries.KEY;
        String method = (flags & 16) != 0 ? "GET" : "POST";

        Map<String, String> headers = Deliveries.headers("req-1", key, gzip);
        headers.remove("X-Amz-Firehose-Request-Id"); // the body's id, or none: both must be answered
        HttpExchange.Request request = new HttpExchange.Request(method, headers, gzip ? gzipped(body) : body);

        FakeKinesis[] kinesis = new FakeKinesis[1];
        HttpExchange.Response response = Budget.within("Relay.handle", Budget.bytesFor(MAX_REQUEST), () -> {
            kinesis[0] = new FakeKinesis((call, e) -> throttle && call % 2 == 1);
            Relay relay = new Relay(new RelaySettings("vigil-metrics", Deliveries.KEY, "json", 16, 20, 1, 2, MAX_REQUEST,
                    null, null), kinesis[0], ms -> { }, () -> 1_700_000_000_000L);
            return relay.handle(request);
        });

        assertThat(STATUSES).contains(response.status());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.isObject()).isTrue();
        assertThat(answer.has("requestId")).isTrue();
        assertThat(answer.get("timestamp").isIntegralNumber()).isTrue();
        List<String> written = new ArrayList<>();
        for (Kinesis.Entry e : kinesis[0].written) {
            assertThat(e.data().length + e.partitionKey().length()).isLessThanOrEqualTo(RecordPacker.MAX_RECORD_BYTES);
            written.addAll(Arrays.asList(new String(e.data(), StandardCharsets.ISO_8859_1).split("\n", -1)));
        }
        if (response.status() == 200) {
            assertThat(written).as("every line in Kinesis, once").containsExactlyInAnyOrderElementsOf(lines(body));
        } else if (response.status() == 503) {
            assertThat(written).as("a line written once at most").doesNotHaveDuplicates()
                    .isSubsetOf(lines(body));
        } else {
            assertThat(written).as("a refused request writes nothing").isEmpty();
        }
    }

    private static byte[] gzipped(byte[] body) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(body);
        }
        return out.toByteArray();
    }

    /** The delivery's lines, read here apart from the relay: split on LF, one CR before it dropped, blanks skipped. */
    private static List<String> lines(byte[] body) throws Exception {
        JsonNode root = STRICT.readTree(body);
        List<String> out = new ArrayList<>();
        for (JsonNode r : root.get("records")) {
            byte[] data = Base64.getDecoder().decode(r.get("data").asText());
            for (String line : new String(data, StandardCharsets.ISO_8859_1).split("\n", -1)) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (!l.replace(" ", "").replace("\t", "").isEmpty()) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}

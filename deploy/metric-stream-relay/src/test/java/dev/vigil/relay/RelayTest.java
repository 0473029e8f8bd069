package dev.vigil.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.relay.Deliveries.KEY;
import static org.assertj.core.api.Assertions.assertThat;

class RelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_700_000_100_000L;

    private static Relay relay(FakeKinesis kinesis, long budgetMs) {
        return new Relay(RelaySettings.forTest("vigil-metrics", KEY, 16, budgetMs), kinesis, ms -> { }, () -> NOW);
    }

    private static JsonNode body(HttpExchange.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The lines of each series (by instance), in the order they were written. */
    private static Map<String, List<String>> bySeries(List<String> lines) throws Exception {
        Map<String, List<String>> out = new HashMap<>();
        for (String l : lines) {
            out.computeIfAbsent(JSON.readTree(l).path("dimensions").path("InstanceId").asText(), k -> new ArrayList<>()).add(l);
        }
        return out;
    }

    @Test
    void aPlainDeliveryOfSeveralLinesPerRecordIsWrittenAndAcknowledged() throws Exception {
        // Given a delivery of 60 lines, 7 to a record
        FakeKinesis kinesis = new FakeKinesis();
        List<String> lines = Deliveries.fleet(12, 5);
        HttpExchange.Response r = relay(kinesis, 1_000).handle(
                Deliveries.request("req-1", KEY, false, Deliveries.records(lines, 7)));
        // Then 200 with the request id and the time in milliseconds, and no error
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r).path("requestId").asText()).isEqualTo("req-1");
        assertThat(body(r).path("timestamp").asLong()).isEqualTo(NOW);
        assertThat(body(r).has("errorMessage")).isFalse();
        // And every line is in the stream once, each series' in its order, under one key per series
        assertThat(kinesis.lines()).containsExactlyInAnyOrderElementsOf(lines);
        Map<String, List<String>> expected = bySeries(lines);
        assertThat(bySeries(kinesis.lines())).isEqualTo(expected);
        Map<String, String> keyOfSeries = new HashMap<>();
        for (Kinesis.Entry e : kinesis.written) {
            for (String l : new String(e.data(), StandardCharsets.UTF_8).split("\n")) {
                String series = JSON.readTree(l).path("dimensions").path("InstanceId").asText();
                assertThat(keyOfSeries.computeIfAbsent(series, s -> e.partitionKey())).isEqualTo(e.partitionKey());
            }
        }
        // And lines were batched: at most one record per key and minute (5 minutes, 16 keys)
        assertThat(kinesis.written.size()).isLessThanOrEqualTo(5 * 16).isLessThan(lines.size());
    }

    @Test
    void aGzipDeliveryIsInflated() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        List<String> lines = Deliveries.fleet(5, 3);
        HttpExchange.Response r = relay(kinesis, 1_000).handle(
                Deliveries.request("req-gz", KEY, true, Deliveries.records(lines, 4)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(kinesis.lines()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aMissingOrWrongAccessKeyIsRefusedAndWritesNothing() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        List<byte[]> records = Deliveries.records(Deliveries.fleet(2, 2), 2);
        HttpExchange.Response missing = relay(kinesis, 1_000).handle(Deliveries.request("req-a", null, false, records));
        HttpExchange.Response wrong = relay(kinesis, 1_000).handle(Deliveries.request("req-b", KEY + "x", false, records));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(body(missing).path("requestId").asText()).isEqualTo("req-a");
        assertThat(body(wrong).path("errorMessage").asText()).contains("wrong");
        assertThat(body(wrong).path("timestamp").asLong()).isEqualTo(NOW);
        assertThat(kinesis.calls).isEmpty();
    }

    @Test
    void entriesKinesisThrottlesAreRetriedWithoutReorderingASeries() throws Exception {
        // Given Kinesis refusing every other entry of the first three calls
        FakeKinesis kinesis = new FakeKinesis((call, e) -> call <= 3 && Math.floorMod(e.partitionKey().hashCode() + call, 2) == 0);
        // and a delivery with more lines per series than one record holds (a small record limit)
        List<String> lines = Deliveries.fleet(20, 30);
        Relay relay = new Relay(RelaySettings.forTest("vigil-metrics", KEY, 8, 10_000), kinesis, ms -> { }, () -> NOW);
        HttpExchange.Response r = relay.handle(Deliveries.request("req-t", KEY, false, Deliveries.records(lines, 50)));
        // Then the answer is 200 only after every line is in, once, each series in its order
        assertThat(r.status()).isEqualTo(200);
        assertThat(kinesis.calls.size()).isGreaterThan(1);
        assertThat(kinesis.lines()).hasSize(lines.size()).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(bySeries(kinesis.lines())).isEqualTo(bySeries(lines));
        // And no call carried two records of one key (PutRecords does not order a call's entries)
        for (List<Kinesis.Entry> call : kinesis.calls) {
            assertThat(call).extracting(Kinesis.Entry::partitionKey).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSeriesSpreadOverSeveralRecordsStaysInOrderWhenItsFirstIsThrottled() throws Exception {
        // Given one series whose lines need three records, and Kinesis refusing the first call
        List<String> lines = Deliveries.fleet(1, 30);
        // (one segment: a tolerance wider than the series' half hour)
        RecordPacker packer = new RecordPacker(4, "json", 2_500, Long.MAX_VALUE);
        RecordPacker.Packed packed = packer.pack(Deliveries.records(lines, 30), "r");
        assertThat(packed.segments).hasSize(1);
        assertThat(packed.segments.get(0).values().iterator().next()).hasSizeGreaterThanOrEqualTo(3);
        FakeKinesis kinesis = new FakeKinesis((call, e) -> call == 1);
        int calls = new OrderedWriter(kinesis, "s", 1_000, 1, 2, ms -> { }).write(packed.segments);
        // Then the records went one per call, the first twice, and the lines are in order
        assertThat(calls).isEqualTo(packed.recordCount() + 1);
        assertThat(kinesis.lines()).containsExactlyElementsOf(lines);
    }

    @Test
    void groupingBySeriesNeverMovesANewerMinuteAheadOfAnOlderOne() throws Exception {
        // Given a delivery whose minutes interleave (as CloudWatch's output may, a few minutes apart)
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            for (int s = 0; s < 10; s++) {
                lines.add(Deliveries.line("i-" + s, "CPUUtilization", 1700000000000L + ((m * 7 + s) % 6) * 60_000L, m));
            }
        }
        FakeKinesis kinesis = new FakeKinesis();
        assertThat(relay(kinesis, 1_000).handle(Deliveries.request("req-o", KEY, false, Deliveries.records(lines, 9)))
                .status()).isEqualTo(200);
        // Then the stream has the lines in their delivered order, but for regrouping within one minute
        List<Long> written = new ArrayList<>();
        for (String l : kinesis.lines()) {
            written.add(JSON.readTree(l).path("timestamp").asLong());
        }
        List<Long> delivered = new ArrayList<>();
        for (String l : lines) {
            delivered.add(JSON.readTree(l).path("timestamp").asLong());
        }
        assertThat(written).isEqualTo(delivered);
        assertThat(kinesis.lines()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void throttlingBeyondTheBudgetAnswers503SoFirehoseRetries() throws Exception {
        FakeKinesis kinesis = new FakeKinesis((call, e) -> true);
        Relay relay = new Relay(new RelaySettings("s", KEY, "json", 4, 50, 10, 20, 1 << 20, null, null), kinesis,
                ms -> Thread.sleep(ms), () -> NOW);
        HttpExchange.Response r = relay.handle(Deliveries.request("req-x", KEY, false,
                Deliveries.records(Deliveries.fleet(3, 1), 3)));
        assertThat(r.status()).isEqualTo(503);
        assertThat(body(r).path("requestId").asText()).isEqualTo("req-x");
        assertThat(body(r).path("errorMessage").asText()).contains("ProvisionedThroughputExceededException");
    }

    @Test
    void aCallFailingAsAWholeForGoodIsNotRetried() throws Exception {
        int[] calls = {0};
        Kinesis missing = (stream, entries) -> {
            calls[0]++;
            throw new Kinesis.KinesisCallException("ResourceNotFoundException", false, null);
        };
        HttpExchange.Response r = new Relay(RelaySettings.forTest("s", KEY, 4, 10_000), missing, ms -> { }, () -> NOW)
                .handle(Deliveries.request("req-m", KEY, false, Deliveries.records(Deliveries.fleet(3, 1), 3)));
        assertThat(r.status()).isEqualTo(503);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void callsStayWithinPutRecordsLimits() throws Exception {
        // Given 2,000 series in 2,000 buckets (one record each) and a few near-1 MiB records
        FakeKinesis kinesis = new FakeKinesis();
        Relay relay = new Relay(RelaySettings.forTest("s", KEY, 2_000, 1_000), kinesis, ms -> { }, () -> NOW);
        List<String> lines = new ArrayList<>(Deliveries.fleet(2_000, 1));
        String pad = String.join("", Collections.nCopies(900_000, "x"));
        for (int i = 0; i < 8; i++) {
            lines.add("{\"namespace\":\"AWS/EC2\",\"metric_name\":\"Big" + i + "\",\"pad\":\"" + pad + "\"}");
        }
        HttpExchange.Response r = relay.handle(Deliveries.request("req-big", KEY, true, Deliveries.records(lines, 100)));
        assertThat(r.status()).isEqualTo(200);
        for (List<Kinesis.Entry> call : kinesis.calls) {
            assertThat(call.size()).isLessThanOrEqualTo(500);
            assertThat(call.stream().mapToLong(Kinesis.Entry::size).sum()).isLessThanOrEqualTo(5L * 1024 * 1024);
            for (Kinesis.Entry e : call) {
                assertThat(e.size()).isLessThanOrEqualTo(1024 * 1024);
            }
        }
        assertThat(kinesis.lines()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aLineLargerThanAKinesisRecordIsRefusedBeforeAnythingIsWritten() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        List<String> lines = new ArrayList<>(Deliveries.fleet(2, 1));
        lines.add("{\"x\":\"" + String.join("", Collections.nCopies(1_100_000, "y")) + "\"}");
        HttpExchange.Response r = relay(kinesis, 1_000).handle(Deliveries.request("req-l", KEY, false,
                Deliveries.records(lines, 3)));
        assertThat(r.status()).isEqualTo(413);
        assertThat(body(r).path("errorMessage").asText()).contains("line 2");
        assertThat(kinesis.calls).isEmpty();
    }

    @Test
    void aLineThatIsNotAMetricIsPassedOnForTheDetectorToDeadLetter() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        List<String> lines = new ArrayList<>(Deliveries.fleet(2, 1));
        lines.add("{not json");
        HttpExchange.Response r = relay(kinesis, 1_000).handle(Deliveries.request("req-j", KEY, false,
                Deliveries.records(lines, 3)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(kinesis.lines()).contains("{not json").hasSize(3);
    }

    @Test
    void aBodyThatIsNotADeliveryIsRefused() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        Relay relay = relay(kinesis, 1_000);
        HttpExchange.Response notJson = relay.handle(new HttpExchange.Request("POST",
                Deliveries.headers("req-n", KEY, false), "hello".getBytes(StandardCharsets.UTF_8)));
        HttpExchange.Response noRecords = relay.handle(new HttpExchange.Request("POST",
                Deliveries.headers("req-n", KEY, false), "{\"requestId\":\"req-n\"}".getBytes(StandardCharsets.UTF_8)));
        HttpExchange.Response badGzip = relay.handle(new HttpExchange.Request("POST",
                Deliveries.headers("req-n", KEY, true), "{}".getBytes(StandardCharsets.UTF_8)));
        HttpExchange.Response get = relay.handle(new HttpExchange.Request("GET", Deliveries.headers("req-n", KEY, false),
                new byte[0]));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(noRecords.status()).isEqualTo(400);
        assertThat(badGzip.status()).isEqualTo(400);
        assertThat(get.status()).isEqualTo(405);
        assertThat(body(badGzip).path("errorMessage").asText()).contains("gzip");
        assertThat(kinesis.calls).isEmpty();
    }

    @Test
    void openTelemetryRecordsArePassedWholeUnderOneKey() throws Exception {
        FakeKinesis kinesis = new FakeKinesis();
        Relay relay = new Relay(new RelaySettings("s", KEY, "opentelemetry1.0", 8, 1_000, 1, 2, 1 << 24, null, null),
                kinesis, ms -> { }, () -> NOW);
        List<byte[]> records = List.of(new byte[] {3, 10, 1, '\n'}, new byte[] {2, 10, 2});
        HttpExchange.Response r = relay.handle(Deliveries.request("req-o", KEY, false, records));
        assertThat(r.status()).isEqualTo(200);
        assertThat(kinesis.written).hasSize(1);
        assertThat(kinesis.written.get(0).data()).containsExactly(3, 10, 1, '\n', 2, 10, 2);
    }

    @Test
    void aDeliveryThatGivesAKeyTwiceIsRefusedNotGuessed() throws Exception {
        // Given a body with two records arrays (the fuzzer's find), or a record with two data values:
        // which one Firehose meant cannot be known, and a reader keeping either would drop the other
        String line = Deliveries.line("i-1", "CPUUtilization", NOW, 1);
        String data = java.util.Base64.getEncoder().encodeToString(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String twoArrays = "{\"requestId\":\"r\",\"records\":[{\"data\":\"" + data + "\"}],\"records\":[]}";
        String twoData = "{\"requestId\":\"r\",\"records\":[{\"data\":\"" + data + "\",\"data\":\"\"}]}";
        FakeKinesis kinesis = new FakeKinesis();

        for (String body : List.of(twoArrays, twoData)) {
            // When it is delivered
            HttpExchange.Response r = relay(kinesis, 1_000).handle(new HttpExchange.Request("POST",
                    Deliveries.headers("r", KEY, false), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            // Then it is a 400 naming the key, and nothing is written
            assertThat(r.status()).isEqualTo(400);
            assertThat(body(r).path("errorMessage").asText()).contains("Duplicate field");
        }
        assertThat(kinesis.written).isEmpty();
    }
}

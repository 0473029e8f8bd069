package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detector.testing.Recording;
import dev.vigil.detector.otel.Otlp07Records;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled incident replayed from its JSON recording and from the same data in the
 * OpenTelemetry formats (converted by the official classes): the same impairments, and counts
 * that name what binary input holds.
 */
class OtelReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_MESSAGE = 40;

    /** The demo's datapoints as its JSON lines give them (its three broken lines have none). */
    private static List<MetricDatapoint> demoDatapoints() {
        List<MetricDatapoint> dps = new ArrayList<>();
        byte[] lines = String.join("\n", Recording.demo().metricLines()).getBytes(StandardCharsets.UTF_8);
        new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "metrics").parse(lines, 0,
                new ParseOutput<MetricDatapoint>() {
                    @Override
                    public void accept(MetricDatapoint record) {
                        dps.add(record);
                    }

                    @Override
                    public void reject(DeadLetter deadLetter) {
                    }
                });
        return dps;
    }

    /** Impairment records as JSON, less the processing time they were emitted at. */
    private static List<JsonNode> impairments(Path out) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("impairments.jsonl"))) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.remove("emitTime");
            list.add(n);
        }
        return list;
    }

    @Test
    void openTelemetryRecordingOpensTheSameImpairmentsAsItsJsonTwin(@TempDir Path dir) throws Exception {
        // Given the demo incident as a JSON recording
        Recording demo = Recording.demo();
        Path json = Files.createDirectories(dir.resolve("json"));
        Files.write(json.resolve("metrics.ndjson"), demo.metricLines());
        Files.write(json.resolve("events.ndjson"), demo.eventLines());
        // and the same datapoints as Firehose writes an OpenTelemetry 1.0 stream to S3: length-prefixed
        // messages back to back, one object plain and one gzip'd; the events as they are
        List<MetricDatapoint> dps = demoDatapoints();
        List<byte[]> records = Otlp10Records.records(dps, PER_MESSAGE);
        Path otel = Files.createDirectories(dir.resolve("otel"));
        Files.write(otel.resolve("metrics-1"), concat(records.subList(0, records.size() / 2)));
        Files.write(otel.resolve("metrics-2.gz"), Recording.gzip(concat(records.subList(records.size() / 2, records.size()))));
        Files.write(otel.resolve("events.ndjson"), demo.eventLines());

        // When both are replayed, the OpenTelemetry one without saying its format
        Map<String, String> kvJson = ReplayCliITCase.keyValues(ReplayCliITCase.run(
                "--input", json.toString(), "--out", dir.resolve("out-json").toString()));
        Map<String, String> kvOtel = ReplayCliITCase.keyValues(ReplayCliITCase.run(
                "--input", otel.toString(), "--out", dir.resolve("out-otel").toString()));

        // Then they open, update and resolve the same impairments, the incident's failed instance among them
        List<JsonNode> fromJson = impairments(dir.resolve("out-json"));
        assertThat(fromJson).anySatisfy(i -> assertThat(i.get("resourceId").asText()).isEqualTo("i-0a1b2c3d4e5f60718"));
        assertThat(impairments(dir.resolve("out-otel"))).isEqualTo(fromJson);
        // and the counts say what each input held: the same datapoints; messages for the binary one
        JsonNode sj = JSON.readTree(dir.resolve("out-json/summary.json").toFile());
        JsonNode so = JSON.readTree(dir.resolve("out-otel/summary.json").toFile());
        assertThat(sj.at("/counts/datapoints").asLong()).isEqualTo(dps.size());
        assertThat(so.at("/counts/datapoints").asLong()).isEqualTo(dps.size());
        assertThat(so.at("/counts/messages").asLong()).isEqualTo(records.size());
        assertThat(so.at("/counts/metricLines").asLong()).isZero();
        assertThat(so.at("/counts/deadLetters").asLong()).isZero();
        assertThat(sj.at("/counts/deadLetters").asLong()).isEqualTo(3); // the demo's broken lines
        ReplayCliITCase.assertCountsAddUp(sj);
        ReplayCliITCase.assertCountsAddUp(so);
        assertThat(kvOtel.get("datapoints")).isEqualTo(String.valueOf(dps.size()));
        assertThat(kvOtel.get("messages")).isEqualTo(String.valueOf(records.size()));
        assertThat(kvJson.get("datapoints")).isEqualTo(String.valueOf(dps.size()));
    }

    @Test
    void openTelemetry07RecordingWithItsFormatNamedAndADamagedTail(@TempDir Path dir) throws Exception {
        // Given the demo's datapoints as 0.7 messages, the file cut short in its last message
        List<MetricDatapoint> dps = demoDatapoints();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int messages = 0;
        for (int i = 0; i < dps.size(); i += PER_MESSAGE, messages++) {
            file.write(Otlp07Records.record(Otlp07Records.request(dps.subList(i, Math.min(dps.size(), i + PER_MESSAGE)))));
        }
        byte[] whole = file.toByteArray();
        Path in = dir.resolve("metrics.otel");
        Files.write(in, java.util.Arrays.copyOf(whole, whole.length - 10));

        // When it is replayed with --format opentelemetry0.7
        ReplayCliITCase.run("--input", in.toString(), "--format", "opentelemetry0.7", "--out", dir.resolve("out").toString());

        // Then every message but the last gives its datapoints and the cut one is one dead letter
        JsonNode s = JSON.readTree(dir.resolve("out/summary.json").toFile());
        int lastMessage = dps.size() % PER_MESSAGE == 0 ? PER_MESSAGE : dps.size() % PER_MESSAGE;
        assertThat(s.at("/counts/messages").asLong()).isEqualTo(messages);
        assertThat(s.at("/counts/datapoints").asLong()).isEqualTo(dps.size() - lastMessage);
        assertThat(s.at("/counts/deadLetters").asLong()).isEqualTo(1);
        assertThat(s.at("/deadLettersByReason/malformed_protobuf").asLong()).isEqualTo(1);
        ReplayCliITCase.assertCountsAddUp(s);
        assertThat(s.at("/counts/records").asLong()).isEqualTo(dps.size() - lastMessage + 1);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(p -> out.write(p, 0, p.length));
        return out.toByteArray();
    }
}

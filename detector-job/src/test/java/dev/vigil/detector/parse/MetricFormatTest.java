package dev.vigil.detector.parse;

import dev.vigil.detector.otel.ProtoWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricFormatTest {
    @Test
    void codesAreCloudWatchsOutputFormats() {
        assertThat(MetricFormat.of("json")).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.of(" opentelemetry1.0 ")).isEqualTo(MetricFormat.OPENTELEMETRY_1_0);
        assertThat(MetricFormat.of("OPENTELEMETRY0.7")).isEqualTo(MetricFormat.OPENTELEMETRY_0_7);
        assertThatThrownBy(() -> MetricFormat.of("otlp")).hasMessageContaining("json, opentelemetry1.0 or opentelemetry0.7");
        assertThat(MetricFormat.JSON.binary()).isFalse();
        assertThat(MetricFormat.OPENTELEMETRY_0_7.binary()).isTrue();
    }

    @Test
    void sniffTellsJsonFromOpenTelemetryAndNeither() {
        byte[] otel = OtlpMetricsParserTest.awsExample10ByHand();
        assertThat(MetricFormat.sniff(new ProtoWriter().raw(otel).delimited())).isEqualTo(MetricFormat.OPENTELEMETRY_1_0);
        assertThat(MetricFormat.sniff(Collected.resource("/fixtures/metric-stream/firehose-record-ec2-elb-rds.ndjson")))
                .isEqualTo(MetricFormat.JSON);
        // a JSON line's '{' reads as a 123-byte length, but a quote cannot open an ExportMetricsServiceRequest
        assertThat(MetricFormat.sniff(bytes("{\"metric_stream_name\":\"s\"}"))).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.sniff(bytes("\ufeff  {\"a\":1}"))).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.sniff(bytes("  \n"))).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.sniff(bytes("timestamp,value\n"))).isNull();
        assertThat(MetricFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isNull();
        // a length prefix that claims more than the file holds is not taken for OpenTelemetry
        assertThat(MetricFormat.sniff(new byte[] {0x40, 0x0a, 0x01})).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonFileStartingWithABlankLineIsJsonThoughItsFirstBytesFrameAsAMessage() {
        // Given JSON whose first line is one space or a tab (a length of 32 or 9) followed by a newline
        // (field 1's tag), and a pretty-printed object ('{' a length of 123, then a newline): found by
        // ReplayCountsTest's random folders
        byte[] line = Collected.resource("/fixtures/metric-stream/firehose-record-ec2-elb-rds.ndjson");
        byte[] spaceFirst = concat(bytes(" \n"), line);
        byte[] tabFirst = concat(bytes("\t\n"), line);
        byte[] pretty = bytes("{\n  \"version\": \"0\",\n  \"id\": \"" + "x".repeat(200) + "\"\n}\n");

        // Then each is JSON, and a real message that starts with a whitespace length byte is still OpenTelemetry
        assertThat(MetricFormat.sniff(spaceFirst)).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.sniff(tabFirst)).isEqualTo(MetricFormat.JSON);
        assertThat(MetricFormat.sniff(pretty)).isEqualTo(MetricFormat.JSON);
        byte[] nine = new ProtoWriter().raw(new byte[] {0x0a, 0x07, 0x12, 0x05, 0x12, 0x03, 0x0a, 0x01, 0x78}).delimited();
        assertThat(nine[0]).isEqualTo((byte) 9);
        assertThat(MetricFormat.sniff(nine)).isEqualTo(MetricFormat.OPENTELEMETRY_1_0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

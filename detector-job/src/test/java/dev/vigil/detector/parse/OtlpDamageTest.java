package dev.vigil.detector.parse;

import dev.vigil.detector.otel.GeneratedOtlpParser;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.detector.otel.ProtoWriter;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad OpenTelemetry input: each unusable message is one dead letter with its exact bytes, each
 * unusable datapoint one with the datapoint's bytes, and everything else of the record passes.
 */
class OtlpDamageTest {
    /** 2025-11-22T08:30Z, the fixture's time; "now" a minute later. */
    private static final long T = 1763800200000L;
    private static final long NOW = T + 60_000;

    private static MetricDatapoint dp(String instance, double min, double max) {
        return MetricDatapoint.builder().account("111122223333").region("eu-west-1").namespace("AWS/EC2")
                .metricName("CPUUtilization").dimension("InstanceId", instance).timestamp(T).unit("Percent")
                .statistic("min", min).statistic("max", max).statistic("sum", (min + max) * 2).statistic("count", 4).build();
    }

    private static byte[] message(MetricDatapoint... dps) {
        return Otlp10Records.record(Otlp10Records.request(List.of(dps)));
    }

    private static byte[] concat(byte[]... parts) {
        ProtoWriter w = new ProtoWriter();
        for (byte[] p : parts) {
            w.raw(p);
        }
        return w.toByteArray();
    }

    private static Collected<MetricDatapoint> read(byte[] record) {
        Collected<MetricDatapoint> out = new Collected<>();
        new OtlpMetricsParser(ParseLimits.defaults(), "metrics").parse(record, NOW, out);
        return out;
    }

    @Test
    void undecodableMessageIsOneDeadLetterWithItsBytesAndTheOthersPass() {
        // Given three messages, the middle one ending in a field that claims 5 bytes it does not have
        byte[] first = message(dp("i-1", 1, 2));
        byte[] bad = new ProtoWriter().raw(Otlp10Records.request(List.of(dp("i-2", 1, 2))).toByteArray())
                .raw(new byte[] {0x0a, 0x05, 0x01}).delimited();
        byte[] third = message(dp("i-3", 1, 2));

        // When the record is read
        Collected<MetricDatapoint> out = read(concat(first, bad, third));

        // Then the first and third pass, and the middle one is one malformed_protobuf dead letter of exactly its bytes
        assertThat(out.accepted).extracting(d -> d.dimension("InstanceId")).containsExactly("i-1", "i-3");
        assertThat(out.reasons()).containsExactly(DeadLetterReason.MALFORMED_PROTOBUF);
        assertThat(out.rejected.get(0).getOriginal()).isEqualTo(bad);
        assertThat(out.rejected.get(0).getMessage()).startsWith("message 2: ");
    }

    @Test
    void messageWithMoreDatapointsThanAreHeldIsCheckedFirstAndStillAllOrNothing() {
        // Given a message of 5,000 datapoints (more than a message's results are held for), and the same
        // message with a broken field after its last datapoint
        List<MetricDatapoint> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(dp("i-" + i, 1, 2));
        }
        byte[] whole = Otlp10Records.record(Otlp10Records.request(many));
        byte[] broken = new ProtoWriter().raw(Otlp10Records.request(many).toByteArray()).raw(new byte[] {0x0a, 0x05}).delimited();

        // When each is read
        Collected<MetricDatapoint> good = read(whole);
        Collected<MetricDatapoint> bad = read(broken);

        // Then the first gives all 5,000, the second nothing but its one dead letter
        assertThat(good.rejected).isEmpty();
        assertThat(good.accepted).hasSize(5_000);
        assertThat(bad.accepted).isEmpty();
        assertThat(bad.reasons()).containsExactly(DeadLetterReason.MALFORMED_PROTOBUF);
        assertThat(bad.rejected.get(0).getOriginal()).isEqualTo(broken);
    }

    @Test
    void truncatedRecordDeadLettersTheRestFromTheLastPrefix() {
        // Given two messages, the record cut in the middle of the second
        byte[] first = message(dp("i-1", 1, 2));
        byte[] second = message(dp("i-2", 1, 2));
        byte[] record = Arrays.copyOf(concat(first, second), first.length + second.length / 2);

        // When it is read
        Collected<MetricDatapoint> out = read(record);

        // Then the first passes; what is left of the second, prefix included, is one dead letter
        assertThat(out.accepted).hasSize(1);
        assertThat(out.reasons()).containsExactly(DeadLetterReason.MALFORMED_PROTOBUF);
        assertThat(out.rejected.get(0).getOriginal()).isEqualTo(Arrays.copyOfRange(record, first.length, record.length));
        assertThat(out.rejected.get(0).getMessage()).contains("the rest of the record cannot be framed");
    }

    @Test
    void hostileLengthsAllocateNothingAndFailAsDeadLetters() {
        // Given prefixes claiming 4 GiB, a varint too long for 32 bits, and one cut short
        byte[] huge = concat(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, new byte[] {0x0a, 0x00});
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0x0a};
        byte[] cut = {(byte) 0x80};
        // and a message whose inner length claims 2^31 - 1
        byte[] inner = new ProtoWriter().raw(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01}).delimited();

        for (byte[] record : List.of(huge, tooLong, cut, inner)) {
            // When each is read
            Collected<MetricDatapoint> out = read(record);

            // Then it is one dead letter holding the record's bytes
            assertThat(out.accepted).isEmpty();
            assertThat(out.reasons()).containsExactly(DeadLetterReason.MALFORMED_PROTOBUF);
            assertThat(out.rejected.get(0).getOriginal()).isEqualTo(record);
        }
    }

    @Test
    void unusableDatapointIsADeadLetterOfItsOwnBytesAndItsNeighboursPass() {
        // Given one message: a good datapoint, one with min over max, one with a NaN sum, one without Namespace,
        // one whose dimension value is a number, and one from 2020 (older than a stream keeps data)
        SummaryDataPoint good = dataPoint(dp("i-good", 1, 2));
        SummaryDataPoint minOverMax = dataPoint(dp("i-inverted", 5, 2));
        SummaryDataPoint nan = dataPoint(dp("i-nan", 1, 2)).toBuilder().setSum(Double.NaN).build();
        SummaryDataPoint noNamespace = dataPoint(dp("i-anon", 1, 2)).toBuilder().removeAttributes(0).build();
        SummaryDataPoint numericDimension = dataPoint(dp("i-num", 1, 2)).toBuilder().setAttributes(2, KeyValue.newBuilder()
                .setKey("Dimensions").setValue(AnyValue.newBuilder().setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList
                        .newBuilder().addValues(KeyValue.newBuilder().setKey("InstanceId")
                                .setValue(AnyValue.newBuilder().setIntValue(7)))))).build();
        SummaryDataPoint old = dataPoint(dp("i-old", 1, 2)).toBuilder().setStartTimeUnixNano(1604948400000000000L).build();
        ExportMetricsServiceRequest req = withDataPoints(good, minOverMax, nan, noNamespace, numericDimension, old);

        // When it is read
        Collected<MetricDatapoint> out = read(Otlp10Records.record(req));

        // Then the good one passes and each other is a dead letter with its reason and exactly its own bytes
        assertThat(out.accepted).extracting(d -> d.dimension("InstanceId")).containsExactly("i-good");
        assertThat(out.reasons()).containsExactly(DeadLetterReason.INVALID_VALUE, DeadLetterReason.NON_FINITE,
                DeadLetterReason.MISSING_FIELD, DeadLetterReason.WRONG_TYPE, DeadLetterReason.EXPIRED_TIMESTAMP);
        List<SummaryDataPoint> bad = List.of(minOverMax, nan, noNamespace, numericDimension, old);
        for (int i = 0; i < bad.size(); i++) {
            assertThat(out.rejected.get(i).getOriginal()).isEqualTo(bad.get(i).toByteArray());
            assertThat(out.rejected.get(i).getMessage()).startsWith("message 1, datapoint " + (i + 2));
        }
        assertThat(out.rejected.get(2).getMessage()).contains("attribute Namespace is missing");
        assertThat(out.rejected.get(3).getMessage()).contains("Dimensions.InstanceId must be a string");
    }

    @Test
    void metricOfAnotherKindThanSummaryIsOneDeadLetterNotSilence() {
        // Given a message with a summary metric and a gauge (CloudWatch sends summaries only)
        Metric gauge = Metric.newBuilder().setName("amazonaws.com/AWS/EC2/CPUUtilization").setUnit("%")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(3))).build();
        ExportMetricsServiceRequest req = Otlp10Records.request(List.of(dp("i-1", 1, 2))).toBuilder()
                .setResourceMetrics(0, Otlp10Records.request(List.of(dp("i-1", 1, 2))).getResourceMetrics(0).toBuilder()
                        .setScopeMetrics(0, Otlp10Records.request(List.of(dp("i-1", 1, 2))).getResourceMetrics(0)
                                .getScopeMetrics(0).toBuilder().addMetrics(gauge))).build();

        // When it is read
        Collected<MetricDatapoint> out = read(Otlp10Records.record(req));

        // Then the summary's datapoint passes and the gauge metric is a wrong_type dead letter of its bytes
        assertThat(out.accepted).hasSize(1);
        assertThat(out.reasons()).containsExactly(DeadLetterReason.WRONG_TYPE);
        assertThat(out.rejected.get(0).getOriginal()).isEqualTo(gauge.toByteArray());
    }

    @Test
    void invalidUtf8InAStringMakesTheMessageMalformed() {
        // Given a message whose dimension value is not UTF-8 (the generated classes refuse it too)
        byte[] good = message(dp("i-aaaa", 1, 2));
        byte[] bad = good.clone();
        int at = indexOf(bad, "i-aaaa".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bad[at + 2] = (byte) 0xc3; // a lead byte followed by 'a', not a continuation byte

        // When both are read
        Collected<MetricDatapoint> out = read(concat(good, bad));

        // Then the good one passes and the other is malformed_protobuf, as for the generated classes
        assertThat(out.accepted).hasSize(1);
        assertThat(out.reasons()).containsExactly(DeadLetterReason.MALFORMED_PROTOBUF);
        assertThat(out.rejected.get(0).getMessage()).contains("UTF-8");
        Collected<MetricDatapoint> generated = new Collected<>();
        new GeneratedOtlpParser().parse(bad, 0, generated);
        assertThat(generated.accepted).isEmpty();
    }

    @Test
    void gzipRecordInflatesAndBadGzipOrAnOversizedRecordIsOneDeadLetter() {
        byte[] record = concat(message(dp("i-1", 1, 2)), message(dp("i-2", 1, 2)));

        assertThat(read(Collected.gzip(record)).accepted).hasSize(2);

        byte[] broken = Collected.gzip(record);
        broken[broken.length / 2] ^= 0x55;
        broken[broken.length / 2 + 1] ^= 0x55;
        assertThat(read(broken).reasons()).containsExactly(DeadLetterReason.BAD_COMPRESSION);

        Collected<MetricDatapoint> out = new Collected<>();
        new OtlpMetricsParser(new ParseLimits(1024, 256, 0, 0), "metrics").parse(new byte[2048], NOW, out);
        assertThat(out.reasons()).containsExactly(DeadLetterReason.OVERSIZED);
    }

    @Test
    void damagedRecordsNeverThrowAndAgreeWithTheGeneratedClassesWhereBothRead() {
        // Given valid records of several messages, damaged at random: flipped, dropped and inserted bytes
        Random rnd = new Random(20);
        byte[] base = concat(message(dp("i-1", 1, 2), dp("i-2", 3, 4)), message(dp("i-3", 1, 2)));
        int compared = 0;
        for (int n = 0; n < 3000; n++) {
            byte[] r = base.clone();
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                int at = rnd.nextInt(r.length);
                switch (rnd.nextInt(3)) {
                    case 0:
                        r[at] = (byte) rnd.nextInt(256);
                        break;
                    case 1:
                        r = concat(Arrays.copyOf(r, at), Arrays.copyOfRange(r, at + 1, r.length));
                        break;
                    default:
                        r = concat(Arrays.copyOf(r, at), new byte[] {(byte) rnd.nextInt(256)}, Arrays.copyOfRange(r, at, r.length));
                }
            }

            // When this reader and the generated classes read it
            Collected<MetricDatapoint> mine = new Collected<>();
            new OtlpMetricsParser(ParseLimits.defaults().withoutTimeChecks(), "metrics").parse(r, 0, mine);
            Collected<MetricDatapoint> generated = new Collected<>();
            new GeneratedOtlpParser().parse(r, 0, generated);

            // Then it never throws, accounts for every byte of a damaged message, and where neither saw
            // anything wrong both read the same datapoints
            for (DeadLetter d : mine.rejected) {
                assertThat(d.getOriginal()).isNotNull();
            }
            if (mine.rejected.isEmpty() && generated.rejected.isEmpty()) {
                assertThat(mine.accepted).isEqualTo(generated.accepted);
                compared++;
            }
        }
        assertThat(compared).as("records both read cleanly").isGreaterThan(100);
    }

    private static SummaryDataPoint dataPoint(MetricDatapoint d) {
        return Otlp10Records.request(List.of(d)).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSummary()
                .getDataPoints(0);
    }

    private static ExportMetricsServiceRequest withDataPoints(SummaryDataPoint... points) {
        ExportMetricsServiceRequest template = Otlp10Records.request(List.of(dp("i-x", 1, 2)));
        ResourceMetrics rm = template.getResourceMetrics(0);
        ScopeMetrics sm = rm.getScopeMetrics(0);
        Metric m = sm.getMetrics(0);
        Metric withPoints = m.toBuilder().setSummary(m.getSummary().toBuilder().clearDataPoints()
                .addAllDataPoints(List.of(points))).build();
        return template.toBuilder().setResourceMetrics(0, rm.toBuilder().setScopeMetrics(0,
                sm.toBuilder().setMetrics(0, withPoints))).build();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}

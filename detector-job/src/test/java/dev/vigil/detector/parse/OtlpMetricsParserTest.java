package dev.vigil.detector.parse;

import com.google.protobuf.TextFormat;
import dev.vigil.detector.otel.GeneratedOtlpParser;
import dev.vigil.detector.otel.Otlp07Records;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.detector.otel.ProtoWriter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenTelemetry reader on AWS's documented examples and on records the official classes build. */
class OtlpMetricsParserTest {
    static final String FIXTURES = "/fixtures/metric-stream/";
    /** AWS's examples are from 1970 and 2020: read without age checks, as a replay does. */
    static final ParseLimits NO_TIME_CHECKS = ParseLimits.defaults().withoutTimeChecks();

    static Collected<MetricDatapoint> otel(byte[] record) {
        Collected<MetricDatapoint> out = new Collected<>();
        new OtlpMetricsParser(NO_TIME_CHECKS, "metrics").parse(record, 0, out);
        return out;
    }

    static List<MetricDatapoint> json(String resource) {
        Collected<MetricDatapoint> out = new Collected<>();
        new MetricStreamParser(NO_TIME_CHECKS, "metrics").parse(Collected.resource(resource), 0, out);
        assertThat(out.rejected).isEmpty();
        return out.accepted;
    }

    static String text(String resource) {
        return new String(Collected.resource(resource), StandardCharsets.UTF_8);
    }

    /** AWS's 1.0.0 example, field by field as the page lists it, with no generated class. */
    static byte[] awsExample10ByHand() {
        ProtoWriter resource = new ProtoWriter()
                .message(1, attribute("cloud.provider", "aws"))
                .message(1, attribute("cloud.account.id", "123456789012"))
                .message(1, attribute("cloud.region", "us-east-1"))
                .message(1, attribute("aws.exporter.arn", "arn:aws:cloudwatch:us-east-1:123456789012:metric-stream/MyMetricStream"));
        ProtoWriter summary = new ProtoWriter()
                .message(1, dataPoint10(60_000_000_000L, 1, 1.0, new double[][] {{0, 1}, {0.95, 1}, {0.99, 1}, {1, 1}}))
                .message(1, dataPoint10(120_000_000_000L, 2, 5.0, new double[][] {{0, 2}, {1, 3}}));
        ProtoWriter metric = new ProtoWriter().string(1, "amazonaws.com/AWS/DynamoDB/ConsumedReadCapacityUnits")
                .string(3, "NoneTranslated").message(11, summary);
        ProtoWriter resourceMetrics = new ProtoWriter().message(1, resource)
                .message(2, new ProtoWriter().message(2, metric));
        return new ProtoWriter().message(1, resourceMetrics).toByteArray();
    }

    private static ProtoWriter dataPoint10(long start, long count, double sum, double[][] quantiles) {
        ProtoWriter p = new ProtoWriter().fixed64(2, start).fixed64(3, start + 60_000_000_000L).fixed64(4, count).double64(5, sum);
        for (double[] q : quantiles) {
            p.message(6, quantile(q[0], q[1]));
        }
        ProtoWriter dims = new ProtoWriter().message(1, attribute("TableName", "MyTable"));
        return p.message(7, attribute("Namespace", "AWS/DynamoDB"))
                .message(7, attribute("MetricName", "ConsumedReadCapacityUnits"))
                .message(7, new ProtoWriter().string(1, "Dimensions").message(2, new ProtoWriter().message(6, dims)));
    }

    /** AWS's 0.7.0 example, by hand: labels are field 1 StringKeyValues, the summary double_summary. */
    static byte[] awsExample07ByHand() {
        ProtoWriter resource = new ProtoWriter()
                .message(1, attribute("cloud.provider", "aws"))
                .message(1, attribute("cloud.account.id", "2345678901"))
                .message(1, attribute("cloud.region", "us-east-1"))
                .message(1, attribute("aws.exporter.arn", "arn:aws:cloudwatch:us-east-1:123456789012:metric-stream/MyMetricStream"));
        ProtoWriter summary = new ProtoWriter()
                .message(1, dataPoint07(1604948400000000000L, 1, 1.0, new double[][] {{0, 1}, {0.95, 1}, {0.99, 1}, {1, 1}}))
                .message(1, dataPoint07(1604948460000000000L, 2, 5.0, new double[][] {{0, 2}, {1, 3}}));
        ProtoWriter metric = new ProtoWriter().string(1, "amazonaws.com/AWS/DynamoDB/ConsumedReadCapacityUnits")
                .string(3, "1").message(11, summary);
        return new ProtoWriter().message(1, new ProtoWriter().message(1, resource)
                .message(2, new ProtoWriter().message(2, metric))).toByteArray();
    }

    private static ProtoWriter dataPoint07(long start, long count, double sum, double[][] quantiles) {
        ProtoWriter p = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "Namespace").string(2, "AWS/DynamoDB"))
                .message(1, new ProtoWriter().string(1, "MetricName").string(2, "ConsumedReadCapacityUnits"))
                .message(1, new ProtoWriter().string(1, "TableName").string(2, "MyTable"))
                .fixed64(2, start).fixed64(3, start + 60_000_000_000L).fixed64(4, count).double64(5, sum);
        for (double[] q : quantiles) {
            p.message(6, quantile(q[0], q[1]));
        }
        return p;
    }

    static ProtoWriter attribute(String key, String value) {
        return new ProtoWriter().string(1, key).message(2, new ProtoWriter().string(1, value));
    }

    private static ProtoWriter quantile(double q, double v) {
        ProtoWriter w = new ProtoWriter();
        if (q != 0) { // proto3 leaves a default value out, as the generated classes and CloudWatch do
            w.double64(1, q);
        }
        return w.double64(2, v);
    }

    @Test
    void awsExample10BuiltByHandIsWhatTheOfficialClassesWriteAndReadsAsItsJsonTwin() throws Exception {
        // Given AWS's documented 1.0.0 example, built by hand and parsed from its text by the official classes
        byte[] byHand = awsExample10ByHand();
        ExportMetricsServiceRequest.Builder official = ExportMetricsServiceRequest.newBuilder();
        TextFormat.merge(text(FIXTURES + "aws-opentelemetry-1.0.0-example.txtpb"), official);

        // When the hand-built record is read
        Collected<MetricDatapoint> out = otel(new ProtoWriter().raw(byHand).delimited());

        // Then both encodings are the same bytes, and the datapoints are those of the same data in JSON
        assertThat(byHand).isEqualTo(official.build().toByteArray());
        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).containsExactlyElementsOf(json(FIXTURES + "aws-opentelemetry-examples.ndjson").subList(2, 4));
        assertThat(out.accepted.get(0).statistic("p95")).isEqualTo(1.0);
        assertThat(out.accepted.get(0).getAccount()).isEqualTo("123456789012");
    }

    @Test
    void awsExample07BuiltByHandIsWhatTheOfficial07ClassesWriteAndReadsAsItsJsonTwin() throws Exception {
        // Given AWS's documented 0.7.0 example, by hand and through the official 0.7 classes (opentelemetry-proto 0.14.1)
        byte[] byHand = awsExample07ByHand();
        dev.vigil.otel07.proto.collector.metrics.v1.ExportMetricsServiceRequest.Builder official =
                dev.vigil.otel07.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder();
        dev.vigil.otel07.protobuf.TextFormat.merge(text(FIXTURES + "aws-opentelemetry-0.7.0-example.txtpb"), official);

        // When both are read, as 0.7 and by the reader configured for 1.0 (the same one)
        Collected<MetricDatapoint> out = otel(new ProtoWriter().raw(byHand).delimited());
        Collected<MetricDatapoint> official07 = otel(Otlp07Records.record(official.build()));

        // Then: the same bytes; the datapoints of the JSON twin, unit "1" read as None, 0.95 as p95
        assertThat(byHand).isEqualTo(official.build().toByteArray());
        List<MetricDatapoint> expected = json(FIXTURES + "aws-opentelemetry-examples.ndjson").subList(0, 2);
        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).containsExactlyElementsOf(expected);
        assertThat(official07.accepted).containsExactlyElementsOf(expected);
    }

    @Test
    void recordOfSeveralMessagesReadsThemAll() {
        // Given a record of AWS's two examples, 1.0 then 0.7, each behind its length
        byte[] record = new ProtoWriter().raw(new ProtoWriter().raw(awsExample10ByHand()).delimited())
                .raw(new ProtoWriter().raw(awsExample07ByHand()).delimited()).toByteArray();

        // When it is read
        Collected<MetricDatapoint> out = otel(record);

        // Then every datapoint of both, in order
        List<MetricDatapoint> all = json(FIXTURES + "aws-opentelemetry-examples.ndjson");
        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).containsExactly(all.get(2), all.get(3), all.get(0), all.get(1));
    }

    @Test
    void generatedClassesReadTheSameDatapointsFromTheSameRecord() {
        // Given the project's JSON fixture as a 1.0 record built by the official classes
        List<MetricDatapoint> dps = json(FIXTURES + "firehose-record-ec2-elb-rds.ndjson");
        byte[] record = Otlp10Records.record(Otlp10Records.request(dps));

        // When this reader and the generated classes read it
        Collected<MetricDatapoint> mine = otel(record);
        Collected<MetricDatapoint> generated = new Collected<>();
        new GeneratedOtlpParser().parse(record, 0, generated);

        // Then both give the same datapoints
        assertThat(mine.rejected).isEmpty();
        assertThat(generated.rejected).isEmpty();
        assertThat(mine.accepted).containsExactlyElementsOf(generated.accepted).hasSize(dps.size());
    }

    @Test
    void emptyRecordAndEmptyMessageYieldNothing() {
        assertThat(otel(new byte[0]).accepted).isEmpty();
        Collected<MetricDatapoint> out = otel(new byte[] {0});
        assertThat(out.accepted).isEmpty();
        assertThat(out.rejected).isEmpty();
    }

    @Test
    void readerForEitherVersionReadsBothAttributeEncodings() {
        // Given one record of each version
        byte[] r10 = new ProtoWriter().raw(awsExample10ByHand()).delimited();
        byte[] r07 = new ProtoWriter().raw(awsExample07ByHand()).delimited();

        // When each format's parser reads both
        for (MetricFormat f : List.of(MetricFormat.OPENTELEMETRY_1_0, MetricFormat.OPENTELEMETRY_0_7)) {
            Collected<MetricDatapoint> out = new Collected<>();
            MetricRecordParser p = f.parser(NO_TIME_CHECKS, "metrics");
            p.parse(r10, 0, out);
            p.parse(r07, 0, out);

            // Then all four datapoints come out, whichever version the stream was switched to
            assertThat(out.rejected).as(f.code()).isEmpty();
            assertThat(out.accepted).as(f.code()).hasSize(4);
        }
    }

    @Test
    void fieldsInAnyOrderReadTheSame() {
        // Given the 1.0 example rewritten with each message's fields reversed (protobuf allows any order)
        byte[] reversed = new ProtoWriter().message(1, new ProtoWriter()
                .message(2, new ProtoWriter().message(2, new ProtoWriter()
                        .message(11, new ProtoWriter().message(1, new ProtoWriter()
                                .message(7, new ProtoWriter().string(1, "Dimensions").message(2, new ProtoWriter().message(6,
                                        new ProtoWriter().message(1, attribute("TableName", "MyTable")))))
                                .message(7, attribute("MetricName", "ConsumedReadCapacityUnits"))
                                .message(7, attribute("Namespace", "AWS/DynamoDB"))
                                .message(6, quantile(1, 3)).message(6, quantile(0, 2))
                                .double64(5, 5.0).fixed64(4, 2).fixed64(3, 180_000_000_000L).fixed64(2, 120_000_000_000L)))
                        .string(3, "NoneTranslated")))
                .message(1, new ProtoWriter()
                        .message(1, attribute("cloud.region", "us-east-1"))
                        .message(1, attribute("cloud.account.id", "123456789012")))).delimited();

        // When it is read
        Collected<MetricDatapoint> out = otel(reversed);

        // Then it is the example's second datapoint
        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).containsExactly(json(FIXTURES + "aws-opentelemetry-examples.ndjson").get(3));
        assertThat(out.reasons()).doesNotContain(DeadLetterReason.MALFORMED_PROTOBUF);
    }
}

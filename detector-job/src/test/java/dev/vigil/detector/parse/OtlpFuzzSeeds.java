package dev.vigil.detector.parse;

import com.google.protobuf.TextFormat;
import dev.vigil.detector.otel.Otlp07Records;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.schemas.MetricDatapoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the OpenTelemetry fuzz seeds ({@code OtlpMetricsParserFuzzTestInputs/record/}) from AWS's
 * documented examples and the JSON fixtures, through the official classes. Run once, by hand, when
 * the seeds change, with the test classpath (the generated classes): {@code main(DIR)}.
 */
public final class OtlpFuzzSeeds {
    private OtlpFuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        ExportMetricsServiceRequest.Builder aws10 = ExportMetricsServiceRequest.newBuilder();
        TextFormat.merge(OtlpMetricsParserTest.text(OtlpMetricsParserTest.FIXTURES + "aws-opentelemetry-1.0.0-example.txtpb"),
                aws10);
        Files.write(dir.resolve("aws-opentelemetry-1.0.0-example"), Otlp10Records.record(aws10.build()));
        dev.vigil.otel07.proto.collector.metrics.v1.ExportMetricsServiceRequest.Builder aws07 =
                dev.vigil.otel07.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder();
        dev.vigil.otel07.protobuf.TextFormat.merge(
                OtlpMetricsParserTest.text(OtlpMetricsParserTest.FIXTURES + "aws-opentelemetry-0.7.0-example.txtpb"), aws07);
        Files.write(dir.resolve("aws-opentelemetry-0.7.0-example"), Otlp07Records.record(aws07.build()));

        List<MetricDatapoint> dps = new ArrayList<>();
        MetricStreamParser json = new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "seed");
        json.parse(Collected.resource(OtlpMetricsParserTest.FIXTURES + "firehose-record-ec2-elb-rds.ndjson"), 0,
                new ParseOutput<>() {
                    @Override
                    public void accept(MetricDatapoint d) {
                        dps.add(d);
                    }

                    @Override
                    public void reject(dev.vigil.schemas.DeadLetter d) {
                        throw new IllegalStateException("fixture line rejected: " + d);
                    }
                });
        int half = dps.size() / 2;
        byte[] two = concat(Otlp10Records.record(Otlp10Records.request(dps.subList(0, half))),
                Otlp10Records.record(Otlp10Records.request(dps.subList(half, dps.size()))));
        Files.write(dir.resolve("aws-firehose-record-as-1.0-two-messages"), two);
        Files.write(dir.resolve("aws-firehose-record-as-1.0-gzip"), Collected.gzip(two));
        Files.write(dir.resolve("aws-firehose-record-as-0.7"), Otlp07Records.record(Otlp07Records.request(dps)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

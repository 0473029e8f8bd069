package dev.vigil.detector.parse;

import dev.vigil.detector.otel.Otlp07Records;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.schemas.MetricDatapoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paired fixtures: every datapoint of the project's JSON recordings, written in both OpenTelemetry
 * formats by the official classes, reads back as the same {@link MetricDatapoint} the JSON
 * format gives (less the statistics only JSON streams carry, such as trimmed means).
 */
class OtlpJsonPairsTest {
    private static List<MetricDatapoint> jsonDatapoints(String resource) {
        Collected<MetricDatapoint> out = new Collected<>();
        new MetricStreamParser(OtlpMetricsParserTest.NO_TIME_CHECKS, "metrics").parse(Collected.resource(resource), 0, out);
        assertThat(out.accepted).isNotEmpty();
        return out.accepted;
    }

    /** Only percentiles stream in the OpenTelemetry formats; everything else is the same. */
    private static List<MetricDatapoint> representable(List<MetricDatapoint> dps) {
        List<MetricDatapoint> out = new ArrayList<>();
        for (MetricDatapoint d : dps) {
            MetricDatapoint.Builder b = MetricDatapoint.builder().account(d.getAccount()).region(d.getRegion())
                    .namespace(d.getNamespace()).metricName(d.getMetricName()).timestamp(d.getTimestamp()).unit(d.getUnit());
            d.getStatistics().forEach((k, v) -> {
                if (!k.startsWith("TM") && !k.startsWith("WM") && !k.startsWith("PR") && !k.startsWith("TC") && !k.startsWith("TS")
                        && !k.startsWith("IQM")) {
                    b.statistic(k, v);
                }
            });
            d.getDimensions().forEach(b::dimension);
            out.add(b.build());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fixtures/metric-stream/firehose-record-ec2-elb-rds.ndjson", "/recordings/demo/metrics.ndjson"})
    void bothOpenTelemetryFormatsReadAsTheJsonFormat(String recording) {
        // Given a JSON recording's datapoints, and the same data as 1.0 and 0.7 records of 50 datapoints each
        List<MetricDatapoint> json = jsonDatapoints(recording);
        List<byte[]> r10 = Otlp10Records.records(json, 50);
        List<byte[]> r07 = new ArrayList<>();
        for (int i = 0; i < json.size(); i += 50) {
            r07.add(Otlp07Records.record(Otlp07Records.request(json.subList(i, Math.min(json.size(), i + 50)))));
        }

        // When the OpenTelemetry reader reads them
        Collected<MetricDatapoint> out10 = new Collected<>();
        Collected<MetricDatapoint> out07 = new Collected<>();
        OtlpMetricsParser parser = new OtlpMetricsParser(OtlpMetricsParserTest.NO_TIME_CHECKS, "metrics");
        r10.forEach(r -> parser.parse(r, 0, out10));
        r07.forEach(r -> parser.parse(r, 0, out07));

        // Then both give the JSON datapoints, one for one, in order
        assertThat(out10.rejected).isEmpty();
        assertThat(out07.rejected).isEmpty();
        List<MetricDatapoint> expected = representable(json);
        assertThat(out10.accepted).containsExactlyElementsOf(expected);
        assertThat(out07.accepted).containsExactlyElementsOf(expected);
        // and the recording exercises what the translation maps: units, percentiles, several dimensions
        assertThat(expected.stream().map(MetricDatapoint::getUnit).distinct().count()).isGreaterThan(1);
        assertThat(expected.stream().filter(d -> d.dimensionCount() > 1).collect(Collectors.toList())).isNotEmpty();
    }
}

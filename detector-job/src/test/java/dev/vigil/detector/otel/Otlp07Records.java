package dev.vigil.detector.otel;

import dev.vigil.otel07.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import dev.vigil.otel07.proto.common.v1.AnyValue;
import dev.vigil.otel07.proto.common.v1.KeyValue;
import dev.vigil.otel07.proto.common.v1.StringKeyValue;
import dev.vigil.otel07.proto.metrics.v1.DoubleSummary;
import dev.vigil.otel07.proto.metrics.v1.DoubleSummaryDataPoint;
import dev.vigil.otel07.proto.metrics.v1.InstrumentationLibraryMetrics;
import dev.vigil.otel07.proto.metrics.v1.Metric;
import dev.vigil.otel07.proto.metrics.v1.ResourceMetrics;
import dev.vigil.otel07.proto.resource.v1.Resource;
import dev.vigil.schemas.MetricDatapoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * OpenTelemetry 0.7.0 metric-stream records built with the official 0.7 classes
 * (opentelemetry-proto 0.14.1, relocated by the otel07-proto module): labels as
 * {@code StringKeyValue}s, each dimension one label beside Namespace and MetricName.
 */
public final class Otlp07Records {
    private Otlp07Records() {}

    public static ExportMetricsServiceRequest request(List<MetricDatapoint> dps) {
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        for (List<MetricDatapoint> resource : CloudWatchOtel.byResource(dps)) {
            MetricDatapoint first = resource.get(0);
            Resource.Builder r = Resource.newBuilder().addAttributes(string("cloud.provider", "aws"));
            if (first.getAccount() != null) {
                r.addAttributes(string("cloud.account.id", first.getAccount()));
            }
            if (first.getRegion() != null) {
                r.addAttributes(string("cloud.region", first.getRegion()));
            }
            InstrumentationLibraryMetrics.Builder library = InstrumentationLibraryMetrics.newBuilder();
            for (List<MetricDatapoint> metric : CloudWatchOtel.byMetric(resource)) {
                DoubleSummary.Builder summary = DoubleSummary.newBuilder();
                for (MetricDatapoint d : metric) {
                    summary.addDataPoints(dataPoint(d));
                }
                library.addMetrics(Metric.newBuilder().setName(CloudWatchOtel.metricName(metric.get(0)))
                        .setUnit(CloudWatchOtel.ucum(metric.get(0).getUnit())).setDoubleSummary(summary));
            }
            req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(r).addInstrumentationLibraryMetrics(library));
        }
        return req.build();
    }

    private static DoubleSummaryDataPoint dataPoint(MetricDatapoint d) {
        long start = d.getTimestamp() * 1_000_000L;
        DoubleSummaryDataPoint.Builder p = DoubleSummaryDataPoint.newBuilder()
                .addLabels(label("Namespace", d.getNamespace())).addLabels(label("MetricName", d.getMetricName()))
                .setStartTimeUnixNano(start).setTimeUnixNano(start + 60_000_000_000L)
                .setCount((long) d.getCount()).setSum(d.getSum());
        d.getDimensions().forEach((k, v) -> p.addLabels(label(k, v)));
        for (double[] q : CloudWatchOtel.quantiles(d)) {
            p.addQuantileValues(DoubleSummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(q[0]).setValue(q[1]));
        }
        return p.build();
    }

    private static StringKeyValue label(String key, String value) {
        return StringKeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** One record of the given messages, each behind its varint length. */
    public static byte[] record(ExportMetricsServiceRequest... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ExportMetricsServiceRequest m : messages) {
                m.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.vigil.detector.otel;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import dev.vigil.schemas.MetricDatapoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenTelemetry 1.0.0 metric-stream records built with the official OTLP classes, as CloudWatch
 * lays them out: a resource with the account and region, one scope, a summary per metric whose
 * datapoints carry Namespace, MetricName and a nested Dimensions list.
 */
public final class Otlp10Records {
    private Otlp10Records() {}

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
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
            for (List<MetricDatapoint> metric : CloudWatchOtel.byMetric(resource)) {
                Summary.Builder summary = Summary.newBuilder();
                for (MetricDatapoint d : metric) {
                    summary.addDataPoints(dataPoint(d));
                }
                scope.addMetrics(Metric.newBuilder().setName(CloudWatchOtel.metricName(metric.get(0)))
                        .setUnit(CloudWatchOtel.ucum(metric.get(0).getUnit())).setSummary(summary));
            }
            req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(r).addScopeMetrics(scope));
        }
        return req.build();
    }

    static SummaryDataPoint dataPoint(MetricDatapoint d) {
        long start = d.getTimestamp() * 1_000_000L;
        SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder()
                .setStartTimeUnixNano(start).setTimeUnixNano(start + 60_000_000_000L)
                .setCount((long) d.getCount()).setSum(d.getSum());
        for (double[] q : CloudWatchOtel.quantiles(d)) {
            p.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(q[0]).setValue(q[1]));
        }
        KeyValueList.Builder dims = KeyValueList.newBuilder();
        d.getDimensions().forEach((k, v) -> dims.addValues(string(k, v)));
        return p.addAttributes(string("Namespace", d.getNamespace()))
                .addAttributes(string("MetricName", d.getMetricName()))
                .addAttributes(KeyValue.newBuilder().setKey("Dimensions").setValue(AnyValue.newBuilder().setKvlistValue(dims)))
                .build();
    }

    static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** One record of the given messages, each behind its UnsignedVarInt32 length, as AWS frames them. */
    public static byte[] record(MessageLite... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (MessageLite m : messages) {
                m.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The datapoints as records of up to {@code perMessage} datapoints, one message each. */
    public static List<byte[]> records(List<MetricDatapoint> dps, int perMessage) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < dps.size(); i += perMessage) {
            records.add(record(request(dps.subList(i, Math.min(dps.size(), i + perMessage)))));
        }
        return records;
    }

    /** The varint length prefix alone, for tests that build framing by hand. */
    public static byte[] prefix(int length) {
        byte[] b = new byte[CodedOutputStream.computeUInt32SizeNoTag(length)];
        try {
            CodedOutputStream.newInstance(b).writeUInt32NoTag(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }
}

package dev.vigil.detector.otel;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.detector.parse.MetricRecordParser;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The other way to read OpenTelemetry 1.0 records: the official generated classes parse each
 * message into its object tree, which is then translated. Not used by the job; the benchmark
 * measures it against the job's reader and tests compare the two. It reads what CloudWatch
 * writes and checks what the job's reader checks, so the two do the same work; the generated
 * 1.x classes cannot see 0.7 labels.
 */
public final class GeneratedOtlpParser implements MetricRecordParser {
    private static final String[] NO_STRINGS = new String[0];

    @Override
    public void parse(byte[] record, long now, ParseOutput<MetricDatapoint> out) {
        CodedInputStream framing = CodedInputStream.newInstance(record);
        try {
            while (!framing.isAtEnd()) {
                int start = framing.getTotalBytesRead();
                int length = framing.readRawVarint32();
                int from = framing.getTotalBytesRead();
                if (length < 0 || length > record.length - from) {
                    out.reject(dead("length " + length + " exceeds the record", record, start, record.length));
                    return;
                }
                try {
                    ExportMetricsServiceRequest req = ExportMetricsServiceRequest.parseFrom(
                            CodedInputStream.newInstance(record, from, length));
                    translate(req, out);
                } catch (InvalidProtocolBufferException e) {
                    out.reject(dead(e.getMessage(), record, start, from + length));
                }
                framing.skipRawBytes(length);
            }
        } catch (IOException e) {
            out.reject(dead("unreadable length prefix: " + e.getMessage(), record, framing.getTotalBytesRead(), record.length));
        }
    }

    private void translate(ExportMetricsServiceRequest req, ParseOutput<MetricDatapoint> out) {
        for (ResourceMetrics rm : req.getResourceMetricsList()) {
            String account = null;
            String region = null;
            for (KeyValue kv : rm.getResource().getAttributesList()) {
                if (kv.getKey().equals("cloud.account.id")) {
                    account = kv.getValue().getStringValue();
                } else if (kv.getKey().equals("cloud.region")) {
                    region = kv.getValue().getStringValue();
                }
            }
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    String unit = m.getUnit().isEmpty() ? null : CloudWatchOtel.cloudWatchUnit(m.getUnit());
                    for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                        datapoint(p, account, region, unit, out);
                    }
                }
            }
        }
    }

    /** Arrays sorted in place, as the job's reader builds them, so the comparison is of decoding alone. */
    private void datapoint(SummaryDataPoint p, String account, String region, String unit,
                                  ParseOutput<MetricDatapoint> out) {
        String namespace = null;
        String metricName = null;
        String[] dimNames = NO_STRINGS;
        String[] dimValues = NO_STRINGS;
        for (KeyValue kv : p.getAttributesList()) {
            switch (kv.getKey()) {
                case "Namespace":
                    namespace = kv.getValue().getStringValue();
                    break;
                case "MetricName":
                    metricName = kv.getValue().getStringValue();
                    break;
                case "Dimensions":
                    java.util.List<KeyValue> dims = kv.getValue().getKvlistValue().getValuesList();
                    dimNames = new String[dims.size()];
                    dimValues = new String[dims.size()];
                    for (int i = 0; i < dimNames.length; i++) {
                        KeyValue d = dims.get(i);
                        if (d.getValue().getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
                            out.reject(dead("Dimensions." + d.getKey() + " must be a string", p.toByteArray(), 0, -1));
                            return;
                        }
                        dimNames[i] = d.getKey();
                        dimValues[i] = d.getValue().getStringValue();
                    }
                    break;
                default:
            }
        }
        double min = Double.NaN;
        double max = Double.NaN;
        int extras = Math.max(0, p.getQuantileValuesCount() - 2);
        String[] extraNames = new String[extras];
        double[] extraValues = new double[extras];
        int e = 0;
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            if (q.getQuantile() == 0) {
                min = q.getValue();
            } else if (q.getQuantile() == 1) {
                max = q.getValue();
            } else if (e < extras) {
                extraNames[e] = percentile(q.getQuantile());
                extraValues[e++] = q.getValue();
            }
        }
        if (namespace == null || metricName == null || p.getStartTimeUnixNano() == 0 || Double.isNaN(min) || Double.isNaN(max)
                || e != extras) {
            out.reject(dead("a required attribute or statistic is missing", p.toByteArray(), 0, -1));
            return;
        }
        if (!Double.isFinite(p.getSum()) || !Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            out.reject(dead("statistics out of range", p.toByteArray(), 0, -1));
            return;
        }
        sort(dimNames, dimValues, null);
        sort(extraNames, null, extraValues);
        out.accept(new MetricDatapoint(account, region, namespace, metricName, dimNames, dimValues,
                Long.divideUnsigned(p.getStartTimeUnixNano(), 1_000_000), unit, max, min, p.getSum(), p.getCount(), extraNames, extraValues));
    }

    private final double[] quantiles = new double[16];
    private final String[] names = new String[16];
    private int known;

    /** Named once per quantile, as the job's reader does. */
    private String percentile(double q) {
        for (int i = 0; i < known; i++) {
            if (quantiles[i] == q) {
                return names[i];
            }
        }
        String name = "p" + new BigDecimal(Double.toString(q)).movePointRight(2).stripTrailingZeros().toPlainString();
        if (known < quantiles.length) {
            quantiles[known] = q;
            names[known++] = name;
        }
        return name;
    }

    private static void sort(String[] names, String[] strings, double[] doubles) {
        for (int i = 1; i < names.length; i++) {
            for (int j = i; j > 0 && names[j - 1].compareTo(names[j]) > 0; j--) {
                String t = names[j];
                names[j] = names[j - 1];
                names[j - 1] = t;
                if (strings != null) {
                    t = strings[j];
                    strings[j] = strings[j - 1];
                    strings[j - 1] = t;
                } else {
                    double d = doubles[j];
                    doubles[j] = doubles[j - 1];
                    doubles[j - 1] = d;
                }
            }
        }
    }

    private static DeadLetter dead(String message, byte[] bytes, int from, int to) {
        return new DeadLetter(DeadLetterReason.MALFORMED_PROTOBUF, message, "metrics", 0,
                to < 0 ? bytes : Arrays.copyOfRange(bytes, from, to));
    }
}

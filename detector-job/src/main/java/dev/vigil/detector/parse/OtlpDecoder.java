package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks one {@code ExportMetricsServiceRequest} along the path CloudWatch fills: resource
 * metrics, their resource's {@code cloud.account.id} and {@code cloud.region}, scope (0.7:
 * instrumentation library) metrics, metrics with their unit, summaries, summary datapoints.
 * Everything else is skipped by its wire type, still bounds-checked.
 *
 * <p>The same walk runs twice per message: {@link #check} only proves the structure (and the
 * UTF-8 of every string it would make), so that {@link #decode}, which emits, cannot fail half
 * way and leave a message both partly emitted and dead-lettered. Fields are read in whatever order
 * they come, as protobuf allows: a metric's unit may follow its datapoints, a resource its metrics.
 */
final class OtlpDecoder {
    private static final byte[] NAMESPACE = ascii("Namespace");
    private static final byte[] METRIC_NAME = ascii("MetricName");
    private static final byte[] DIMENSIONS = ascii("Dimensions");
    private static final byte[] ACCOUNT = ascii("cloud.account.id");
    private static final byte[] REGION = ascii("cloud.region");
    /** AnyValue's oneof cases this reader tells apart; any other is {@link #OTHER}. */
    private static final int NONE = 0;
    private static final int STRING = 1;
    private static final int KVLIST = 6;
    private static final int OTHER = -1;

    private final ParseLimits limits;
    private final String source;
    private final ProtoReader in = new ProtoReader();
    private final ByteStrings strings = new ByteStrings(4096);
    private final OtelNames names = new OtelNames();
    private final OtlpDatapoint dp = new OtlpDatapoint();

    /** False while checking: nothing is built or emitted, strings are only validated. */
    private boolean emit;
    private ParseOutput<MetricDatapoint> out;
    private long now;
    private int message;
    private int datapoint;
    private String account;
    private String region;
    private Problem resourceProblem;
    private String unit;

    // The last key-value pair or AnyValue read: byte ranges in the message, -1 when absent.
    private int keyFrom;
    private int keyTo;
    private int valueFrom;
    private int valueTo;
    private int anyCase;
    private int anyFrom;
    private int anyTo;

    OtlpDecoder(ParseLimits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    /** Null when {@code buf[from, to)} decodes; otherwise what is wrong and where. */
    String check(byte[] buf, int from, int to) {
        emit = false;
        try {
            request(buf, from, to);
            return null;
        } catch (ProtoReader.Malformed e) {
            return e.getMessage();
        }
    }

    /** Emits the datapoints of a message {@link #check} accepted, and a dead letter for each unusable one. */
    void decode(byte[] buf, int from, int to, int messageIndex, long referenceTime, ParseOutput<MetricDatapoint> sink) {
        emit = true;
        out = sink;
        now = referenceTime;
        message = messageIndex;
        datapoint = 0;
        request(buf, from, to);
        out = null;
    }

    private void request(byte[] buf, int from, int to) {
        in.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                resourceMetrics();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
    }

    private void resourceMetrics() {
        int start = in.pos;
        account = null;
        region = null;
        resourceProblem = null;
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                resource();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
        in.pos = start;
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 2) { // scope_metrics in 1.0, instrumentation_library_metrics in 0.7
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                scopeMetrics();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
    }

    private void resource() {
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 != 1) {
                in.skip(tag);
                continue;
            }
            ProtoReader.expect(tag, ProtoReader.LEN);
            int outer = in.enter();
            keyValue();
            boolean isAccount = keyFrom >= 0 && in.equalsAscii(keyFrom, keyTo, ACCOUNT);
            if (isAccount || keyFrom >= 0 && in.equalsAscii(keyFrom, keyTo, REGION)) {
                anyValue(valueFrom, valueTo);
                if (anyCase != STRING) {
                    if (resourceProblem == null) {
                        resourceProblem = new Problem(DeadLetterReason.WRONG_TYPE, "resource attribute "
                                + (isAccount ? "cloud.account.id" : "cloud.region") + " must be a string");
                    }
                } else if (isAccount) {
                    account = string(anyFrom, anyTo);
                } else {
                    region = string(anyFrom, anyTo);
                }
            }
            in.exit(outer);
        }
    }

    private void scopeMetrics() {
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 2) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                metric();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
    }

    private void metric() {
        int start = in.pos;
        int end = in.limit;
        int unitFrom = -1;
        int unitTo = -1;
        int otherData = 0;
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            if (field == 3) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                unitTo = in.lengthEnd();
                unitFrom = in.pos;
                in.pos = unitTo;
            } else {
                // 4 to 10: gauges, sums, histograms (0.7's int and double kinds included), never a summary
                if (field >= 4 && field <= 10) {
                    otherData = field;
                }
                in.skip(tag);
            }
        }
        unit = unitFrom < 0 ? null : string(unitFrom, unitTo);
        if (emit && unit != null) {
            unit = OtelNames.unit(unit);
        }
        if (otherData != 0) {
            if (emit) {
                out.reject(new DeadLetter(DeadLetterReason.WRONG_TYPE, "message " + message + ": a metric with data in field "
                        + otherData + " (a gauge, sum or histogram): CloudWatch metric streams send summaries",
                        source, now, Arrays.copyOfRange(in.buf, start, end)));
            }
            return;
        }
        in.pos = start;
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 11) { // summary (1.0), double_summary (0.7)
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                summary();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
    }

    private void summary() {
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                int outer = in.enter();
                dataPoint();
                in.exit(outer);
            } else {
                in.skip(tag);
            }
        }
    }

    private void dataPoint() {
        int from = in.pos;
        int to = in.limit;
        datapoint++;
        dp.reset();
        while (in.more()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1: { // 0.7: StringKeyValue labels
                    ProtoReader.expect(tag, ProtoReader.LEN);
                    int outer = in.enter();
                    keyValue();
                    label();
                    in.exit(outer);
                    break;
                }
                case 2:
                    ProtoReader.expect(tag, ProtoReader.I64);
                    dp.startNanos = in.fixed64();
                    break;
                case 4:
                    ProtoReader.expect(tag, ProtoReader.I64);
                    dp.count = in.fixed64();
                    break;
                case 5:
                    ProtoReader.expect(tag, ProtoReader.I64);
                    dp.sum = in.double64();
                    break;
                case 6: {
                    ProtoReader.expect(tag, ProtoReader.LEN);
                    int outer = in.enter();
                    quantile();
                    in.exit(outer);
                    break;
                }
                case 7: { // 1.0: KeyValue attributes
                    ProtoReader.expect(tag, ProtoReader.LEN);
                    int outer = in.enter();
                    keyValue();
                    attribute();
                    in.exit(outer);
                    break;
                }
                default: // 3 time_unix_nano (the interval's end), 8 flags
                    in.skip(tag);
            }
        }
        if (!emit) {
            return;
        }
        if (dp.problem == null && resourceProblem != null) {
            dp.problem = resourceProblem;
        }
        Problem p = dp.validate(now, limits);
        if (p != null) {
            out.reject(new DeadLetter(p.reason, "message " + message + ", datapoint " + datapoint + dp.describe() + ": "
                    + p.message, source, now, Arrays.copyOfRange(in.buf, from, to)));
        } else {
            out.accept(dp.build(account, region, unit));
        }
    }

    private void quantile() {
        double q = 0;
        double v = 0;
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 == 1 || tag >>> 3 == 2) {
                ProtoReader.expect(tag, ProtoReader.I64);
                if (tag >>> 3 == 1) {
                    q = in.double64();
                } else {
                    v = in.double64();
                }
            } else {
                in.skip(tag);
            }
        }
        if (emit) {
            dp.quantile(q, v, names);
        }
    }

    /** A 0.7 label: a string key and a string value; each dimension is one. */
    private void label() {
        if (keyFrom < 0) {
            return;
        }
        int vf = valueFrom < 0 ? keyFrom : valueFrom; // absent is proto3's empty string
        int vt = valueFrom < 0 ? keyFrom : valueTo;
        if (in.equalsAscii(keyFrom, keyTo, NAMESPACE)) {
            dp.namespace = string(vf, vt);
        } else if (in.equalsAscii(keyFrom, keyTo, METRIC_NAME)) {
            dp.metricName = string(vf, vt);
        } else {
            String name = string(keyFrom, keyTo);
            String value = valueString(vf, vt);
            if (emit) {
                dp.dimension(name, value);
            }
        }
    }

    /** A 1.0 attribute: Namespace and MetricName strings, Dimensions a list of string key-values. */
    private void attribute() {
        if (keyFrom < 0) {
            return;
        }
        boolean ns = in.equalsAscii(keyFrom, keyTo, NAMESPACE);
        boolean mn = !ns && in.equalsAscii(keyFrom, keyTo, METRIC_NAME);
        boolean dims = !ns && !mn && in.equalsAscii(keyFrom, keyTo, DIMENSIONS);
        if (!ns && !mn && !dims) {
            return; // not one CloudWatch writes
        }
        anyValue(valueFrom, valueTo);
        if (dims) {
            if (anyCase == KVLIST) {
                dimensions(anyFrom, anyTo);
            } else if (emit) {
                dp.problem(DeadLetterReason.WRONG_TYPE, "attribute Dimensions must be a list of key-values");
            }
        } else if (anyCase != STRING) {
            if (emit) {
                dp.problem(DeadLetterReason.WRONG_TYPE, "attribute " + (ns ? "Namespace" : "MetricName") + " must be a string");
            }
        } else if (ns) {
            dp.namespace = string(anyFrom, anyTo);
        } else {
            dp.metricName = string(anyFrom, anyTo);
        }
    }

    private void dimensions(int from, int to) {
        int pos = in.pos;
        int limit = in.limit;
        in.pos = from;
        in.limit = to;
        while (in.more()) {
            int tag = in.tag();
            if (tag >>> 3 != 1) {
                in.skip(tag);
                continue;
            }
            ProtoReader.expect(tag, ProtoReader.LEN);
            int outer = in.enter();
            keyValue();
            String name = keyFrom < 0 ? "" : string(keyFrom, keyTo);
            anyValue(valueFrom, valueTo);
            if (anyCase != STRING) {
                if (emit) {
                    dp.problem(DeadLetterReason.WRONG_TYPE, "Dimensions." + name + " must be a string");
                }
            } else {
                String value = valueString(anyFrom, anyTo);
                if (emit) {
                    dp.dimension(name, value);
                }
            }
            in.exit(outer);
        }
        in.pos = pos;
        in.limit = limit;
    }

    /** Reads a KeyValue (or 0.7 StringKeyValue) the reader is inside: the ranges of its key and value. */
    private void keyValue() {
        keyFrom = -1;
        keyTo = -1;
        valueFrom = -1;
        valueTo = -1;
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            if (field == 1 || field == 2) {
                ProtoReader.expect(tag, ProtoReader.LEN);
                int end = in.lengthEnd();
                if (field == 1) {
                    keyFrom = in.pos;
                    keyTo = end;
                } else {
                    valueFrom = in.pos;
                    valueTo = end;
                }
                in.pos = end;
            } else {
                in.skip(tag);
            }
        }
    }

    /** Which case of an AnyValue at {@code [from, to)} is set (the last, as for any oneof) and its bytes. */
    private void anyValue(int from, int to) {
        anyCase = NONE;
        if (from < 0) {
            return;
        }
        int pos = in.pos;
        int limit = in.limit;
        in.pos = from;
        in.limit = to;
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            if (field < 1 || field > 7) {
                in.skip(tag);
                continue;
            }
            // string 1, array 5, kvlist 6, bytes 7 are length-delimited; bool 2, int 3 varints; double 4 fixed
            ProtoReader.expect(tag, field == 2 || field == 3 ? ProtoReader.VARINT : field == 4 ? ProtoReader.I64 : ProtoReader.LEN);
            if (field == STRING || field == KVLIST) {
                anyTo = in.lengthEnd();
                anyFrom = in.pos;
                in.pos = anyTo;
                anyCase = field;
            } else {
                in.skip(tag);
                anyCase = OTHER;
            }
        }
        in.pos = pos;
        in.limit = limit;
    }

    /** A name that repeats (namespace, metric, dimension name, unit, account, region): shared. */
    private String string(int from, int to) {
        if (!emit) {
            in.checkUtf8(from, to);
            return null;
        }
        return strings.get(in.buf, from, to);
    }

    /** A dimension value: instance ids and the like are too many to share. */
    private String valueString(int from, int to) {
        if (!emit) {
            in.checkUtf8(from, to);
            return null;
        }
        return in.string(from, to);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

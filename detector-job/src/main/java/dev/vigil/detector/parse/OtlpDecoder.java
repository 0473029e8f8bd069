package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;

import java.util.Arrays;

/**
 * Walks one {@code ExportMetricsServiceRequest} along the path CloudWatch fills: resource
 * metrics, their resource's {@code cloud.account.id} and {@code cloud.region}, scope (0.7:
 * instrumentation library) metrics, metrics with their unit, summaries, summary datapoints.
 * Everything else is skipped by its wire type, still bounds-checked.
 *
 * <p>{@link #decode} builds and emits as it goes, failing as {@link ProtoReader.Malformed} where the
 * bytes do not decode (its caller holds what was emitted until the message is done). {@link #check}
 * runs the same walk without building anything, to prove a message decodes before a decode that
 * emits straight out. Fields are read in whatever order they come, as protobuf allows: a metric's
 * unit may follow its datapoints, a resource its metrics.
 */
final class OtlpDecoder {
    private final ParseLimits limits;
    private final String source;
    private final ProtoReader in = new ProtoReader();
    private final OtlpAttributes attrs = new OtlpAttributes(in);
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
    /** Input units met by the last {@link #check}: datapoints of summaries, metrics of another type. */
    private int units;

    OtlpDecoder(ParseLimits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    /** Null when {@code buf[from, to)} decodes; otherwise what is wrong and where. */
    String check(byte[] buf, int from, int to) {
        emit = false;
        attrs.emit = false;
        units = 0;
        try {
            request(buf, from, to);
            return null;
        } catch (ProtoReader.Malformed e) {
            return e.getMessage();
        }
    }

    /**
     * How many outputs the message gives when read: one per summary datapoint and one per metric of
     * another type (its {@code wrong_type} dead letter) when it decodes, else one (its
     * {@code malformed_protobuf} dead letter). Counted apart from the decode that emits, so that a
     * count of what came out can be checked against it.
     */
    int units(byte[] buf, int from, int to) {
        return check(buf, from, to) == null ? units : 1;
    }

    /** Emits the datapoints of a message, and a dead letter for each unusable one; fails where it does not decode. */
    void decode(byte[] buf, int from, int to, int messageIndex, long referenceTime, ParseOutput<MetricDatapoint> sink) {
        emit = true;
        attrs.emit = true;
        out = sink;
        now = referenceTime;
        message = messageIndex;
        datapoint = 0;
        request(buf, from, to);
        out = null;
    }

    // The walk's steps, made once (not a lambda per message): each runs for every occurrence of its field.
    private final Runnable resourceMetrics = this::resourceMetrics;
    private final Runnable resourceAttribute = this::resourceAttribute;
    private final Runnable resource = () -> in.each(1, resourceAttribute);
    private final Runnable metric = this::metric;
    private final Runnable scopeMetrics = () -> in.each(2, metric);
    private final Runnable dataPoint = this::dataPoint;
    private final Runnable summary = () -> in.each(1, dataPoint);

    private void request(byte[] buf, int from, int to) {
        in.reset(buf, from, to);
        in.each(1, resourceMetrics);
    }

    private void resourceMetrics() {
        int start = in.pos;
        account = null;
        region = null;
        resourceProblem = null;
        in.each(1, resource);
        in.pos = start;
        in.each(2, scopeMetrics); // scope_metrics in 1.0, instrumentation_library_metrics in 0.7
    }

    private void resourceAttribute() {
        attrs.keyValue();
        boolean isAccount = attrs.keyIs(OtlpAttributes.ACCOUNT);
        if (isAccount || attrs.keyIs(OtlpAttributes.REGION)) {
            attrs.anyValue(attrs.valueFrom, attrs.valueTo);
            if (attrs.anyCase != OtlpAttributes.STRING) {
                if (resourceProblem == null) {
                    resourceProblem = new Problem(DeadLetterReason.WRONG_TYPE, "resource attribute "
                            + (isAccount ? "cloud.account.id" : "cloud.region") + " must be a string");
                }
            } else if (isAccount) {
                account = attrs.string(attrs.anyFrom, attrs.anyTo);
            } else {
                region = attrs.string(attrs.anyFrom, attrs.anyTo);
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
        unit = unitFrom < 0 ? null : attrs.string(unitFrom, unitTo);
        if (emit && unit != null) {
            unit = OtelNames.unit(unit);
        }
        if (otherData != 0) {
            units++;
            if (emit) {
                out.reject(new DeadLetter(DeadLetterReason.WRONG_TYPE, "message " + message + ": a metric with data in field "
                        + otherData + " (a gauge, sum or histogram): CloudWatch metric streams send summaries",
                        source, now, Arrays.copyOfRange(in.buf, start, end)));
            }
            return;
        }
        in.pos = start;
        in.each(11, summary); // summary (1.0), double_summary (0.7)
    }

    private void dataPoint() {
        int from = in.pos;
        int to = in.limit;
        datapoint++;
        units++;
        dp.reset();
        while (in.more()) {
            int tag = in.tag();
            switch (tag >>> 3) {
                case 1: { // 0.7: StringKeyValue labels
                    ProtoReader.expect(tag, ProtoReader.LEN);
                    int outer = in.enter();
                    attrs.keyValue();
                    attrs.label(dp);
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
                    attrs.keyValue();
                    attrs.attribute(dp);
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
}

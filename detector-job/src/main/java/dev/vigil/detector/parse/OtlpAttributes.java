package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetterReason;

import java.nio.charset.StandardCharsets;

/**
 * The key-value parts of an OTLP message, read where {@link OtlpDecoder} stands: resource
 * attributes, 1.0 datapoint attributes ({@code Namespace}, {@code MetricName}, the nested
 * {@code Dimensions} list) and 0.7 labels (every one not Namespace or MetricName a dimension).
 * Keys are compared as bytes; only what is kept becomes a String (checked to be UTF-8, as
 * protobuf requires), and while only checking ({@link #emit} false) strings are just validated.
 */
final class OtlpAttributes {
    private static final byte[] NAMESPACE = ascii("Namespace");
    private static final byte[] METRIC_NAME = ascii("MetricName");
    private static final byte[] DIMENSIONS = ascii("Dimensions");
    static final byte[] ACCOUNT = ascii("cloud.account.id");
    static final byte[] REGION = ascii("cloud.region");
    /** AnyValue's oneof cases this reader tells apart; any other is {@link #OTHER}. */
    static final int NONE = 0;
    static final int STRING = 1;
    static final int KVLIST = 6;
    static final int OTHER = -1;

    private final ProtoReader in;
    private final ByteStrings strings = new ByteStrings(4096);
    private final Runnable dimension = this::dimension;
    /** The datapoint whose Dimensions list is being read. */
    private OtlpDatapoint dp;
    boolean emit;

    // The last key-value pair or AnyValue read: byte ranges in the message, -1 when absent.
    int keyFrom;
    int keyTo;
    int valueFrom;
    int valueTo;
    int anyCase;
    int anyFrom;
    int anyTo;

    OtlpAttributes(ProtoReader in) {
        this.in = in;
    }

    /** Whether the last key read is {@code ascii}. */
    boolean keyIs(byte[] ascii) {
        return keyFrom >= 0 && in.equalsAscii(keyFrom, keyTo, ascii);
    }

    /** A 0.7 label: a string key and a string value. */
    void label(OtlpDatapoint dp) {
        if (keyFrom < 0) {
            return;
        }
        int vf = valueFrom < 0 ? keyFrom : valueFrom; // absent is proto3's empty string
        int vt = valueFrom < 0 ? keyFrom : valueTo;
        if (keyIs(NAMESPACE)) {
            dp.namespace = string(vf, vt);
        } else if (keyIs(METRIC_NAME)) {
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
    void attribute(OtlpDatapoint dp) {
        boolean ns = keyIs(NAMESPACE);
        boolean mn = !ns && keyIs(METRIC_NAME);
        boolean dims = !ns && !mn && keyIs(DIMENSIONS);
        if (!ns && !mn && !dims) {
            return; // not one CloudWatch writes
        }
        anyValue(valueFrom, valueTo);
        if (dims) {
            if (anyCase == KVLIST) {
                dimensions(dp, anyFrom, anyTo);
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

    private void dimensions(OtlpDatapoint dp, int from, int to) {
        int pos = in.pos;
        int limit = in.limit;
        in.pos = from;
        in.limit = to;
        this.dp = dp;
        in.each(1, dimension);
        in.pos = pos;
        in.limit = limit;
    }

    /** One entry of the Dimensions list: a name and a string value. */
    private void dimension() {
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
    }

    /** Reads a KeyValue (or 0.7 StringKeyValue) the reader is inside: the ranges of its key and value. */
    void keyValue() {
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
    void anyValue(int from, int to) {
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
    String string(int from, int to) {
        if (!emit) {
            ProtoReader.checkUtf8(in.buf, from, to);
            return null;
        }
        return strings.get(in.buf, from, to);
    }

    /** A dimension value: instance ids and the like are too many to share. */
    private String valueString(int from, int to) {
        if (!emit) {
            ProtoReader.checkUtf8(in.buf, from, to);
            return null;
        }
        return in.string(from, to);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

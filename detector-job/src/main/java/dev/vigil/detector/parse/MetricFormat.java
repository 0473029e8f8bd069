package dev.vigil.detector.parse;

import java.util.Locale;

/**
 * A CloudWatch metric stream's output format ({@code OutputFormat} of the stream), which decides
 * how the job reads the metrics stream's records. The codes are CloudWatch's own.
 */
public enum MetricFormat {
    /** Newline-separated JSON objects, one datapoint each. */
    JSON("json"),
    /** Length-prefixed OTLP {@code ExportMetricsServiceRequest}s, attributes as {@code KeyValue}s. */
    OPENTELEMETRY_1_0("opentelemetry1.0"),
    /** The same framing, datapoint attributes as 0.7's {@code StringKeyValue} labels. */
    OPENTELEMETRY_0_7("opentelemetry0.7");

    private final String code;

    MetricFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean binary() {
        return this != JSON;
    }

    /** By CloudWatch's code ({@code json}, {@code opentelemetry1.0}, {@code opentelemetry0.7}), any case. */
    public static MetricFormat of(String code) {
        for (MetricFormat f : values()) {
            if (f.code.equals(code.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown metric format '" + code + "': expected " + codes());
    }

    public static String codes() {
        return "json, opentelemetry1.0 or opentelemetry0.7";
    }

    /**
     * Both OpenTelemetry versions get the same reader, which takes attributes in either encoding:
     * a stream switched from one version to the other loses nothing while the job's setting
     * catches up.
     */
    public MetricRecordParser parser(ParseLimits limits, String source) {
        if (this == JSON) {
            MetricStreamParser json = new MetricStreamParser(limits, source);
            return json::parse;
        }
        return new OtlpMetricsParser(limits, source);
    }

    /**
     * What a file's (already inflated) content looks like: {@link #JSON} when its first
     * non-blank character opens an object (or it is blank), {@link #OPENTELEMETRY_1_0} (either version; they read
     * alike) when it starts with a length prefix whose message fits and opens with an
     * {@code ExportMetricsServiceRequest}'s first field, null when it is neither.
     */
    public static MetricFormat sniff(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0; // a UTF-8 byte order mark
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) {
            i++;
        }
        boolean json = i == content.length || content[i] == '{';
        // Both can look right: a JSON file whose first line is a space (a length of 32) before a
        // newline (field 1's tag), or a pretty-printed object ('{' is 123, then a newline). Then the
        // first message must also decode to be taken for OpenTelemetry.
        if (OtlpMetricsParser.startsWithMessage(content) && (!json || OtlpMetricsParser.firstMessageDecodes(content))) {
            return OPENTELEMETRY_1_0;
        }
        return json ? JSON : null;
    }
}

package dev.vigil.detector.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;

import java.io.IOException;
import java.util.Arrays;

/**
 * Parses CloudWatch metric-stream records (JSON output format; one object per line, possibly many
 * lines per record, possibly gzip) into datapoints. Each unusable line becomes a dead letter with
 * a specific reason; the good lines of the same record still pass.
 *
 * <p>Streaming parsing, not a tree model: this runs on every datapoint. Not thread-safe: one
 * instance per operator subtask.
 */
public final class MetricStreamParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Read NaN/Infinity so they are reported as non_finite rather than as malformed JSON.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Four to six doubles per line: the JDK's parser (trim, then a general algorithm) shows in profiles.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final ParseLimits limits;
    private final String source;
    private final StringCache strings = new StringCache(4096);

    // Per-line scratch state, reused to avoid allocation on the hot path.
    private String account;
    private String region;
    private String namespace;
    private String metricName;
    private String unit;
    private long timestamp;
    private boolean hasTimestamp;
    private boolean hasValue;
    private double max;
    private double min;
    private double sum;
    private double count;
    private int seenStats;
    private String[] dimNames = new String[8];
    private String[] dimValues = new String[8];
    private int dimCount;
    private String[] extraNames = new String[4];
    private double[] extraValues = new double[4];
    private int extraCount;

    public MetricStreamParser(ParseLimits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    /** Parses one Kinesis record; {@code now} is the reference time for the age checks. */
    public void parse(byte[] record, long now, ParseOutput<MetricDatapoint> out) {
        DeadLetter whole = RecordLines.forEachLine(record, source, now, limits,
                (buf, off, len) -> parseLine(buf, off, len, now, out));
        if (whole != null) {
            out.reject(whole);
        }
    }

    private void parseLine(byte[] buf, int off, int len, long now, ParseOutput<MetricDatapoint> out) {
        if (len > limits.maxLineBytes()) {
            out.reject(dead(DeadLetterReason.OVERSIZED, "line of " + len + " bytes exceeds " + limits.maxLineBytes(),
                    buf, off, len, now));
            return;
        }
        Problem problem;
        try {
            problem = read(buf, off, len);
        } catch (JsonProcessingException e) {
            problem = new Problem(DeadLetterReason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            problem = new Problem(DeadLetterReason.MALFORMED_JSON, e.getMessage());
        }
        if (problem == null) {
            problem = validate(now);
        }
        if (problem != null) {
            out.reject(dead(problem.reason, problem.message, buf, off, len, now));
            return;
        }
        out.accept(build());
    }

    private Problem read(byte[] buf, int off, int len) throws IOException {
        reset();
        try (JsonParser p = FACTORY.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Problem(DeadLetterReason.MALFORMED_JSON, "line is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken v = p.nextToken();
                Problem problem = readField(field, v, p);
                if (problem != null) {
                    return problem;
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return new Problem(DeadLetterReason.MALFORMED_JSON, "trailing content after the object");
            }
        }
        return null;
    }

    private Problem readField(String field, JsonToken v, JsonParser p) throws IOException {
        switch (field) {
            case "account_id":
                return (account = text(p, v)) == null && v != JsonToken.VALUE_NULL ? wrongType(field, "string") : null;
            case "region":
                return (region = text(p, v)) == null && v != JsonToken.VALUE_NULL ? wrongType(field, "string") : null;
            case "namespace":
                return (namespace = text(p, v)) == null && v != JsonToken.VALUE_NULL ? wrongType(field, "string") : null;
            case "metric_name":
                return (metricName = text(p, v)) == null && v != JsonToken.VALUE_NULL ? wrongType(field, "string") : null;
            case "unit":
                return (unit = text(p, v)) == null && v != JsonToken.VALUE_NULL ? wrongType(field, "string") : null;
            case "timestamp":
                if (v == JsonToken.VALUE_NUMBER_INT) {
                    timestamp = p.getLongValue();
                    hasTimestamp = true;
                    return null;
                }
                return v == JsonToken.VALUE_NULL ? null : wrongType(field, "integer epoch milliseconds");
            case "dimensions":
                return readDimensions(v, p);
            case "value":
                return readValue(v, p);
            default:
                p.skipChildren(); // metric_stream_name and fields added by future formats
                return null;
        }
    }

    private Problem readDimensions(JsonToken v, JsonParser p) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            return wrongType("dimensions", "object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) {
                return wrongType("dimensions." + name, "string");
            }
            if (dimCount == dimNames.length) {
                dimNames = Arrays.copyOf(dimNames, dimCount * 2);
                dimValues = Arrays.copyOf(dimValues, dimCount * 2);
            }
            dimNames[dimCount] = name;
            // Not interned: values such as instance ids number in the hundreds of thousands, would
            // churn a bounded cache, and each datapoint is short-lived anyway. Names are field
            // names, which Jackson already canonicalises.
            dimValues[dimCount] = p.getText();
            dimCount++;
        }
        return null;
    }

    private Problem readValue(JsonToken v, JsonParser p) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            return wrongType("value", "object of statistics");
        }
        hasValue = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                if (t == JsonToken.VALUE_NULL) {
                    continue; // reported as missing below if it is one of the four required
                }
                p.skipChildren();
                return wrongType("value." + name, "number");
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return new Problem(DeadLetterReason.NON_FINITE, "value." + name + " is " + d);
            }
            switch (name) {
                case "max":
                    max = d;
                    seenStats |= 1;
                    break;
                case "min":
                    min = d;
                    seenStats |= 2;
                    break;
                case "sum":
                    sum = d;
                    seenStats |= 4;
                    break;
                case "count":
                    count = d;
                    seenStats |= 8;
                    break;
                default:
                    if (extraCount == extraNames.length) {
                        extraNames = Arrays.copyOf(extraNames, extraCount * 2);
                        extraValues = Arrays.copyOf(extraValues, extraCount * 2);
                    }
                    extraNames[extraCount] = strings.intern(name);
                    extraValues[extraCount] = d;
                    extraCount++;
            }
        }
        return null;
    }

    private Problem validate(long now) {
        if (namespace == null) {
            return missing("namespace");
        }
        if (metricName == null) {
            return missing("metric_name");
        }
        if (!hasTimestamp) {
            return missing("timestamp");
        }
        if (!hasValue) {
            return missing("value");
        }
        if ((seenStats & 15) != 15) {
            String[] names = {"max", "min", "sum", "count"};
            for (int i = 0; i < 4; i++) {
                if ((seenStats & (1 << i)) == 0) {
                    return missing("value." + names[i]);
                }
            }
        }
        if (count < 0) {
            return new Problem(DeadLetterReason.NEGATIVE_COUNT, "value.count is " + count);
        }
        if (min > max) {
            return new Problem(DeadLetterReason.INVALID_VALUE, "value.min " + min + " exceeds value.max " + max);
        }
        return TimeChecks.check(timestamp, now, limits);
    }

    private MetricDatapoint build() {
        String[] dn = Arrays.copyOf(dimNames, dimCount);
        String[] dv = Arrays.copyOf(dimValues, dimCount);
        sortPairs(dn, dv);
        String[] en = Arrays.copyOf(extraNames, extraCount);
        double[] ev = Arrays.copyOf(extraValues, extraCount);
        sortPairs(en, ev);
        return new MetricDatapoint(account, region, namespace, metricName, dn, dv, timestamp, unit,
                max, min, sum, count, en, ev);
    }

    private void reset() {
        account = null;
        region = null;
        namespace = null;
        metricName = null;
        unit = null;
        hasTimestamp = false;
        hasValue = false;
        seenStats = 0;
        dimCount = 0;
        extraCount = 0;
    }

    private String text(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        return strings.intern(p.getText());
    }

    private DeadLetter dead(DeadLetterReason reason, String message, byte[] buf, int off, int len, long now) {
        return new DeadLetter(reason, message, source, now, Arrays.copyOfRange(buf, off, off + len));
    }

    private static Problem missing(String field) {
        return new Problem(DeadLetterReason.MISSING_FIELD, field + " is missing");
    }

    private static Problem wrongType(String field, String expected) {
        return new Problem(DeadLetterReason.WRONG_TYPE, field + " must be " + expected);
    }

    /** Insertion sort: dimension lists are short and usually already sorted. */
    private static void sortPairs(String[] names, String[] values) {
        for (int i = 1; i < names.length; i++) {
            for (int j = i; j > 0 && names[j - 1].compareTo(names[j]) > 0; j--) {
                swap(names, j);
                swap(values, j);
            }
        }
    }

    private static void sortPairs(String[] names, double[] values) {
        for (int i = 1; i < names.length; i++) {
            for (int j = i; j > 0 && names[j - 1].compareTo(names[j]) > 0; j--) {
                swap(names, j);
                double d = values[j];
                values[j] = values[j - 1];
                values[j - 1] = d;
            }
        }
    }

    private static void swap(String[] a, int j) {
        String s = a[j];
        a[j] = a[j - 1];
        a[j - 1] = s;
    }
}

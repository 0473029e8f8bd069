package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;

import java.util.Arrays;

/**
 * One OTLP summary datapoint as it is read, field by field in whatever order the message has
 * them, then checked as the JSON parser checks a line and built into the same
 * {@link MetricDatapoint}. Reused for every datapoint: {@link #reset()} between them.
 */
final class OtlpDatapoint {
    String namespace;
    String metricName;
    long startNanos;
    long count;
    double sum;
    private double min;
    private double max;
    private boolean hasMin;
    private boolean hasMax;
    private String[] dimNames = new String[8];
    private String[] dimValues = new String[8];
    private int dimCount;
    private String[] extraNames = new String[4];
    private double[] extraValues = new double[4];
    private int extraCount;
    /** The first thing wrong with it, or null. */
    Problem problem;

    void reset() {
        namespace = null;
        metricName = null;
        startNanos = 0;
        count = 0;
        sum = 0;
        hasMin = false;
        hasMax = false;
        dimCount = 0;
        extraCount = 0;
        problem = null;
    }

    void problem(DeadLetterReason reason, String message) {
        if (problem == null) {
            problem = new Problem(reason, message);
        }
    }

    void dimension(String name, String value) {
        if (dimCount == dimNames.length) {
            dimNames = Arrays.copyOf(dimNames, dimCount * 2);
            dimValues = Arrays.copyOf(dimValues, dimCount * 2);
        }
        dimNames[dimCount] = name;
        dimValues[dimCount++] = value;
    }

    /** quantile 0 is the minimum, 1 the maximum, anything between a percentile statistic. */
    void quantile(double q, double value, OtelNames names) {
        if (!Double.isFinite(value)) {
            problem(DeadLetterReason.NON_FINITE, "quantile " + q + " is " + value);
        } else if (q == 0) {
            min = value;
            hasMin = true;
        } else if (q == 1) {
            max = value;
            hasMax = true;
        } else if (q > 0 && q < 1) {
            if (extraCount == extraNames.length) {
                extraNames = Arrays.copyOf(extraNames, extraCount * 2);
                extraValues = Arrays.copyOf(extraValues, extraCount * 2);
            }
            extraNames[extraCount] = names.percentile(q);
            extraValues[extraCount++] = value;
        } else {
            problem(DeadLetterReason.INVALID_VALUE, "quantile " + q + " is outside [0, 1]");
        }
    }

    /** What the JSON parser would refuse in the same datapoint, in the same order; null when usable. */
    Problem validate(long now, ParseLimits limits) {
        if (problem != null) {
            return problem;
        }
        if (namespace == null) {
            return missing("attribute Namespace");
        }
        if (metricName == null) {
            return missing("attribute MetricName");
        }
        if (startNanos == 0) {
            return missing("startTimeUnixNano");
        }
        if (!hasMax) {
            return missing("quantile 1.0 (Maximum)");
        }
        if (!hasMin) {
            return missing("quantile 0.0 (Minimum)");
        }
        if (!Double.isFinite(sum)) {
            return new Problem(DeadLetterReason.NON_FINITE, "sum is " + sum);
        }
        if (count < 0) { // fixed64 past 2^63: not a count of samples
            return new Problem(DeadLetterReason.NEGATIVE_COUNT, "count is " + Long.toUnsignedString(count) + ", beyond 2^63");
        }
        if (min > max) {
            return new Problem(DeadLetterReason.INVALID_VALUE, "quantile 0.0 (Minimum) " + min + " exceeds quantile 1.0 (Maximum) " + max);
        }
        return TimeChecks.check(timestampMs(), now, limits);
    }

    /** CloudWatch's timestamp is the start of the aggregation interval, in milliseconds. */
    long timestampMs() {
        return Long.divideUnsigned(startNanos, 1_000_000);
    }

    MetricDatapoint build(String account, String region, String unit) {
        String[] dn = Arrays.copyOf(dimNames, dimCount);
        String[] dv = Arrays.copyOf(dimValues, dimCount);
        sort(dn, dv, null);
        String[] en = Arrays.copyOf(extraNames, extraCount);
        double[] ev = Arrays.copyOf(extraValues, extraCount);
        sort(en, null, ev);
        return new MetricDatapoint(account, region, namespace, metricName, dn, dv, timestampMs(), unit,
                max, min, sum, count, en, ev);
    }

    /** What a dead letter's message names the datapoint by. */
    String describe() {
        return namespace == null || metricName == null ? "" : " (" + namespace + " " + metricName + ")";
    }

    private static Problem missing(String field) {
        return new Problem(DeadLetterReason.MISSING_FIELD, field + " is missing");
    }

    /** Insertion sort by name, carrying the values along: lists are short and usually sorted. */
    private static void sort(String[] names, String[] strings, double[] doubles) {
        for (int i = 1; i < names.length; i++) {
            for (int j = i; j > 0 && names[j - 1].compareTo(names[j]) > 0; j--) {
                String s = names[j];
                names[j] = names[j - 1];
                names[j - 1] = s;
                if (strings != null) {
                    s = strings[j];
                    strings[j] = strings[j - 1];
                    strings[j - 1] = s;
                } else {
                    double d = doubles[j];
                    doubles[j] = doubles[j - 1];
                    doubles[j - 1] = d;
                }
            }
        }
    }
}

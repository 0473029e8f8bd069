package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One CloudWatch metric-stream datapoint: a metric's statistics over one aggregation interval.
 *
 * <p>Dimensions and extra statistics are held as parallel sorted arrays rather than maps: the
 * detector reads them on every datapoint, and arrays keep the record compact and cheap to
 * serialise. The JSON form uses objects, as the metric stream does.
 */
@TypeInfo(MetricDatapointTypeInfoFactory.class)
@JsonPropertyOrder({"account", "region", "namespace", "metricName", "dimensions", "timestamp", "unit", "statistics"})
public final class MetricDatapoint {
    private static final String[] NO_STRINGS = new String[0];
    private static final double[] NO_DOUBLES = new double[0];

    private final String account;
    private final String region;
    private final String namespace;
    private final String metricName;
    private final String[] dimensionNames;
    private final String[] dimensionValues;
    private final long timestamp;
    private final String unit;
    private final double max;
    private final double min;
    private final double sum;
    private final double count;
    private final String[] extraStatNames;
    private final double[] extraStatValues;

    /**
     * Arrays are taken as they are (no copy) and must already be sorted by name; use
     * {@link #builder()} when that is not known.
     */
    public MetricDatapoint(String account, String region, String namespace, String metricName,
                           String[] dimensionNames, String[] dimensionValues, long timestamp, String unit,
                           double max, double min, double sum, double count,
                           String[] extraStatNames, double[] extraStatValues) {
        this.account = account;
        this.region = region;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.metricName = Objects.requireNonNull(metricName, "metricName");
        this.dimensionNames = dimensionNames;
        this.dimensionValues = dimensionValues;
        this.timestamp = timestamp;
        this.unit = unit;
        this.max = max;
        this.min = min;
        this.sum = sum;
        this.count = count;
        this.extraStatNames = extraStatNames;
        this.extraStatValues = extraStatValues;
    }

    @JsonCreator
    static MetricDatapoint fromJson(@JsonProperty("account") String account,
                                    @JsonProperty("region") String region,
                                    @JsonProperty("namespace") String namespace,
                                    @JsonProperty("metricName") String metricName,
                                    @JsonProperty("dimensions") Map<String, String> dimensions,
                                    @JsonProperty("timestamp") long timestamp,
                                    @JsonProperty("unit") String unit,
                                    @JsonProperty("statistics") Map<String, Double> statistics) {
        Builder b = builder().account(account).region(region).namespace(namespace).metricName(metricName)
                .timestamp(timestamp).unit(unit);
        if (dimensions != null) {
            dimensions.forEach(b::dimension);
        }
        if (statistics != null) {
            statistics.forEach((k, v) -> b.statistic(k, v));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getAccount() {
        return account;
    }

    public String getRegion() {
        return region;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getMetricName() {
        return metricName;
    }

    /** Dimensions sorted by name. */
    @JsonProperty("dimensions")
    public Map<String, String> getDimensions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < dimensionNames.length; i++) {
            m.put(dimensionNames[i], dimensionValues[i]);
        }
        return m;
    }

    @JsonIgnore
    public int dimensionCount() {
        return dimensionNames.length;
    }

    public String dimensionName(int i) {
        return dimensionNames[i];
    }

    public String dimensionValue(int i) {
        return dimensionValues[i];
    }

    /** The value of a dimension, or null when the datapoint does not carry it. */
    public String dimension(String name) {
        int i = Arrays.binarySearch(dimensionNames, name);
        return i >= 0 ? dimensionValues[i] : null;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public String getUnit() {
        return unit;
    }

    @JsonIgnore
    public double getMax() {
        return max;
    }

    @JsonIgnore
    public double getMin() {
        return min;
    }

    @JsonIgnore
    public double getSum() {
        return sum;
    }

    @JsonIgnore
    public double getCount() {
        return count;
    }

    @JsonIgnore
    public int extraStatCount() {
        return extraStatNames.length;
    }

    public String extraStatName(int i) {
        return extraStatNames[i];
    }

    public double extraStatValue(int i) {
        return extraStatValues[i];
    }

    /** max, min, sum, count, then the extra statistics sorted by name. */
    @JsonProperty("statistics")
    public Map<String, Double> getStatistics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("max", max);
        m.put("min", min);
        m.put("sum", sum);
        m.put("count", count);
        for (int i = 0; i < extraStatNames.length; i++) {
            m.put(extraStatNames[i], extraStatValues[i]);
        }
        return m;
    }

    /**
     * A statistic by CloudWatch name: Average, Maximum, Minimum, Sum, SampleCount, or an extra one
     * the stream carries (p99, TM(10%:90%), ...). NaN when the datapoint does not carry it.
     */
    public double statistic(String name) {
        switch (name) {
            case "Average":
                return count > 0 ? sum / count : Double.NaN;
            case "Maximum":
                return max;
            case "Minimum":
                return min;
            case "Sum":
                return sum;
            case "SampleCount":
                return count;
            default:
                int i = Arrays.binarySearch(extraStatNames, name);
                return i >= 0 ? extraStatValues[i] : Double.NaN;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricDatapoint)) {
            return false;
        }
        MetricDatapoint d = (MetricDatapoint) o;
        return timestamp == d.timestamp
                && Double.compare(max, d.max) == 0 && Double.compare(min, d.min) == 0
                && Double.compare(sum, d.sum) == 0 && Double.compare(count, d.count) == 0
                && Objects.equals(account, d.account) && Objects.equals(region, d.region)
                && namespace.equals(d.namespace) && metricName.equals(d.metricName)
                && Arrays.equals(dimensionNames, d.dimensionNames) && Arrays.equals(dimensionValues, d.dimensionValues)
                && Objects.equals(unit, d.unit)
                && Arrays.equals(extraStatNames, d.extraStatNames) && Arrays.equals(extraStatValues, d.extraStatValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, metricName, Arrays.hashCode(dimensionValues), timestamp);
    }

    @Override
    public String toString() {
        return namespace + "/" + metricName + getDimensions() + "@" + timestamp + " " + getStatistics();
    }

    /** Builds a datapoint, sorting dimensions and extra statistics by name. */
    public static final class Builder {
        private String account;
        private String region;
        private String namespace;
        private String metricName;
        private final TreeMap<String, String> dimensions = new TreeMap<>();
        private long timestamp;
        private String unit;
        private double max = Double.NaN;
        private double min = Double.NaN;
        private double sum = Double.NaN;
        private double count = Double.NaN;
        private final TreeMap<String, Double> extras = new TreeMap<>();

        public Builder account(String v) {
            account = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder metricName(String v) {
            metricName = v;
            return this;
        }

        public Builder dimension(String name, String value) {
            dimensions.put(name, value);
            return this;
        }

        public Builder timestamp(long v) {
            timestamp = v;
            return this;
        }

        public Builder unit(String v) {
            unit = v;
            return this;
        }

        /** max/min/sum/count by their stream names; anything else is an extra statistic. */
        public Builder statistic(String name, double value) {
            switch (name) {
                case "max":
                    max = value;
                    break;
                case "min":
                    min = value;
                    break;
                case "sum":
                    sum = value;
                    break;
                case "count":
                    count = value;
                    break;
                default:
                    extras.put(name, value);
            }
            return this;
        }

        /** A single observation: max = min = sum = value, count = 1. */
        public Builder value(double v) {
            max = v;
            min = v;
            sum = v;
            count = 1;
            return this;
        }

        public MetricDatapoint build() {
            String[] dn = dimensions.isEmpty() ? NO_STRINGS : dimensions.keySet().toArray(new String[0]);
            String[] dv = dimensions.isEmpty() ? NO_STRINGS : dimensions.values().toArray(new String[0]);
            String[] en = extras.isEmpty() ? NO_STRINGS : extras.keySet().toArray(new String[0]);
            double[] ev = NO_DOUBLES;
            if (!extras.isEmpty()) {
                ev = new double[en.length];
                int i = 0;
                for (double v : extras.values()) {
                    ev[i++] = v;
                }
            }
            return new MetricDatapoint(account, region, namespace, metricName, dn, dv, timestamp, unit,
                    max, min, sum, count, en, ev);
        }
    }
}

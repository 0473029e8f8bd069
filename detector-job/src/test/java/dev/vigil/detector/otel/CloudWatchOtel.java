package dev.vigil.detector.otel;

import dev.vigil.schemas.MetricDatapoint;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How CloudWatch translates a datapoint for its OpenTelemetry formats, written from AWS's pages
 * ("Translations with OpenTelemetry 1.0.0 format in CloudWatch" and the 0.7.0 one) for the test
 * encoders, independently of the reader under test.
 */
final class CloudWatchOtel {
    private static final Map<String, String> UCUM = Map.ofEntries(
            Map.entry("Seconds", "s"), Map.entry("Microseconds", "us"), Map.entry("Milliseconds", "ms"),
            Map.entry("Bytes", "By"), Map.entry("Kilobytes", "kBy"), Map.entry("Megabytes", "MBy"),
            Map.entry("Gigabytes", "GBy"), Map.entry("Terabytes", "TBy"), Map.entry("Bits", "bit"),
            Map.entry("Kilobits", "kbit"), Map.entry("Megabits", "MBit"), Map.entry("Gigabits", "GBit"),
            Map.entry("Terabits", "Tbit"), Map.entry("Percent", "%"), Map.entry("Count", "{Count}"), Map.entry("None", "1"));

    private static final Map<String, String> CLOUDWATCH = new java.util.HashMap<>();

    static {
        UCUM.forEach((cw, ucum) -> CLOUDWATCH.put(ucum, cw));
    }

    private CloudWatchOtel() {}

    /** Back from UCUM: what a reader of the OpenTelemetry formats names the unit. */
    static String cloudWatchUnit(String ucum) {
        if (ucum.endsWith("/s")) {
            String per = ucum.substring(0, ucum.length() - 2);
            return CLOUDWATCH.getOrDefault(per, per) + "/Second";
        }
        return CLOUDWATCH.getOrDefault(ucum, ucum);
    }

    /** "Bytes/Second" is "By/s": each side of the slash on its own. */
    static String ucum(String unit) {
        if (unit == null) {
            return "";
        }
        int slash = unit.indexOf('/');
        if (slash > 0 && unit.substring(slash + 1).equals("Second")) {
            return UCUM.getOrDefault(unit.substring(0, slash), unit.substring(0, slash)) + "/s";
        }
        return UCUM.getOrDefault(unit, unit);
    }

    /** The metric's name: amazonaws.com/NAMESPACE/METRIC. */
    static String metricName(MetricDatapoint d) {
        return "amazonaws.com/" + d.getNamespace() + "/" + d.getMetricName();
    }

    /** Quantile, value pairs in increasing quantile order: 0 the minimum, percentiles, 1 the maximum. */
    static List<double[]> quantiles(MetricDatapoint d) {
        List<double[]> q = new ArrayList<>();
        q.add(new double[] {0.0, d.getMin()});
        for (int i = 0; i < d.extraStatCount(); i++) {
            String name = d.extraStatName(i);
            if (name.matches("p\\d+(\\.\\d+)?")) { // only percentiles stream in the OpenTelemetry formats
                q.add(new double[] {new BigDecimal(name.substring(1)).movePointLeft(2).doubleValue(), d.extraStatValue(i)});
            }
        }
        q.sort((a, b) -> Double.compare(a[0], b[0]));
        q.add(new double[] {1.0, d.getMax()});
        return q;
    }

    /** The datapoint as an OpenTelemetry format carries it: percentile statistics only. */
    static MetricDatapoint representable(MetricDatapoint d) {
        MetricDatapoint.Builder b = MetricDatapoint.builder().account(d.getAccount()).region(d.getRegion())
                .namespace(d.getNamespace()).metricName(d.getMetricName()).timestamp(d.getTimestamp()).unit(d.getUnit())
                .statistic("max", d.getMax()).statistic("min", d.getMin()).statistic("sum", d.getSum())
                .statistic("count", d.getCount());
        d.getDimensions().forEach(b::dimension);
        for (int i = 0; i < d.extraStatCount(); i++) {
            if (d.extraStatName(i).matches("p\\d+(\\.\\d+)?")) {
                b.statistic(d.extraStatName(i), d.extraStatValue(i));
            }
        }
        return b.build();
    }

    /** Consecutive datapoints of one account and region: one resource of a message each. */
    static List<List<MetricDatapoint>> byResource(List<MetricDatapoint> dps) {
        List<List<MetricDatapoint>> groups = new ArrayList<>();
        MetricDatapoint last = null;
        for (MetricDatapoint d : dps) {
            if (last == null || !java.util.Objects.equals(last.getAccount(), d.getAccount())
                    || !java.util.Objects.equals(last.getRegion(), d.getRegion())) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(d);
            last = d;
        }
        return groups;
    }

    /** Consecutive datapoints of one metric (namespace, name, unit): one Metric each. */
    static List<List<MetricDatapoint>> byMetric(List<MetricDatapoint> dps) {
        List<List<MetricDatapoint>> groups = new ArrayList<>();
        MetricDatapoint last = null;
        for (MetricDatapoint d : dps) {
            if (last == null || !last.getNamespace().equals(d.getNamespace()) || !last.getMetricName().equals(d.getMetricName())
                    || !java.util.Objects.equals(last.getUnit(), d.getUnit())) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(d);
            last = d;
        }
        return groups;
    }
}

package dev.vigil.detector.parse;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * CloudWatch's names back from their OpenTelemetry translation ("Translations with OpenTelemetry
 * 1.0.0 format in CloudWatch"), so a datapoint read from either format is the same record: units
 * from UCUM ({@code %} is Percent, {@code By/s} is Bytes/Second), quantiles as the percentile
 * statistics the JSON format keys them by (0.99 is {@code p99}, 0.999 {@code p99.9}).
 */
final class OtelNames {
    private static final Map<String, String> UNITS = new HashMap<>();

    static {
        String[][] pairs = {
            {"s", "Seconds"}, {"us", "Microseconds"}, {"ms", "Milliseconds"},
            {"By", "Bytes"}, {"kBy", "Kilobytes"}, {"MBy", "Megabytes"}, {"GBy", "Gigabytes"}, {"TBy", "Terabytes"},
            {"bit", "Bits"}, {"kbit", "Kilobits"}, {"MBit", "Megabits"}, {"GBit", "Gigabits"}, {"Tbit", "Terabits"},
            {"%", "Percent"}, {"{Count}", "Count"}, {"1", "None"},
        };
        for (String[] p : pairs) {
            UNITS.put(p[0], p[1]);
        }
        // "Units that are combined with a slash are mapped by applying the conversion of both."
        for (String[] p : pairs) {
            UNITS.put(p[0] + "/s", p[1] + "/Second");
        }
    }

    /** The quantiles seen last and their names: a stream carries the same few on every datapoint. */
    private final double[] quantiles = new double[16];
    private final String[] names = new String[16];
    private int known;

    /** The CloudWatch unit of a UCUM one; an unknown unit is kept as it is, an empty one is null. */
    static String unit(String ucum) {
        if (ucum.isEmpty()) {
            return null;
        }
        return UNITS.getOrDefault(ucum, ucum);
    }

    /** {@code p} and the quantile in percent, as short as exact: 0.5 is p50, 0.999 p99.9. */
    String percentile(double quantile) {
        for (int i = 0; i < known; i++) {
            if (quantiles[i] == quantile) {
                return names[i];
            }
        }
        String name = "p" + new BigDecimal(Double.toString(quantile)).movePointRight(2).stripTrailingZeros().toPlainString();
        if (known < quantiles.length) { // more distinct quantiles than that are named each time
            quantiles[known] = quantile;
            names[known++] = name;
        }
        return name;
    }
}

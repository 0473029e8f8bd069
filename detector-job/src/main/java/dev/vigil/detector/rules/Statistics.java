package dev.vigil.detector.rules;

import dev.vigil.schemas.MetricDatapoint;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's statistic as CloudWatch spells it, normalised to the key a metric stream carries it
 * under in its records ({@code value.p99}, {@code value["TM(25%:75%)"]}), and the check that a
 * metric stream can carry it at all (CloudWatch statistics definitions; metric streams in JSON
 * format stream all of them, see README "Rules").
 *
 * <ul>
 *   <li>{@code Average}, {@code Maximum}, {@code Minimum}, {@code Sum}, {@code SampleCount}: as the
 *       CloudWatch API spells them (its {@code Statistic} values are case-sensitive); the stream
 *       always carries {@code max}, {@code min}, {@code sum} and {@code count}.</li>
 *   <li>Percentiles and the short forms {@code p99}, {@code p99.9}, {@code tm90}, {@code wm98},
 *       {@code tc90}, {@code ts90}: any case in, lower case out (the stream writes {@code p99}).</li>
 *   <li>Ranges {@code TM(10%:90%)}, {@code WM(:95%)}, {@code TC(0.005:0.030)}, {@code TS(10%:)},
 *       {@code PR(100:2000)}, {@code PR(:300)}: any case in, upper case out (the stream writes
 *       {@code TM(25%:75%)}). Bounds are both percentages or both values; percentile rank takes
 *       values only.</li>
 *   <li>{@code IQM}, any case.</li>
 * </ul>
 */
public final class Statistics {
    public static final List<String> BASIC = Collections.unmodifiableList(
            Arrays.asList("Average", "Maximum", "Minimum", "Sum", "SampleCount"));
    /** What {@link #normalise} accepts, for error messages. */
    public static final String ACCEPTED = "Average, Maximum, Minimum, Sum, SampleCount, a percentile p0..p100 "
            + "(p99, p99.9), tm/wm/tc/ts with a percentage (tm90), TM/WM/TC/TS(lower:upper) in percentages or values "
            + "(TM(10%:90%), TM(:90%), TM(150:1000)), PR(lower:upper) in values (PR(:300), PR(100:2000)) or IQM";

    private static final String NUMBER = "\\d{1,3}(?:\\.\\d{1,10})?";
    private static final Pattern SHORT = Pattern.compile("(?i)(p|tm|wm|tc|ts)(" + NUMBER + ")");
    private static final Pattern RANGE = Pattern.compile("(?i)(tm|wm|tc|ts|pr)\\(([^():]*):([^():]*)\\)");
    private static final Pattern BOUND = Pattern.compile("(\\d+(?:\\.\\d{1,10})?)(%?)");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Map<String, String[]> ALIASES = new ConcurrentHashMap<>();
    private static final String[] NONE = new String[0];

    private Statistics() {}

    /**
     * The key the metric stream uses for {@code statistic}; throws {@link IllegalArgumentException}
     * (its message says why) for a name no metric stream can carry.
     */
    public static String normalise(String statistic) {
        if (statistic == null || statistic.trim().isEmpty()) {
            throw new IllegalArgumentException("a statistic is required");
        }
        String s = statistic.trim();
        if (BASIC.contains(s)) {
            return s;
        }
        for (String b : BASIC) {
            if (b.equalsIgnoreCase(s)) {
                throw new IllegalArgumentException("CloudWatch spells it '" + b + "'");
            }
        }
        if (s.equalsIgnoreCase("iqm")) {
            return "IQM";
        }
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            if (new BigDecimal(m.group(2)).compareTo(HUNDRED) > 0) {
                throw new IllegalArgumentException("a percentage is at most 100");
            }
            return m.group(1).toLowerCase(Locale.ROOT) + m.group(2);
        }
        m = RANGE.matcher(s);
        if (m.matches()) {
            String kind = m.group(1).toUpperCase(Locale.ROOT);
            range(kind, m.group(2), m.group(3));
            return kind + "(" + m.group(2) + ":" + m.group(3) + ")";
        }
        throw new IllegalArgumentException("not a statistic CloudWatch defines");
    }

    private static void range(String kind, String lower, String upper) {
        if (lower.isEmpty() && upper.isEmpty()) {
            throw new IllegalArgumentException("a range needs at least one bound");
        }
        Matcher lo = BOUND.matcher(lower);
        Matcher hi = BOUND.matcher(upper);
        if ((!lower.isEmpty() && !lo.matches()) || (!upper.isEmpty() && !hi.matches())) {
            throw new IllegalArgumentException("bounds are numbers, with '%' for percentages");
        }
        boolean percentLo = !lower.isEmpty() && !lo.group(2).isEmpty();
        boolean percentHi = !upper.isEmpty() && !hi.group(2).isEmpty();
        if (!lower.isEmpty() && !upper.isEmpty() && percentLo != percentHi) {
            throw new IllegalArgumentException("both bounds are percentages or both are values");
        }
        if (kind.equals("PR") && (percentLo || percentHi)) {
            throw new IllegalArgumentException("percentile rank bounds are values, not percentages");
        }
        if ((percentLo && new BigDecimal(lo.group(1)).compareTo(HUNDRED) > 0)
                || (percentHi && new BigDecimal(hi.group(1)).compareTo(HUNDRED) > 0)) {
            throw new IllegalArgumentException("a percentage is at most 100");
        }
        if (!lower.isEmpty() && !upper.isEmpty() && new BigDecimal(lo.group(1)).compareTo(new BigDecimal(hi.group(1))) > 0) {
            throw new IllegalArgumentException("the lower bound exceeds the upper");
        }
    }

    /**
     * The datapoint's value for a normalised statistic: under its own key, else under a key
     * CloudWatch defines as the same statistic ({@code tm90} is {@code TM(:90%)}, {@code IQM} is
     * {@code TM(25%:75%)}), since the stream writes whichever spelling it was configured with.
     * NaN when the datapoint carries neither.
     */
    public static double valueOf(MetricDatapoint dp, String statistic) {
        double v = dp.statistic(statistic);
        if (!Double.isNaN(v)) {
            return v;
        }
        for (String alias : ALIASES.computeIfAbsent(statistic, Statistics::aliases)) {
            v = dp.statistic(alias);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    static String[] aliases(String statistic) {
        if (statistic.equals("IQM")) {
            return new String[] {"TM(25%:75%)"};
        }
        if (statistic.equals("TM(25%:75%)")) {
            return new String[] {"IQM"};
        }
        Matcher m = SHORT.matcher(statistic);
        if (m.matches() && !m.group(1).equals("p")) {
            return new String[] {m.group(1).toUpperCase(Locale.ROOT) + "(:" + m.group(2) + "%)"};
        }
        m = RANGE.matcher(statistic);
        if (m.matches() && m.group(2).isEmpty() && m.group(3).endsWith("%") && !m.group(1).equals("PR")) {
            return new String[] {m.group(1).toLowerCase(Locale.ROOT) + m.group(3).substring(0, m.group(3).length() - 1)};
        }
        return NONE;
    }
}

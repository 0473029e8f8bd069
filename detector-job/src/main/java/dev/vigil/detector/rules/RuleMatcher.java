package dev.vigil.detector.rules;

import dev.vigil.schemas.MetricDatapoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rules a datapoint feeds. Runs on every datapoint, so the hot path
 * ({@link #forEachMatch}) allocates nothing: two hash lookups on strings the datapoint already holds
 * (their hash codes are cached by String), then an exact, in-order comparison of the sorted
 * dimension names.
 */
public final class RuleMatcher {
    private static final Binding[] NONE = new Binding[0];

    /** Receives matches without a {@link Match} being allocated. */
    public interface MatchSink {
        void accept(Rule rule, MetricRole role, String resourceId);
    }

    private static final class Binding {
        final Rule rule;
        final MetricRole role;

        Binding(Rule rule, MetricRole role) {
            this.rule = rule;
            this.role = role;
        }
    }

    // namespace -> metricName -> bindings; nested maps avoid building a composite key per datapoint.
    private final Map<String, Map<String, Binding[]>> index;
    private final RuleSet rules;

    public RuleMatcher(RuleSet rules) {
        this.rules = rules;
        Map<String, Map<String, List<Binding>>> build = new HashMap<>();
        for (Rule r : rules.rules()) {
            add(build, r, r.metricName(), MetricRole.NUMERATOR);
            if (r.isRatio()) {
                add(build, r, r.denominatorMetricName(), MetricRole.DENOMINATOR);
            }
        }
        Map<String, Map<String, Binding[]>> idx = new HashMap<>();
        for (Map.Entry<String, Map<String, List<Binding>>> ns : build.entrySet()) {
            Map<String, Binding[]> metrics = new HashMap<>();
            for (Map.Entry<String, List<Binding>> m : ns.getValue().entrySet()) {
                metrics.put(m.getKey(), m.getValue().toArray(NONE));
            }
            idx.put(ns.getKey(), metrics);
        }
        this.index = idx;
    }

    private static void add(Map<String, Map<String, List<Binding>>> build, Rule r, String metric, MetricRole role) {
        build.computeIfAbsent(r.namespace(), k -> new HashMap<>())
                .computeIfAbsent(metric, k -> new ArrayList<>())
                .add(new Binding(r, role));
    }

    public RuleSet ruleSet() {
        return rules;
    }

    /** Calls {@code sink} once per rule the datapoint feeds; returns how many. Allocation-free. */
    public int forEachMatch(MetricDatapoint dp, MatchSink sink) {
        Map<String, Binding[]> metrics = index.get(dp.getNamespace());
        if (metrics == null) {
            return 0;
        }
        Binding[] bindings = metrics.get(dp.getMetricName());
        if (bindings == null) {
            return 0;
        }
        int n = 0;
        for (Binding b : bindings) {
            if (dimensionsMatch(b.rule, dp)) {
                String resource = dp.dimension(b.rule.resourceDimension());
                sink.accept(b.rule, b.role, resource);
                n++;
            }
        }
        return n;
    }

    /** Convenience form of {@link #forEachMatch}; allocates a list only when something matches. */
    public List<Match> match(MetricDatapoint dp) {
        List<Match> out = null;
        Map<String, Binding[]> metrics = index.get(dp.getNamespace());
        Binding[] bindings = metrics == null ? null : metrics.get(dp.getMetricName());
        if (bindings == null) {
            return Collections.emptyList();
        }
        for (Binding b : bindings) {
            if (dimensionsMatch(b.rule, dp)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new Match(b.rule, b.role, dp.dimension(b.rule.resourceDimension())));
            }
        }
        return out == null ? Collections.emptyList() : out;
    }

    /**
     * CloudWatch-style exact match: the datapoint carries exactly the rule's dimension keys, no
     * more and no fewer (AWS/EC2 CPUUtilization by InstanceId is a different series from the one by
     * AutoScalingGroupName). Both sides are sorted by name, so this is one pass.
     */
    public static boolean dimensionsMatch(Rule rule, MetricDatapoint dp) {
        String[] keys = rule.dimensionKeys();
        if (dp.dimensionCount() != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (!keys[i].equals(dp.dimensionName(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stable key for the (rule, series) pair: rule id, account, region and the dimension values in
     * name order. Account and region are included because TargetGroup and ASG names repeat across
     * accounts. The numerator and denominator of a ratio rule produce the same key.
     */
    public static String seriesKey(Rule rule, MetricDatapoint dp) {
        StringBuilder sb = new StringBuilder(96).append(rule.id()).append('|')
                .append(dp.getAccount()).append('|').append(dp.getRegion());
        for (int i = 0; i < dp.dimensionCount(); i++) {
            sb.append('|').append(dp.dimensionName(i)).append('=').append(dp.dimensionValue(i));
        }
        return sb.toString();
    }
}

package dev.vigil.tools.deploy;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CloudWatch metric stream's include filters and statistics configurations, from the rules
 * the detector runs: only the namespaces and metrics some rule (or peer rule) watches are streamed,
 * since the stream's per-update fee is most of the running cost, and a rule on an extended
 * statistic (p99, TM(10%:90%), ...) gets it added to its metric's updates (the stream sends only
 * max, min, sum and count otherwise).
 *
 * <pre>
 * MetricStreamFilters --rules LOCATION [--template deploy/vigil.yaml --out FILE]
 * </pre>
 * Without a template it prints the YAML fragment; with one it writes the template with the fragment
 * between its {@code BEGIN/END generated metric-stream filters} markers replaced.
 */
public final class MetricStreamFilters {
    static final String BEGIN = "# BEGIN generated metric-stream filters";
    static final String END = "# END generated metric-stream filters";
    private static final Set<String> STANDARD = new TreeSet<>(Arrays.asList("Average", "Maximum", "Minimum", "Sum", "SampleCount"));

    /** Namespace → metric names watched. */
    final Map<String, Set<String>> metrics = new TreeMap<>();
    /** Namespace → metric → extended statistics needed. */
    final Map<String, Map<String, Set<String>>> extended = new TreeMap<>();

    MetricStreamFilters(RuleSet rules, RuleSet peers) {
        for (Rule r : rules.rules()) {
            watch(r.namespace(), r.metricName(), r.statistic());
            if (r.isRatio()) {
                watch(r.namespace(), r.denominatorMetricName(), r.statistic());
            }
        }
        for (Rule p : peers.rules()) {
            watch(p.namespace(), p.metricName(), p.statistic());
        }
    }

    public static MetricStreamFilters of(String rulesLocation) {
        RulesFile file = RulesFile.load(rulesLocation);
        return new MetricStreamFilters(file.rules(), file.peers());
    }

    private void watch(String namespace, String metric, String statistic) {
        metrics.computeIfAbsent(namespace, k -> new TreeSet<>()).add(metric);
        if (statistic != null && !STANDARD.contains(statistic)) {
            extended.computeIfAbsent(namespace, k -> new TreeMap<>()).computeIfAbsent(metric, k -> new TreeSet<>())
                    .add(statistic);
        }
    }

    /** The properties of the template's MetricStream resource, indented for it. */
    String yaml(String indent) {
        StringBuilder b = new StringBuilder();
        b.append(indent).append(BEGIN).append(" (MetricStreamFilters; scripts/deploy writes them for --rules)\n");
        b.append(indent).append("IncludeFilters:\n");
        for (Map.Entry<String, Set<String>> ns : metrics.entrySet()) {
            b.append(indent).append("  - Namespace: ").append(ns.getKey()).append('\n');
            b.append(indent).append("    MetricNames:\n");
            for (String m : ns.getValue()) {
                b.append(indent).append("      - ").append(m).append('\n');
            }
        }
        if (!extended.isEmpty()) {
            b.append(indent).append("StatisticsConfigurations:\n");
            for (Map.Entry<String, Map<String, Set<String>>> ns : extended.entrySet()) {
                for (Map.Entry<String, Set<String>> m : ns.getValue().entrySet()) {
                    b.append(indent).append("  - IncludeMetrics:\n");
                    b.append(indent).append("      - Namespace: ").append(ns.getKey()).append('\n');
                    b.append(indent).append("        MetricName: ").append(m.getKey()).append('\n');
                    b.append(indent).append("    AdditionalStatistics:\n");
                    for (String s : m.getValue()) {
                        b.append(indent).append("      - \"").append(s).append("\"\n");
                    }
                }
            }
        }
        b.append(indent).append(END).append('\n');
        return b.toString();
    }

    /** The template with its generated block replaced (the markers' indentation is kept). */
    String rewrite(String template) {
        int begin = template.indexOf(BEGIN);
        int end = template.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("template has no '" + BEGIN + "' ... '" + END + "' block");
        }
        int lineStart = template.lastIndexOf('\n', begin) + 1;
        String indent = template.substring(lineStart, begin);
        int after = template.indexOf('\n', end) + 1;
        return template.substring(0, lineStart) + yaml(indent) + template.substring(after);
    }

    /** Share of streamed metrics that also stream extended statistics (one more billed update each). */
    double extendedShare() {
        int extendedMetrics = 0;
        for (Map<String, Set<String>> m : extended.values()) {
            extendedMetrics += m.size();
        }
        return metricCount() == 0 ? 0 : (double) extendedMetrics / metricCount();
    }

    /** Metric names streamed, all namespaces: what the cost estimate counts series of. */
    int metricCount() {
        int n = 0;
        for (Set<String> s : metrics.values()) {
            n += s.size();
        }
        return n;
    }

    public static void main(String[] args) throws IOException {
        String rules = RuleSet.DEFAULT_LOCATION;
        Path template = null;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rules":
                    rules = args[i + 1];
                    break;
                case "--template":
                    template = Paths.get(args[i + 1]);
                    break;
                case "--out":
                    out = Paths.get(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MetricStreamFilters f = of(rules);
        if (template == null) {
            System.out.print(f.yaml(""));
            return;
        }
        String written = f.rewrite(new String(Files.readAllBytes(template), StandardCharsets.UTF_8));
        Files.write(out == null ? template : out, written.getBytes(StandardCharsets.UTF_8));
        List<String> namespaces = new java.util.ArrayList<>(f.metrics.keySet());
        System.err.println("metric-stream filters: " + f.metricCount() + " metrics in " + namespaces + ", extended statistics "
                + f.extended);
    }
}

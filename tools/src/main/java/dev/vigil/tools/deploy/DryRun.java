package dev.vigil.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/deploy --dry-run}: what the stack would create with the given parameters (the
 * template's conditions evaluated) and its estimated monthly cost for a number of series.
 *
 * <pre>
 * DryRun --template FILE [--parameters FILE] [--series N] [--rules LOCATION]
 * </pre>
 * The parameters file is a JSON object of parameter name to value (the form scripts/deploy takes).
 */
public final class DryRun {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode template;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    DryRun(JsonNode template, Map<String, String> overrides) {
        this.template = template;
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            parameters.put(p.getKey(), p.getValue().path("Default").asText(""));
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!parameters.containsKey(o.getKey())) {
                throw new IllegalArgumentException("parameter " + o.getKey() + " is not in the template");
            }
            parameters.put(o.getKey(), o.getValue());
        }
        for (Iterator<String> it = template.path("Conditions").fieldNames(); it.hasNext(); ) {
            String c = it.next();
            conditions.put(c, eval(template.path("Conditions").path(c)));
        }
    }

    private String value(JsonNode n) {
        if (n.has("Ref")) {
            String p = parameters.get(n.get("Ref").asText());
            if (p == null) {
                throw new IllegalArgumentException("condition refers to " + n.get("Ref") + ", not a parameter");
            }
            return p;
        }
        return n.asText();
    }

    private boolean eval(JsonNode n) {
        if (n.has("Fn::Equals")) {
            return value(n.get("Fn::Equals").get(0)).equals(value(n.get("Fn::Equals").get(1)));
        }
        if (n.has("Fn::Not")) {
            return !eval(n.get("Fn::Not").get(0));
        }
        if (n.has("Fn::And") || n.has("Fn::Or")) {
            boolean and = n.has("Fn::And");
            boolean r = and;
            for (JsonNode c : n.get(and ? "Fn::And" : "Fn::Or")) {
                r = and ? r && eval(c) : r || eval(c);
            }
            return r;
        }
        if (n.has("Condition")) {
            return conditions.get(n.get("Condition").asText());
        }
        throw new IllegalArgumentException("unsupported condition " + n);
    }

    /** Logical id → type of every resource the stack would create. */
    Map<String, String> resources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            String c = r.getValue().path("Condition").asText(null);
            if (c == null || conditions.get(c)) {
                out.put(r.getKey(), r.getValue().path("Type").asText());
            }
        }
        return out;
    }

    CostEstimate.Shape shape(long series, MetricStreamFilters filters) {
        CostEstimate.Shape s = new CostEstimate.Shape();
        s.series = series;
        s.extendedShare = filters.extendedShare();
        int parallelism = Integer.parseInt(parameters.get("DetectorParallelism"));
        int perKpu = Integer.parseInt(parameters.get("DetectorParallelismPerKPU"));
        s.detectorKpu = (parallelism + perKpu - 1) / perKpu;
        s.actionsKpu = conditions.get("SeparateActions") ? Integer.parseInt(parameters.get("ActionsParallelism")) : 0;
        s.onDemand = "ON_DEMAND".equals(parameters.get("StreamMode"));
        s.metricsShards = Integer.parseInt(parameters.get("MetricsShardCount"));
        s.otherShards = Integer.parseInt(parameters.get("OtherShardCount"));
        s.alarms = (int) resources().values().stream().filter("AWS::CloudWatch::Alarm"::equals).count();
        return s;
    }

    static Map<String, String> readParameters(File f) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (f == null) {
            return out;
        }
        JsonNode n = JSON.readTree(f);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        File templateFile = null;
        File params = null;
        long series = 100_000;
        String rules = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--template":
                    templateFile = new File(args[i + 1]);
                    break;
                case "--parameters":
                    params = args[i + 1].isEmpty() ? null : new File(args[i + 1]);
                    break;
                case "--series":
                    series = Long.parseLong(args[i + 1]);
                    break;
                case "--rules":
                    rules = args[i + 1];
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DryRun d = new DryRun(YAML.readTree(templateFile), readParameters(params));
        MetricStreamFilters filters = MetricStreamFilters.of(rules != null ? rules : d.parameters.get("RulesLocation"));
        Map<String, String> resources = d.resources();
        System.out.println("would create or update " + resources.size() + " resources:");
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (Map.Entry<String, String> r : resources.entrySet()) {
            byType.computeIfAbsent(r.getValue(), k -> new ArrayList<>()).add(r.getKey());
        }
        for (Map.Entry<String, List<String>> t : byType.entrySet()) {
            System.out.println("  " + t.getKey() + ": " + String.join(", ", t.getValue()));
        }
        System.out.println("metric stream: " + filters.metricCount() + " metrics in " + filters.metrics.keySet()
                + (filters.extended.isEmpty() ? "" : ", extra statistics " + filters.extended));
        CostEstimate.Shape shape = d.shape(series, filters);
        System.out.printf(java.util.Locale.ROOT, "estimated monthly cost for %,d series (%s):%n", series, Prices.SOURCE);
        System.out.print(CostEstimate.table(CostEstimate.monthly(shape)));
    }
}

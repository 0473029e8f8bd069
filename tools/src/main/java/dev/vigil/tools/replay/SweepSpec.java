package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.detector.anomaly.AnomalyConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep, read from YAML (or JSON); relative paths are relative to the spec file:
 * <pre>
 * nab: data                 # NAB-layout folder (required)
 * windows: windows.json     # labelled windows (default: windows.json next to the folder)
 * config: job.json          # the job config to start from (default: built-in defaults)
 * out: sweep-out            # where the table and the best config go (default: sweep-out next to the spec)
 * parallel: 2               # replays at once (default: the machine's cores)
 * parameters:               # AnomalyParam names or rule.m/rule.n/rule.healthy/rule.keepFiringMinutes, with values
 *   threshold: [0.4, 0.45, 0.5]
 *   burst.h: [3, 4]
 * </pre>
 */
final class SweepSpec {
    final Path nab;
    final Path windows;
    final Path config;
    final Path out;
    final int parallel;
    final Map<String, List<Double>> parameters;

    private SweepSpec(Path nab, Path windows, Path config, Path out, int parallel, Map<String, List<Double>> parameters) {
        this.nab = nab;
        this.windows = windows;
        this.config = config;
        this.out = out;
        this.parallel = parallel;
        this.parameters = parameters;
    }

    static SweepSpec read(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping with nab, parameters, ...");
        }
        Path base = file.toAbsolutePath().getParent();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("nab", "windows", "config", "out", "parallel", "parameters").contains(k)) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "'");
            }
        }
        if (!root.hasNonNull("nab")) {
            throw new IllegalArgumentException(file + ": 'nab' (the NAB-layout data folder) is required");
        }
        Path nab = base.resolve(root.get("nab").asText());
        Path windows = root.hasNonNull("windows") ? base.resolve(root.get("windows").asText())
                : nab.resolveSibling("windows.json");
        Path config = root.hasNonNull("config") ? base.resolve(root.get("config").asText()) : null;
        Path out = base.resolve(root.hasNonNull("out") ? root.get("out").asText() : "sweep-out");
        int parallel = root.hasNonNull("parallel") ? root.get("parallel").asInt()
                : Runtime.getRuntime().availableProcessors();
        if (parallel < 1) {
            throw new IllegalArgumentException(file + ": parallel: expected >= 1, got " + parallel);
        }
        JsonNode params = root.get("parameters");
        if (params == null || !params.isObject() || params.size() == 0) {
            throw new IllegalArgumentException(file + ": 'parameters' must map parameter names to lists of values");
        }
        Map<String, List<Double>> grid = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!dev.vigil.tools.nab.LabelledRule.DECISION_KEYS.contains(e.getKey())) {
                AnomalyConfig.defaults().get(e.getKey()); // an unknown name fails here, listing the known ones
            }
            List<Double> values = new ArrayList<>();
            JsonNode v = e.getValue();
            for (JsonNode x : v.isArray() ? v : List.of(v)) {
                if (!x.isNumber()) {
                    throw new IllegalArgumentException(file + ": parameters." + e.getKey() + ": expected numbers, got " + x);
                }
                values.add(x.asDouble());
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(file + ": parameters." + e.getKey() + ": no values");
            }
            grid.put(e.getKey(), values);
        }
        return new SweepSpec(nab, windows, config, out, parallel, grid);
    }

    /** Every combination, the first parameter varying slowest. */
    List<Map<String, Double>> grid() {
        List<Map<String, Double>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Double>> e : parameters.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> p : points) {
                for (Double v : e.getValue()) {
                    Map<String, Double> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }
}

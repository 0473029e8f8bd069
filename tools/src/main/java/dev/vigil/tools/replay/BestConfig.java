package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vigil.detector.rules.RuleSet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a sweep's best point as configuration the job reads unchanged: {@code best-rules.yaml}
 * (the base rules with the model parameters set in every anomaly rule's {@code anomaly:} map and
 * the decision keys in its M of N, healthy threshold and keep-firing, so the job's anomaly rules
 * and the labelled replays both use them) and {@code best-config.json} (the base
 * job config's groups with {@code Detector.rules.location} pointing at that rules file).
 */
final class BestConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BestConfig() {}

    /** Returns the config file written. */
    static Path write(ReplaySettings base, Map<String, Double> parameters, Path outDir) throws IOException {
        String location = base.detector().rulesLocation();
        JsonNode rules;
        try (InputStream in = open(location)) {
            rules = location.endsWith(".json") ? JSON.readTree(in) : YAML.readTree(in);
        }
        int anomalyRules = 0;
        for (JsonNode rule : rules.path("rules")) {
            if ("anomaly".equals(rule.path("detector").asText())) {
                ObjectNode anomaly = rule.has("anomaly") && rule.get("anomaly").isObject()
                        ? (ObjectNode) rule.get("anomaly") : ((ObjectNode) rule).putObject("anomaly");
                for (Map.Entry<String, Double> e : parameters.entrySet()) {
                    double v = e.getValue();
                    switch (e.getKey()) {
                        case "rule.m": ((ObjectNode) rule).put("datapointsToAlarm", (int) Math.round(v)); break;
                        case "rule.n": ((ObjectNode) rule).put("evaluationPeriods", (int) Math.round(v)); break;
                        case "rule.healthy": ((ObjectNode) rule).put("healthyThreshold", (int) Math.round(v)); break;
                        case "rule.keepFiringMinutes": ((ObjectNode) rule).put("keepFiringSeconds", Math.round(v * 60)); break;
                        default: anomaly.put(e.getKey(), v);
                    }
                }
                anomalyRules++;
            }
        }
        if (anomalyRules == 0) {
            throw new IllegalArgumentException(location + " has no anomaly rule to carry the tuned parameters");
        }
        Path rulesFile = outDir.resolve("best-rules.yaml").toAbsolutePath();
        YAML.writeValue(rulesFile.toFile(), rules);
        RuleSet.load(rulesFile.toString()); // the job must accept it: fail here, not at deploy time

        ObjectNode config = JSON.createObjectNode();
        for (Map.Entry<String, Properties> g : base.groups().entrySet()) {
            ObjectNode group = config.putObject(g.getKey());
            for (String k : new java.util.TreeSet<>(g.getValue().stringPropertyNames())) {
                group.put(k, g.getValue().getProperty(k));
            }
        }
        ObjectNode detector = config.has("Detector") ? (ObjectNode) config.get("Detector") : config.putObject("Detector");
        detector.put("rules.location", rulesFile.toString());
        Path configFile = outDir.resolve("best-config.json").toAbsolutePath();
        JSON.writeValue(configFile.toFile(), config);
        return configFile;
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            InputStream in = BestConfig.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()));
            if (in == null) {
                throw new IOException("rules file not found on the classpath: " + location);
            }
            return in;
        }
        return Files.newInputStream(Paths.get(location));
    }
}

package dev.vigil.detector.replay;

import dev.vigil.common.config.ConfigFile;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What a replay is configured with, read from the file the job itself reads ({@code DetectorJob
 * --config}: JSON property groups). Only the Detector group and {@code Input.metrics.format} matter
 * here: the settings, and the rules file, whose anomaly rule lends its {@code anomaly:} parameters
 * to the NAB rule (the rule with id {@value #NAB_RULE_ID} if the file has one, else its first
 * anomaly rule). So a tuned rules file changes the job and the replay alike. A {@code name=value} properties file of anomaly
 * parameters (the older replay format) is still read.
 */
public final class ReplaySettings {
    public static final String NAB_RULE_ID = "nab-anomaly";

    private final Map<String, Properties> groups;
    private final DetectorConfig detector;
    private final AnomalyConfig anomaly;

    private ReplaySettings(Map<String, Properties> groups, DetectorConfig detector, AnomalyConfig anomaly) {
        this.groups = groups;
        this.detector = detector;
        this.anomaly = anomaly;
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings(Collections.emptyMap(), DetectorConfig.defaults(), AnomalyConfig.defaults());
    }

    /** Reads a job config file (JSON groups) or a legacy properties file of anomaly parameters. */
    public static ReplaySettings load(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (!text.trim().startsWith("{")) {
            return defaults().withAnomaly(legacyProperties(file, text));
        }
        Map<String, Properties> groups = JobConfig.readJson(file);
        DetectorConfig detector = JobConfig.detectorOf(groups);
        return new ReplaySettings(groups, detector, anomalyOf(detector.rules().rules()));
    }

    /** Defaults overridden by the {@code anomaly:} parameters of the rules' NAB (or first) anomaly rule. */
    public static AnomalyConfig anomalyOf(RuleSet rules) {
        Rule chosen = rules.get(NAB_RULE_ID);
        if (chosen == null) {
            for (Rule r : rules.rules()) {
                if (r.detector() == DetectorType.ANOMALY) {
                    chosen = r;
                    break;
                }
            }
        }
        AnomalyConfig c = AnomalyConfig.defaults();
        if (chosen != null) {
            for (Map.Entry<String, Double> e : chosen.anomalyParameters().entrySet()) {
                c = c.with(e.getKey(), e.getValue());
            }
        }
        return c;
    }

    private static AnomalyConfig legacyProperties(Path file, String text) throws IOException {
        String jobKey = ConfigFile.propertiesKey(text);
        if (jobKey != null) {
            // A job-config key in name=value form: the job reads JSON groups, so this file would not work there either.
            throw new ConfigGroups.ConfigException(file + ": sets the job-config key " + jobKey + " as name=value, but "
                    + "--config takes the job's JSON config file, e.g. " + ConfigFile.example(jobKey)
                    + " (a name=value file may only hold anomaly parameters such as threshold=0.5)");
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        }
        AnomalyConfig c = AnomalyConfig.defaults();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(name).trim();
            double d;
            try {
                d = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": anomaly parameter " + name + ": expected a number, got '"
                        + value + "'");
            }
            try {
                c = c.with(name, d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    public ReplaySettings withAnomaly(AnomalyConfig a) {
        return new ReplaySettings(groups, detector, a);
    }

    /** The job config's property groups as read (empty without a JSON config). */
    public Map<String, Properties> groups() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** The config file's {@code Input.metrics.format}, or null when it names none (each file tells its own). */
    MetricFormat metricFormat() {
        Properties input = groups.get("Input");
        String v = input == null ? null : input.getProperty("metrics.format");
        return v == null || v.trim().isEmpty() ? null : detector.metricFormat();
    }

    public DetectorConfig detector() {
        return detector;
    }

    /** Parameters of the NAB rule. */
    public AnomalyConfig anomaly() {
        return anomaly;
    }
}

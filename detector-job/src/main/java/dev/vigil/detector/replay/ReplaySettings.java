package dev.vigil.detector.replay;

import dev.vigil.common.config.ConfigFile;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.LegacyState;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.nab.LabelledRule;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.rules.Rule;

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
 * here: the settings, and the rules file, whose anomaly rule a labelled replay runs under
 * ({@link LabelledRule}: the rule with id {@value LabelledRule#PREFERRED_ID} if the file has one,
 * else its first anomaly rule). So a tuned rules file changes the job and the replay alike. A
 * {@code name=value} properties file of overrides (anomaly parameters and
 * {@link LabelledRule#DECISION_KEYS}) is still read. (The Actions group is read by {@code --actions}.)
 */
public final class ReplaySettings {
    private final Map<String, Properties> groups;
    private final DetectorConfig detector;
    private final Map<String, Double> overrides;

    private ReplaySettings(Map<String, Properties> groups, DetectorConfig detector, Map<String, Double> overrides) {
        this.groups = groups;
        this.detector = detector;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings(Collections.emptyMap(), DetectorConfig.defaults(), Collections.emptyMap());
    }

    /** Reads a job config file (JSON groups) or a properties file of overrides. */
    public static ReplaySettings load(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (!text.trim().startsWith("{")) {
            Map<String, Double> overrides = properties(file, text);
            try {
                return defaults().withOverrides(overrides);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        Map<String, Properties> groups = JobConfig.readJson(file);
        // The rules were read and checked by detectorOf; the replay rule is made from them now, so a
        // rules file without an anomaly rule, or with a bad parameter, fails before the replay runs.
        ReplaySettings s = new ReplaySettings(groups, JobConfig.detectorOf(groups), Collections.emptyMap());
        s.labelledRule();
        return s;
    }

    private static Map<String, Double> properties(Path file, String text) throws IOException {
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
        Map<String, Double> m = new LinkedHashMap<>();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(name).trim();
            try {
                m.put(name, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": anomaly parameter " + name + ": expected a number, got '"
                        + value + "'");
            }
        }
        return m;
    }

    /** The same settings with more overrides on top. */
    public ReplaySettings withOverrides(Map<String, Double> more) {
        Map<String, Double> m = new LinkedHashMap<>(overrides);
        m.putAll(more);
        ReplaySettings s = new ReplaySettings(groups, detector, m);
        s.labelledRule();
        return s;
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

    public Map<String, Double> overrides() {
        return overrides;
    }

    /** The rule a labelled replay runs every series under. */
    public Rule labelledRule() {
        return LabelledRule.from(detector.rules().rules(), overrides);
    }

    /** The model parameters of that rule. */
    public AnomalyConfig anomaly() {
        Map<String, Double> p = new LinkedHashMap<>(labelledRule().anomalyParameters());
        p.keySet().removeAll(LegacyState.Layout.KEYS);
        return AnomalyConfig.of(p);
    }
}

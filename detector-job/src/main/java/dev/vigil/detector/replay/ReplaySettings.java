package dev.vigil.detector.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.LegacyState;
import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.nab.LabelledRule;
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
 * --config}: JSON property groups). Only the Detector group matters here: its settings, and its
 * rules file, whose anomaly rule a labelled replay runs under ({@link LabelledRule}: the rule with
 * id {@value LabelledRule#PREFERRED_ID} if the file has one, else its first anomaly rule). So a
 * tuned rules file changes the job and the replay alike. A {@code name=value} properties file of
 * overrides (anomaly parameters and {@link LabelledRule#DECISION_KEYS}) is still read.
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
            return defaults().withOverrides(properties(text));
        }
        Map<String, Properties> groups = JobConfig.readJson(file);
        ReplaySettings s = new ReplaySettings(groups, JobConfig.detectorOf(groups), Collections.emptyMap());
        s.labelledRule(); // a rules file without an anomaly rule, or a bad parameter, fails here
        return s;
    }

    private static Map<String, Double> properties(String text) throws IOException {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            m.put(name, Double.parseDouble(p.getProperty(name).trim()));
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

    public DetectorConfig detector() {
        return detector;
    }

    public Map<String, Double> overrides() {
        return overrides;
    }

    /** The rule a labelled replay runs every series under. */
    public Rule labelledRule() {
        return LabelledRule.from(RuleSet.load(detector.rulesLocation()), overrides);
    }

    /** The model parameters of that rule. */
    public AnomalyConfig anomaly() {
        Map<String, Double> p = new LinkedHashMap<>(labelledRule().anomalyParameters());
        p.keySet().removeAll(LegacyState.Layout.KEYS);
        return AnomalyConfig.of(p);
    }
}

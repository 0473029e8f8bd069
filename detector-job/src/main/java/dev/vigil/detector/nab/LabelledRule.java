package dev.vigil.detector.nab;

import dev.vigil.detector.rules.Comparison;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.TreatMissingData;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule a replayed recording runs under: the job's own anomaly rule (its model parameters and
 * its decision: period, M of N, healthy threshold, keep-firing) with only what a recording needs
 * changed: it names the replay's metric, watches both sides of the band (a labelled anomaly may be
 * a dip or a spike) and ignores missing periods (a recording's gaps are lost data, not a healthy
 * or a broken service; and a five-minute recording in one-minute periods must count its rows, not
 * its empty minutes, towards recovery). So tuning the job's rules file tunes the replay, and the
 * replay's score is the job's.
 */
public final class LabelledRule {
    public static final String ID = "labelled-anomaly";
    public static final String NAMESPACE = "Replay";
    public static final String METRIC = "value";
    public static final String DIMENSION = "Series";
    /** The rule picked from a rules file when it has one with this id; else its first anomaly rule. */
    public static final String PREFERRED_ID = "nab-anomaly";

    /** Decision overrides a tuning run may set (not model parameters, so not in the model's config). */
    public static final List<String> DECISION_KEYS =
            List.of("rule.m", "rule.n", "rule.healthy", "rule.keepFiringMinutes");

    private LabelledRule() {}

    /** The anomaly rule of a rule set whose parameters a replay borrows; null when it has none. */
    public static Rule baseOf(RuleSet rules) {
        Rule chosen = rules.get(PREFERRED_ID);
        if (chosen != null && chosen.detector() == DetectorType.ANOMALY) {
            return chosen;
        }
        for (Rule r : rules.rules()) {
            if (r.detector() == DetectorType.ANOMALY) {
                return r;
            }
        }
        return null;
    }

    /** The replay rule from the bundled default rules. */
    public static Rule fromDefaults() {
        return from(RuleSet.loadDefault(), Map.of());
    }

    /**
     * The replay rule from {@code rules}' anomaly rule, with {@code overrides}: model parameter names
     * replace the rule's {@code anomaly:} values, {@link #DECISION_KEYS} its decision.
     */
    public static Rule from(RuleSet rules, Map<String, Double> overrides) {
        Rule base = baseOf(rules);
        if (base == null) {
            throw new IllegalArgumentException("the rules have no anomaly rule to replay with");
        }
        return from(base, overrides);
    }

    public static Rule from(Rule base, Map<String, Double> overrides) {
        Map<String, Double> anomaly = new LinkedHashMap<>(base.anomalyParameters());
        int m = base.datapointsToAlarm();
        int n = base.evaluationPeriods();
        int healthy = base.healthyThreshold();
        long keepFiring = base.keepFiringSeconds();
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            double v = e.getValue();
            switch (e.getKey()) {
                case "rule.m": m = (int) Math.round(v); break;
                case "rule.n": n = (int) Math.round(v); break;
                case "rule.healthy": healthy = (int) Math.round(v); break;
                case "rule.keepFiringMinutes": keepFiring = Math.round(v * 60); break;
                default: anomaly.put(e.getKey(), v);
            }
        }
        return Rule.builder().id(ID)
                .namespace(NAMESPACE).metricName(METRIC).dimensions(List.of(DIMENSION))
                .statistic("Average").periodSeconds(base.periodSeconds()).detector(DetectorType.ANOMALY)
                .comparison(Comparison.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD).anomalyParameters(anomaly)
                .datapointsToAlarm(m).evaluationPeriods(n).treatMissingData(TreatMissingData.IGNORE)
                .healthyThreshold(healthy).keepFiringSeconds((int) keepFiring)
                .impairmentType(ImpairmentType.SERVICE_DEGRADATION).severity(Severity.MEDIUM)
                .resourceDimension(DIMENSION).resourceType(ResourceType.SERIES)
                .recommendedActions(java.util.Collections.singletonList(ActionType.NOTIFY)).build();
    }

    /** The rule as a rules file (the replay job loads its rules from a location). */
    public static String yaml(Rule r) {
        StringBuilder anomaly = new StringBuilder();
        for (Map.Entry<String, Double> e : r.anomalyParameters().entrySet()) {
            anomaly.append("      \"").append(e.getKey()).append("\": ").append(e.getValue()).append('\n');
        }
        return "rules:\n"
                + "  - id: " + r.id() + "\n"
                + "    namespace: " + r.namespace() + "\n"
                + "    metricName: " + r.metricName() + "\n"
                + "    dimensions: [" + DIMENSION + "]\n"
                + "    statistic: " + r.statistic() + "\n"
                + "    periodSeconds: " + r.periodSeconds() + "\n"
                + "    detector: anomaly\n"
                + "    comparison: " + r.comparison().cloudWatchName() + "\n"
                + (anomaly.length() == 0 ? "" : "    anomaly:\n" + anomaly)
                + "    datapointsToAlarm: " + r.datapointsToAlarm() + "\n"
                + "    evaluationPeriods: " + r.evaluationPeriods() + "\n"
                + "    treatMissingData: " + r.treatMissingData().cloudWatchName() + "\n"
                + "    healthyThreshold: " + r.healthyThreshold() + "\n"
                + "    keepFiringSeconds: " + r.keepFiringSeconds() + "\n"
                + "    impairmentType: " + r.impairmentType().name() + "\n"
                + "    severity: " + r.severity().name() + "\n"
                + "    resourceDimension: " + DIMENSION + "\n"
                + "    resourceType: SERIES\n"
                + "    recommendedActions: [NOTIFY]\n";
    }
}

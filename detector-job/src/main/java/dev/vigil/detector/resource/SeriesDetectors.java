package dev.vigil.detector.resource;

import dev.vigil.detector.anomaly.AnomalySeriesDetector;
import dev.vigil.detector.eval.SeriesDetector;
import dev.vigil.detector.eval.ThresholdDetector;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;

/** What judges each period of a new series of a rule: its static threshold, or an anomaly model of its own. */
public final class SeriesDetectors {
    private SeriesDetectors() {}

    public static SeriesDetector forRule(Rule rule) {
        if (rule.detector() == DetectorType.THRESHOLD) {
            return ThresholdDetector.forRule(rule);
        }
        if (rule.detector() == DetectorType.ANOMALY) {
            return AnomalySeriesDetector.forRule(rule);
        }
        throw new IllegalArgumentException("rule " + rule.id() + " judges no series: it is a " + rule.detector() + " rule");
    }
}

package dev.vigil.detector.eval;

import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;

/** Creates the detector for a new series of a rule. */
public interface SeriesDetectorFactory {
    SeriesDetector create(Rule rule);

    /**
     * Threshold rules get a {@link ThresholdDetector}; anomaly rules are handed to {@code anomaly}
     * (the anomaly model is provided elsewhere). Stateless detectors may be cached per rule by the caller.
     */
    static SeriesDetectorFactory withAnomaly(SeriesDetectorFactory anomaly) {
        return rule -> rule.detector() == DetectorType.THRESHOLD ? ThresholdDetector.forRule(rule) : anomaly.create(rule);
    }

    /** Threshold rules only; anomaly rules fail until an anomaly model is plugged in. */
    static SeriesDetectorFactory thresholdOnly() {
        return withAnomaly(rule -> {
            throw new UnsupportedOperationException("no anomaly detector configured for rule " + rule.id());
        });
    }
}

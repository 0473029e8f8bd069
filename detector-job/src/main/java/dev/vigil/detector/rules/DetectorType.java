package dev.vigil.detector.rules;

/** Which {@code SeriesDetector} judges each period of a rule. */
public enum DetectorType {
    THRESHOLD("threshold"),
    ANOMALY("anomaly");

    private final String yamlName;

    DetectorType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    static DetectorType fromName(String name) {
        for (DetectorType t : values()) {
            if (t.yamlName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}

package dev.vigil.detector.rules;

/**
 * How a rule judges its metric: each period of a series against a static threshold or the anomaly
 * model's band (a {@code SeriesDetector}), or each member of a group against its peers.
 */
public enum DetectorType {
    THRESHOLD("threshold"),
    ANOMALY("anomaly"),
    PEER("peer");

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

package dev.vigil.detector.rules;

/** CloudWatch's treatMissingData policies. */
public enum TreatMissingData {
    MISSING("missing"),
    NOT_BREACHING("notBreaching"),
    BREACHING("breaching"),
    IGNORE("ignore");

    private final String cloudWatchName;

    TreatMissingData(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    static TreatMissingData fromName(String name) {
        for (TreatMissingData t : values()) {
            if (t.cloudWatchName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}

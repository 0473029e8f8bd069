package dev.vigil.detector.rules;

/**
 * CloudWatch comparison operators. The first four are for static thresholds, the last three for
 * anomaly-detection bands (as CloudWatch separates them).
 */
public enum Comparison {
    GREATER_THAN_THRESHOLD("GreaterThanThreshold", false),
    GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", false),
    LESS_THAN_THRESHOLD("LessThanThreshold", false),
    LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", false),
    LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD("LessThanLowerOrGreaterThanUpperThreshold", true),
    GREATER_THAN_UPPER_THRESHOLD("GreaterThanUpperThreshold", true),
    LESS_THAN_LOWER_THRESHOLD("LessThanLowerThreshold", true);

    private final String cloudWatchName;
    private final boolean band;

    Comparison(String cloudWatchName, boolean band) {
        this.cloudWatchName = cloudWatchName;
        this.band = band;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    /** True for the anomaly-band operators, which compare against a band rather than one value. */
    public boolean isBand() {
        return band;
    }

    /**
     * True when a larger value is worse: the recovery threshold must then be at or below the
     * threshold, and an anomaly band rule watches values above the expected one.
     */
    public boolean isUpward() {
        return this == GREATER_THAN_THRESHOLD || this == GREATER_THAN_OR_EQUAL_TO_THRESHOLD
                || this == GREATER_THAN_UPPER_THRESHOLD;
    }

    /** Whether {@code value} breaches a static {@code threshold}; false for NaN and for band operators. */
    public boolean breaches(double value, double threshold) {
        switch (this) {
            case GREATER_THAN_THRESHOLD:
                return value > threshold;
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD:
                return value >= threshold;
            case LESS_THAN_THRESHOLD:
                return value < threshold;
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD:
                return value <= threshold;
            default:
                return false;
        }
    }

    /** Whether {@code value} is outside the band [lower, upper] in the direction this operator watches. */
    public boolean breachesBand(double value, double lower, double upper) {
        switch (this) {
            case LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD:
                return value < lower || value > upper;
            case GREATER_THAN_UPPER_THRESHOLD:
                return value > upper;
            case LESS_THAN_LOWER_THRESHOLD:
                return value < lower;
            default:
                return false;
        }
    }

    /** By CloudWatch name; null when unknown (the caller reports it with context). */
    static Comparison fromName(String name) {
        for (Comparison c : values()) {
            if (c.cloudWatchName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}

package dev.vigil.detector.rules;

public enum ResourceType {
    EC2_INSTANCE,
    TARGET_GROUP,
    LOAD_BALANCER,
    RDS_INSTANCE,
    RDS_CLUSTER,
    AUTO_SCALING_GROUP,
    /** A series with no AWS resource behind it (replays of labelled recordings). */
    SERIES
}

package dev.vigil.detector.rules;

/**
 * What kind of impairment a rule opens. Local to the rules package for now; it mirrors the schemas
 * impairment type by name so the mapping later is {@code valueOf(name())}.
 */
public enum ImpairmentKind {
    INSTANCE_FAILURE,
    SERVICE_DEGRADATION,
    NETWORK,
    RESOURCE_EXHAUSTION,
    APPLICATION_ERROR,
    DATABASE
}

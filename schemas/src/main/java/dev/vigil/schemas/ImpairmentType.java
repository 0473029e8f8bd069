package dev.vigil.schemas;

/** What kind of impairment a record describes. Append new constants at the end: serialized state stores the ordinal. */
public enum ImpairmentType {
    INSTANCE_FAILURE,
    SERVICE_DEGRADATION,
    NETWORK,
    RESOURCE_EXHAUSTION,
    APPLICATION_ERROR,
    DATABASE,
    ZONE,
    FLEET
}

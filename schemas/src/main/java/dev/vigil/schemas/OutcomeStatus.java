package dev.vigil.schemas;

/** How one recovery action ended. Append new constants at the end: serialized state stores the ordinal. */
public enum OutcomeStatus {
    SUCCEEDED,
    FAILED,
    SKIPPED,
    DRY_RUN
}

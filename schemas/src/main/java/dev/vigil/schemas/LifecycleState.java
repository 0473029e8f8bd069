package dev.vigil.schemas;

/** Where an impairment is in its life: opened once, updated on change, resolved once. Append new constants at the end: serialized state stores the ordinal. */
public enum LifecycleState {
    OPEN,
    UPDATE,
    RESOLVED
}

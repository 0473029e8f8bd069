package dev.vigil.schemas;

/** How bad an impairment is, lowest first. Append new constants at the end: serialized state stores the ordinal. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}

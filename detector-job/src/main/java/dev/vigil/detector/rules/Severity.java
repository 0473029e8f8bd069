package dev.vigil.detector.rules;

public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}

package dev.vigil.detector.rules;

/** What a matched datapoint is to its rule: the metric itself (or a ratio's numerator), or a ratio's denominator. */
public enum MetricRole {
    NUMERATOR,
    DENOMINATOR
}

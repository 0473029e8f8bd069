package dev.vigil.detector.parse;

import dev.vigil.schemas.MetricDatapoint;

/**
 * Turns one metric-stream Kinesis record into datapoints and dead letters. Implementations keep
 * scratch state: one instance per operator subtask, never shared between threads.
 */
public interface MetricRecordParser {
    /** Parses one record; {@code now} is the reference time for the age checks. */
    void parse(byte[] record, long now, ParseOutput<MetricDatapoint> out);
}

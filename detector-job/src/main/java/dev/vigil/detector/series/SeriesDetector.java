package dev.vigil.detector.series;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Judges one period's value of one series. Called once per evaluated period, in period order,
 * including periods without data (value NaN), so a stateful model sees time pass.
 *
 * <p>Stateless detectors (thresholds) may be shared by every series of a rule. Stateful ones (the
 * anomaly model) are one instance per series; their state is checkpointed with the series through
 * {@link #writeState}/{@link #readState}, right after the series evaluator's own state.
 */
public interface SeriesDetector {

    /** @param value the period's aggregated value, NaN when the period had no data */
    Verdict evaluate(long periodStartMs, double value);

    /** True when the instance holds per-series state and so must not be shared. */
    default boolean isStateful() {
        return false;
    }

    default void writeState(DataOutput out) throws IOException {
    }

    default void readState(DataInput in) throws IOException {
    }
}

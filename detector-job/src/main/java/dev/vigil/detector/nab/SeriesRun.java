package dev.vigil.detector.nab;

import dev.vigil.detector.eval.Evaluation;
import dev.vigil.detector.eval.Placement;
import dev.vigil.detector.eval.SeriesEvaluator;
import dev.vigil.detector.eval.Verdict;
import dev.vigil.detector.resource.SeriesDetectors;
import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.MetricDatapoint;

import java.util.List;

/**
 * One recorded series under one rule, through the production decision chain in plain Java: the
 * {@link SeriesEvaluator} the job keeps per series (periods, the detector, M of N with
 * treatMissingData, healthy threshold and keep-firing), fed one row at a time and advanced to the
 * end of the row's period, as the job's evaluate-on-complete does for one-minute periods. A
 * resource with this one series opens an impairment exactly when the series starts firing, so
 * {@link #step} returning true is the onset the replay reads from the impairment stream.
 *
 * <p>The tuning harness and the model's tests run this, so what they score is what the job does.
 */
public final class SeriesRun {
    private static final String[] NO_NAMES = new String[0];
    private static final double[] NO_VALUES = new double[0];

    private final Rule rule;
    private final SeriesEvaluator evaluator;
    private final String[] dimensionNames;
    private final String[] dimensionValues;
    private final long periodMs;
    private boolean firing;
    private Verdict verdict = Verdict.noData();
    private long late;
    private long duplicates;

    public SeriesRun(Rule rule) {
        this.rule = rule;
        this.evaluator = new SeriesEvaluator(rule, SeriesDetectors.forRule(rule));
        this.periodMs = rule.periodMs();
        this.dimensionNames = rule.dimensions().toArray(new String[0]);
        this.dimensionValues = new String[dimensionNames.length];
        java.util.Arrays.fill(dimensionValues, "series");
    }

    /**
     * Feeds the next row (ascending time); true when an impairment opens at this row: its period,
     * or an empty period since the previous row, started firing.
     */
    public boolean step(long timestampMs, double value) {
        MetricDatapoint dp = new MetricDatapoint("replay", "local", rule.namespace(), rule.metricName(), dimensionNames,
                dimensionValues, timestampMs, null, value, value, value, 1.0, NO_NAMES, NO_VALUES);
        Placement placed = evaluator.place(dp, MetricRole.NUMERATOR);
        if (placed == Placement.DUPLICATE) {
            duplicates++; // the same row again: the job drops it and counts it (datapointsDuplicate)
            return false;
        }
        if (placed == Placement.LATE) {
            late++; // a second row in a period already evaluated: the job dead-letters it as late
            return false;
        }
        long start = Math.floorDiv(timestampMs, periodMs) * periodMs;
        boolean onset = false;
        List<Evaluation> evaluations = evaluator.advance(start + periodMs);
        for (int i = 0; i < evaluations.size(); i++) {
            Evaluation e = evaluations.get(i);
            onset |= e.firing() && !firing;
            firing = e.firing();
            if (e.periodStartMs() == start) {
                verdict = e.verdict();
            }
        }
        return onset;
    }

    /** The verdict of the last row's period: its score, expected value and band. */
    public Verdict verdict() {
        return verdict;
    }

    public boolean firing() {
        return firing;
    }

    /** Rows that fell in a period already evaluated. */
    public long late() {
        return late;
    }

    /** Rows the series had already counted (same timestamp and value). */
    public long duplicates() {
        return duplicates;
    }
}

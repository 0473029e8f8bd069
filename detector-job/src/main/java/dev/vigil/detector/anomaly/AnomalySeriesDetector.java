package dev.vigil.detector.anomaly;

import dev.vigil.detector.eval.SeriesDetector;
import dev.vigil.detector.eval.Verdict;
import dev.vigil.detector.rules.Comparison;
import dev.vigil.detector.rules.Rule;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The anomaly model behind the detector seam: one model per series, breaching when the score
 * reaches the configured threshold on the side the rule's band comparison watches.
 */
public final class AnomalySeriesDetector implements SeriesDetector {
    private final AnomalyConfig config;
    private final Comparison comparison;
    private final LegacyState.Layout legacy;
    private AnomalyModel model;

    public AnomalySeriesDetector(AnomalyConfig config, Comparison comparison) {
        this(config, comparison, LegacyState.Layout.DEFAULT);
    }

    public AnomalySeriesDetector(AnomalyConfig config, Comparison comparison, LegacyState.Layout legacy) {
        this.config = config;
        this.comparison = comparison;
        this.legacy = legacy;
        this.model = new AnomalyModel(config);
    }

    /**
     * The rule's {@code anomaly:} overrides applied to the defaults; an unknown name fails naming
     * it. The previous model's layout parameters ({@link LegacyState.Layout#KEYS}) are accepted:
     * they tell how to read that model's state, and change nothing else.
     */
    public static AnomalySeriesDetector forRule(Rule rule) {
        Map<String, Double> params = new LinkedHashMap<>(rule.anomalyParameters());
        params.keySet().removeAll(LegacyState.Layout.KEYS);
        return new AnomalySeriesDetector(AnomalyConfig.of(params), rule.comparison(),
                LegacyState.Layout.of(rule.anomalyParameters()));
    }

    /** The layout this detector reads a format-4 model in. */
    public LegacyState.Layout legacyLayout() {
        return legacy;
    }

    /**
     * The same detector reading a format-4 model to the end of its input: for a reader that hands
     * it exactly the series' bytes, having found their end by structure ({@code SeriesBytes}).
     */
    public AnomalySeriesDetector readingLegacyToEnd() {
        return new AnomalySeriesDetector(config, comparison, LegacyState.Layout.TO_END);
    }

    @Override
    public Verdict evaluate(long periodStartMs, double value) {
        if (Double.isNaN(value)) {
            return Verdict.noData();
        }
        AnomalyResult r = model.update(periodStartMs, value);
        boolean onWatchedSide = comparison == null || !comparison.isBand()
                || comparison == Comparison.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD
                || (comparison.isUpward() ? value > r.expected() : value < r.expected());
        boolean breaching = !r.warmingUp() && r.score() >= config.threshold() && onWatchedSide;
        return new Verdict(breaching ? Verdict.Outcome.BREACHING : Verdict.Outcome.NOT_BREACHING, value,
                r.expected(), r.lower(), r.upper(), r.score(), !breaching);
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        model.writeTo(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        model = AnomalyModel.readFrom(in, config, legacy);
    }
}

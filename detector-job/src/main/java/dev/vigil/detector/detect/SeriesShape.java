package dev.vigil.detector.detect;

import dev.vigil.detector.eval.Aggregation;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * What a series' state means and how its bytes are laid out, as far as its rule decides them:
 * the period (open periods and the next period to evaluate are aligned to it), how a period's
 * value is accumulated, the statistic and metric it is of, and whether a model's state follows.
 * A rule restored with the same shape keeps its series' state; one whose shape changed restarts
 * the series (see {@link ResourceStateReader}). Threshold, M of N, missing data, healthy
 * threshold, keep-firing, severity and actions are not in it: they change the next judgements,
 * not what the state holds, so the state is kept across them.
 *
 * <p>Written (layout 4) through the resource's string table, enums by name.
 */
final class SeriesShape {
    /** How the bytes of one open period are sized: one number, two, or a ratio's two with its minutes. */
    enum Kind { ONE, TWO, RATIO }

    final long periodMs;
    final String aggregation;
    final String statistic;
    final String detector;
    /** namespace, metric and the ratio's denominator: the same rule id over another metric is another series. */
    final String metric;

    SeriesShape(long periodMs, String aggregation, String statistic, String detector, String metric) {
        this.periodMs = periodMs;
        this.aggregation = aggregation;
        this.statistic = statistic;
        this.detector = detector;
        this.metric = metric;
    }

    static SeriesShape of(Rule rule) {
        return new SeriesShape(rule.periodMs(), Aggregation.forRule(rule).name(), rule.statistic(), rule.detector().name(),
                rule.namespace() + "|" + rule.metricName() + (rule.isRatio() ? "|" + rule.denominatorMetricName() : ""));
    }

    Kind kind() {
        return kindOf(Aggregation.valueOf(aggregation));
    }

    static Kind kindOf(Aggregation a) {
        switch (a) {
            case RATIO:
                return Kind.RATIO;
            case AVERAGE:
            case EXTENDED_WEIGHTED_MEAN:
                return Kind.TWO;
            default:
                return Kind.ONE;
        }
    }

    boolean stateful() {
        return DetectorType.ANOMALY.name().equals(detector);
    }

    /** What differs from {@code other}, for the log; empty when nothing does. */
    String differences(SeriesShape other) {
        StringBuilder sb = new StringBuilder();
        if (periodMs != other.periodMs) {
            sb.append("period ").append(other.periodMs / 1000).append(" s -> ").append(periodMs / 1000).append(" s; ");
        }
        if (!aggregation.equals(other.aggregation) || !statistic.equals(other.statistic)) {
            sb.append("statistic ").append(other.statistic).append(" -> ").append(statistic).append("; ");
        }
        if (!detector.equals(other.detector)) {
            sb.append("detector ").append(other.detector).append(" -> ").append(detector).append("; ");
        }
        if (!metric.equals(other.metric)) {
            sb.append("metric ").append(other.metric).append(" -> ").append(metric).append("; ");
        }
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
    }

    void writeTo(DataOutput out, StateStrings strings) throws IOException {
        out.writeLong(periodMs);
        StateStrings.writeVarInt(out, strings.ref(aggregation));
        StateStrings.writeVarInt(out, strings.ref(statistic));
        StateStrings.writeVarInt(out, strings.ref(detector));
        StateStrings.writeVarInt(out, strings.ref(metric));
    }

    /** Registers this shape's strings in the table before it is written. */
    void register(StateStrings strings) {
        strings.ref(aggregation);
        strings.ref(statistic);
        strings.ref(detector);
        strings.ref(metric);
    }

    static SeriesShape readFrom(DataInput in, String[] strings) throws IOException {
        long period = in.readLong();
        String aggregation = ResourceStateReader.string(strings, StateStrings.readVarInt(in));
        String statistic = ResourceStateReader.string(strings, StateStrings.readVarInt(in));
        String detector = ResourceStateReader.string(strings, StateStrings.readVarInt(in));
        String metric = ResourceStateReader.string(strings, StateStrings.readVarInt(in));
        try {
            Aggregation.valueOf(aggregation);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("unknown aggregation '" + aggregation + "' in series state");
        }
        return new SeriesShape(period, aggregation, statistic, detector, metric);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesShape)) {
            return false;
        }
        SeriesShape s = (SeriesShape) o;
        return periodMs == s.periodMs && aggregation.equals(s.aggregation) && statistic.equals(s.statistic)
                && detector.equals(s.detector) && metric.equals(s.metric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(periodMs, aggregation, statistic, detector, metric);
    }
}

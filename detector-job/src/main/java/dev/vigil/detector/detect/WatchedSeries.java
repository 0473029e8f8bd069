package dev.vigil.detector.detect;

import dev.vigil.detector.eval.Evaluation;
import dev.vigil.detector.eval.SeriesDetectorFactory;
import dev.vigil.detector.eval.SeriesEvaluator;
import dev.vigil.detector.eval.Verdict;
import dev.vigil.detector.health.Signal;
import dev.vigil.detector.rules.RecommendedAction;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One watched series: its evaluator and the start of its current breach episode. */
final class WatchedSeries implements Comparable<WatchedSeries> {
    final Rule rule;
    final SeriesEvaluator evaluator;
    /** Dimension values in the order of the rule's (sorted) dimension names. */
    final String[] values;
    long episodeStart = Long.MIN_VALUE;
    /** Start of the earliest period that received data; the first one to evaluate. */
    long firstPeriodStart = Long.MAX_VALUE;
    int cleanRun;
    boolean wasFiring;

    WatchedSeries(Rule rule, SeriesEvaluator evaluator, String[] values) {
        this.rule = rule;
        this.evaluator = evaluator;
        this.values = values;
    }

    /** What the series' state was written under, to tell on restore whether its rule changed. */
    SeriesShape shape() {
        return SeriesShape.of(rule);
    }

    @Override
    public int compareTo(WatchedSeries o) {
        int c = rule.id().compareTo(o.rule.id());
        for (int i = 0; c == 0 && i < Math.min(values.length, o.values.length); i++) {
            c = values[i].compareTo(o.values[i]);
        }
        return c != 0 ? c : Integer.compare(values.length, o.values.length);
    }

    /** Only evidence needs the names with the values: rarely, so built then. */
    Map<String, String> dimensions() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> names = rule.dimensions();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return m;
    }

    /** Start of the breaching run while it has not reached M of N (fired) yet; Long.MAX_VALUE when none. */
    long pendingRunStart() {
        return !wasFiring && episodeStart != Long.MIN_VALUE && cleanRun < rule.evaluationPeriods()
                ? episodeStart : Long.MAX_VALUE;
    }

    /** The signal an evaluation gives, or null when it changes nothing. */
    Signal observe(Evaluation e) {
        Verdict v = e.verdict();
        if (v.outcome() == Verdict.Outcome.BREACHING) {
            // First breaching period of the episode: MTTD is measured from here.
            if (episodeStart == Long.MIN_VALUE || cleanRun >= rule.evaluationPeriods()) {
                episodeStart = e.periodStartMs();
            }
            cleanRun = 0;
        } else if (!e.firing()) {
            cleanRun++;
        }
        boolean firing = e.firing();
        boolean changed = firing != wasFiring;
        wasFiring = firing;
        if (!firing) {
            if (changed) {
                episodeStart = Long.MIN_VALUE;
                return Signal.clear("rule:" + rule.id());
            }
            return null;
        }
        // While firing, only a fresh breach carries new evidence; the lifecycle ignores repeats.
        if (!changed && v.outcome() != Verdict.Outcome.BREACHING) {
            return null;
        }
        return new Signal("rule:" + rule.id(), true, episodeStart == Long.MIN_VALUE ? e.periodStartMs() : episodeStart,
                ImpairmentType.valueOf(rule.impairmentType().name()), Severity.valueOf(rule.severity().name()),
                evidence(e), actions());
    }

    private Evidence evidence(Evaluation e) {
        Verdict v = e.verdict();
        Evidence.Builder b = Evidence.builder(EvidenceKind.METRIC).ruleId(rule.id())
                .metric(rule.namespace(), rule.isRatio() ? rule.metricName() + "/" + rule.denominatorMetricName()
                        : rule.metricName(), dimensions())
                .statistic(rule.statistic()).period(e.periodStartMs(), e.periodSeconds()).value(e.value())
                .message(rule.datapointsToAlarm() + " of " + rule.evaluationPeriods() + " periods breaching");
        if (rule.comparison().isBand()) {
            b.band(v.threshold(), v.lowerBound(), v.upperBound(), v.score()).threshold(rule.comparison().cloudWatchName(), Double.NaN);
        } else {
            b.threshold(rule.comparison().cloudWatchName(), rule.threshold());
        }
        return b.build();
    }

    private ActionType[] actions() {
        List<RecommendedAction> list = rule.recommendedActions();
        ActionType[] out = new ActionType[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ActionType.valueOf(list.get(i).name());
        }
        return out;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(episodeStart);
        out.writeLong(firstPeriodStart);
        StateStrings.writeVarInt(out, cleanRun);
        out.writeBoolean(wasFiring);
        evaluator.writeTo(out);
    }

    static WatchedSeries readFrom(Rule rule, String[] values, SeriesDetectorFactory factory, DataInput in) throws IOException {
        long episodeStart = in.readLong();
        long firstPeriodStart = in.readLong();
        int cleanRun = StateStrings.readVarInt(in);
        boolean wasFiring = in.readBoolean();
        WatchedSeries s = new WatchedSeries(rule, SeriesEvaluator.readFrom(rule, factory.create(rule), in), values);
        s.episodeStart = episodeStart;
        s.firstPeriodStart = firstPeriodStart;
        s.cleanRun = cleanRun;
        s.wasFiring = wasFiring;
        return s;
    }
}

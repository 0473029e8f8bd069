package dev.vigil.detector.resource;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.series.Episode;
import dev.vigil.detector.series.Evaluation;
import dev.vigil.detector.series.SeriesEvaluator;
import dev.vigil.detector.series.Verdict;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One watched series: its evaluator and its current breach episode, or, read from state and not
 * needed since, its stored bytes ({@link StoredSeries}), decoded on first use.
 */
final class WatchedSeries implements Comparable<WatchedSeries> {
    final Rule rule;
    /** Dimension values in the order of the rule's (sorted) dimension names. */
    final String[] values;
    private SeriesEvaluator evaluator;
    private Episode episode;
    /** Start of the earliest period that received data; the first one to evaluate. */
    long firstPeriodStart = Long.MAX_VALUE;
    /** Non-null while the series is its stored bytes. */
    private StoredSeries stored;

    WatchedSeries(Rule rule, SeriesEvaluator evaluator, String[] values) {
        this.rule = rule;
        this.evaluator = evaluator;
        this.values = values;
        this.episode = new Episode(rule.evaluationPeriods());
    }

    /** A series kept as its stored bytes, which {@link StoredSeries#scan} accepted under {@code rule}. */
    WatchedSeries(Rule rule, String[] values, StoredSeries stored) {
        this.rule = rule;
        this.values = values;
        this.stored = stored;
        this.firstPeriodStart = stored.firstPeriodStart;
    }

    SeriesEvaluator evaluator() {
        decode();
        return evaluator;
    }

    Episode episode() {
        decode();
        return episode;
    }

    /** The stored bytes while the series is not decoded, else null. */
    StoredSeries stored() {
        return stored;
    }

    private void decode() {
        if (stored == null) {
            return;
        }
        StoredSeries s = stored;
        stored = null;
        try {
            StateInput in = new StateInput(s.bytes, s.from, s.to - s.from);
            readBody(ResourceStateReader.sliceDetector(rule), in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes left");
            }
        } catch (IOException e) {
            // The scan walked the same bytes: it accepts none that reading refuses.
            throw new IllegalStateException("series of rule " + rule.id() + " passed the scan but does not read", e);
        }
    }

    /** As {@link SeriesEvaluator#completeThrough}, without decoding a stored series. */
    long completeThrough() {
        return stored != null ? stored.completeThrough() : evaluator.completeThrough();
    }

    boolean isDormant() {
        return stored != null ? stored.isDormant() : evaluator.isDormant();
    }

    long nextPeriodStartMs() {
        return stored != null ? stored.nextPeriodStartMs : evaluator.nextPeriodStartMs();
    }

    boolean isFiring() {
        return stored != null ? stored.isFiring() : evaluator.isFiring();
    }

    boolean isIdle(long watermarkMs, long retentionMs) {
        return stored != null ? stored.isIdle(watermarkMs, retentionMs) : evaluator.isIdle(watermarkMs, retentionMs);
    }

    /** As {@link SeriesEvaluator#advance}; a stored series with nothing to evaluate stays stored. */
    List<Evaluation> advance(long watermarkMs) {
        if (stored != null && !stored.changesBy(watermarkMs)) {
            return java.util.Collections.emptyList();
        }
        return evaluator().advance(watermarkMs);
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
        return episode().pendingRunStart();
    }

    /** The signal an evaluation gives, or null when it changes nothing. */
    Signal observe(Evaluation e) {
        decode();
        switch (episode.observe(e)) {
            case CLEARED:
                return Signal.clear("rule:" + rule.id());
            case FIRED:
            case BREACHED:
                // While firing, only a fresh breach carries new evidence; the lifecycle ignores repeats.
                return new Signal("rule:" + rule.id(), true, episode.firstBreach(e), rule.impairmentType(),
                        rule.severity(), evidence(e), rule.recommendedActions().toArray(new ActionType[0]));
            default:
                return null;
        }
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

    /** Writes the series; a stored one is its bytes as they were. */
    void writeTo(DataOutput out) throws IOException {
        if (stored != null) {
            out.write(stored.bytes, stored.from, stored.to - stored.from);
            return;
        }
        out.writeLong(episode.start());
        out.writeLong(firstPeriodStart);
        StateStrings.writeVarInt(out, episode.cleanRun());
        out.writeBoolean(episode.wasFiring());
        evaluator.writeTo(out);
    }

    static WatchedSeries readFrom(Rule rule, String[] values, DataInput in) throws IOException {
        return readFrom(rule, values, SeriesDetectors.forRule(rule), in);
    }

    /** As above, with the detector to read the model's state into (a fresh one of the rule). */
    static WatchedSeries readFrom(Rule rule, String[] values, dev.vigil.detector.series.SeriesDetector detector, DataInput in)
            throws IOException {
        WatchedSeries s = new WatchedSeries(rule, null, values);
        s.readBody(detector, in);
        return s;
    }

    private void readBody(dev.vigil.detector.series.SeriesDetector detector, DataInput in) throws IOException {
        long episodeStart = in.readLong();
        long first = in.readLong();
        int cleanRun = StateStrings.readVarInt(in);
        boolean wasFiring = in.readBoolean();
        evaluator = SeriesEvaluator.readFrom(rule, detector, in);
        if (episode == null) {
            episode = new Episode(rule.evaluationPeriods());
        }
        episode.restore(episodeStart, cleanRun, wasFiring);
        firstPeriodStart = first;
    }
}

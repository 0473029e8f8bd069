package dev.vigil.detector.detect;

import dev.vigil.detector.eval.Evaluation;
import dev.vigil.detector.eval.SeriesDetectorFactory;
import dev.vigil.detector.eval.SeriesEvaluator;
import dev.vigil.detector.eval.Verdict;
import dev.vigil.detector.health.ImpairmentLifecycle;
import dev.vigil.detector.health.Signal;
import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.RecommendedAction;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the detector knows about one resource: one evaluator per watched series, and the
 * resource's impairment lifecycle. Plain Java; the keyed Flink function keeps one per resource.
 */
public final class ResourceDetector {
    private static final int VERSION = 1;

    private final String resourceKey;
    private final String resourceId;
    private String resourceType;
    private final String account;
    private final String region;
    private final TreeMap<String, Series> series = new TreeMap<>();
    private final ImpairmentLifecycle lifecycle;
    private long lastDataMs = Long.MIN_VALUE;
    /** Events waiting for the watermark, so they interleave with period evaluations in event time. */
    private final List<HealthEvent> pendingEvents = new ArrayList<>(0);

    public ResourceDetector(String resourceKey, String resourceId, String resourceType, String account, String region) {
        this.resourceKey = resourceKey;
        this.resourceId = resourceId;
        this.resourceType = resourceType;
        this.account = account;
        this.region = region;
        this.lifecycle = new ImpairmentLifecycle(resourceKey, resourceId, resourceType, account, region);
    }

    /** Resource key: account/region/id, the same whether a datapoint or an event names it. */
    public static String keyOf(String account, String region, String resourceId) {
        return account + "/" + region + "/" + resourceId;
    }

    /** Places a datapoint in its rule's series; false when its period was already evaluated (late). */
    public boolean accept(Rule rule, MetricRole role, MetricDatapoint dp, SeriesDetectorFactory factory) {
        String key = RuleMatcher.seriesKey(rule, dp);
        Series s = series.get(key);
        if (s == null) {
            s = new Series(rule, new SeriesEvaluator(rule, factory.create(rule)), dp.getDimensions());
            series.put(key, s);
            if (resourceType == null) {
                resourceType = rule.resourceType().name();
            }
        }
        lastDataMs = Math.max(lastDataMs, dp.getTimestamp());
        long periodStart = Math.floorDiv(dp.getTimestamp(), rule.periodMs()) * rule.periodMs();
        s.firstPeriodStart = Math.min(s.firstPeriodStart, periodStart);
        return s.evaluator.accept(dp, role);
    }

    /** Newest datapoint timestamp seen; Long.MIN_VALUE before any. */
    public long lastDataMs() {
        return lastDataMs;
    }

    /** Time of the earliest queued event; Long.MIN_VALUE when none. */
    public long nextEventTime() {
        return pendingEvents.isEmpty() ? Long.MIN_VALUE : pendingEvents.get(0).getTime();
    }

    /** The longest period among this resource's series. */
    public long maxPeriodMs() {
        long max = 0;
        for (Series s : series.values()) {
            max = Math.max(max, s.rule.periodMs());
        }
        return max;
    }

    /** Queues an event naming this resource; it takes effect when the watermark passes its time. */
    public void addEvent(HealthEvent event) {
        int i = pendingEvents.size();
        while (i > 0 && pendingEvents.get(i - 1).getTime() > event.getTime()) {
            i--;
        }
        pendingEvents.add(i, event);
    }

    /**
     * Evaluates every period that ended at or before the watermark and applies the events up to
     * it, in event-time order, so the outcome does not depend on how the two inputs interleaved.
     */
    public List<Impairment> advance(long watermarkMs, long emitTime) {
        return advance(watermarkMs, emitTime, null);
    }

    /** As {@link #advance(long, long)}, also reporting every evaluation to {@code listener} (may be null). */
    public List<Impairment> advance(long watermarkMs, long emitTime, EvaluationListener listener) {
        List<Impairment> out = new ArrayList<>(0);
        while (!pendingEvents.isEmpty() && pendingEvents.get(0).getTime() <= watermarkMs) {
            HealthEvent e = pendingEvents.remove(0);
            evaluate(e.getTime(), emitTime, out, listener);
            out.addAll(onEvent(e, emitTime));
        }
        evaluate(watermarkMs, emitTime, out, listener);
        return out;
    }

    /** Receives each period evaluation, for replays and reports. */
    public interface EvaluationListener {
        void evaluated(String resourceId, String ruleId, Evaluation evaluation);
    }

    /**
     * Advances every series, then hands the evaluations to the lifecycle in period order across
     * series: when the watermark jumps several periods, one series must not resolve before
     * another's earlier breach has been seen.
     */
    private void evaluate(long watermarkMs, long emitTime, List<Impairment> out, EvaluationListener listener) {
        List<Object[]> all = new ArrayList<>(0);
        for (Series s : series.values()) {
            for (Evaluation e : s.evaluator.advance(watermarkMs)) {
                all.add(new Object[] {s, e});
            }
        }
        // Stable sort: same period end keeps the series' (sorted-key) order, so ids stay deterministic.
        all.sort((a, b) -> Long.compare(((Evaluation) a[1]).periodEndMs(), ((Evaluation) b[1]).periodEndMs()));
        for (Object[] pair : all) {
            Evaluation e = (Evaluation) pair[1];
            if (listener != null) {
                listener.evaluated(resourceId, ((Series) pair[0]).rule.id(), e);
            }
            Signal signal = ((Series) pair[0]).observe(e);
            if (signal != null) {
                Impairment i = lifecycle.apply(signal, e.periodEndMs(), emitTime);
                if (i != null) {
                    out.add(i);
                }
            }
        }
    }

    /** Applies a health event naming this resource now; returns lifecycle records. */
    List<Impairment> onEvent(HealthEvent event, long emitTime) {
        List<Impairment> out = new ArrayList<>(0);
        if (EventSignals.resourceGone(event, resourceId)) {
            Impairment i = lifecycle.resolveAll(event.getTime(), emitTime);
            if (i != null) {
                out.add(i);
            }
            series.clear();
            return out;
        }
        Signal signal = EventSignals.of(event);
        if (signal != null) {
            Impairment i = lifecycle.apply(signal, event.getTime(), emitTime);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** Event time of the next period end to evaluate, or Long.MAX_VALUE when nothing is pending. */
    public long nextEvaluationTime() {
        long next = pendingEvents.isEmpty() ? Long.MAX_VALUE : pendingEvents.get(0).getTime();
        for (Series s : series.values()) {
            long start = s.evaluator.nextPeriodStartMs();
            if (start == Long.MIN_VALUE) {
                start = s.firstPeriodStart; // never evaluated yet: its first period with data is next
            }
            if (start != Long.MIN_VALUE && start != Long.MAX_VALUE) {
                next = Math.min(next, start + s.rule.periodMs());
            }
        }
        return next;
    }

    /** Drops series silent for {@code retentionMs}; true when nothing is left worth keeping. */
    public boolean expire(long watermarkMs, long retentionMs) {
        Iterator<Series> it = series.values().iterator();
        while (it.hasNext()) {
            Series s = it.next();
            if (!s.evaluator.isFiring() && s.evaluator.isIdle(watermarkMs, retentionMs)) {
                it.remove();
            }
        }
        return series.isEmpty() && !lifecycle.isOpen() && pendingEvents.isEmpty();
    }

    public boolean isImpaired() {
        return lifecycle.isOpen();
    }

    public int seriesCount() {
        return series.size();
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(resourceType == null ? "" : resourceType);
        out.writeLong(lastDataMs);
        out.writeInt(series.size());
        for (Map.Entry<String, Series> e : series.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().writeTo(out);
        }
        lifecycle.writeTo(out);
        out.writeInt(pendingEvents.size());
        for (HealthEvent e : pendingEvents) {
            byte[] json = Json.toBytes(e);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    public static ResourceDetector readFrom(String resourceKey, String resourceId, String account, String region,
                                            RuleSet rules, SeriesDetectorFactory factory, DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unsupported resource state version " + version);
        }
        String type = in.readUTF();
        ResourceDetector d = new ResourceDetector(resourceKey, resourceId, type.isEmpty() ? null : type, account, region);
        d.lastDataMs = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            Series s = Series.readFrom(rules, factory, in);
            if (s != null) {
                d.series.put(key, s);
            }
        }
        d.lifecycle.readFrom(in);
        int pending = in.readInt();
        for (int i = 0; i < pending; i++) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            d.pendingEvents.add(Json.fromBytes(json, HealthEvent.class));
        }
        return d;
    }

    /** One watched series: its evaluator and the start of its current breach episode. */
    private static final class Series {
        final Rule rule;
        final SeriesEvaluator evaluator;
        final Map<String, String> dimensions;
        long episodeStart = Long.MIN_VALUE;
        /** Start of the earliest period that received data; the first one to evaluate. */
        long firstPeriodStart = Long.MAX_VALUE;
        int cleanRun;
        boolean wasFiring;

        Series(Rule rule, SeriesEvaluator evaluator, Map<String, String> dimensions) {
            this.rule = rule;
            this.evaluator = evaluator;
            this.dimensions = dimensions;
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
                            : rule.metricName(), dimensions)
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
            out.writeUTF(rule.id());
            out.writeInt(dimensions.size());
            for (Map.Entry<String, String> d : dimensions.entrySet()) {
                out.writeUTF(d.getKey());
                out.writeUTF(d.getValue());
            }
            out.writeLong(episodeStart);
            out.writeLong(firstPeriodStart);
            out.writeInt(cleanRun);
            out.writeBoolean(wasFiring);
            evaluator.writeTo(out);
        }

        /** Null when the rule is no longer configured: its series is dropped on restore. */
        static Series readFrom(RuleSet rules, SeriesDetectorFactory factory, DataInput in) throws IOException {
            String ruleId = in.readUTF();
            int nd = in.readInt();
            Map<String, String> dims = new LinkedHashMap<>();
            for (int i = 0; i < nd; i++) {
                dims.put(in.readUTF(), in.readUTF());
            }
            long episodeStart = in.readLong();
            long firstPeriodStart = in.readLong();
            int cleanRun = in.readInt();
            boolean wasFiring = in.readBoolean();
            Rule rule = rules.get(ruleId);
            if (rule == null) {
                throw new IOException("state names rule '" + ruleId + "' which the rule set no longer has");
            }
            Series s = new Series(rule, SeriesEvaluator.readFrom(rule, factory.create(rule), in), dims);
            s.episodeStart = episodeStart;
            s.firstPeriodStart = firstPeriodStart;
            s.cleanRun = cleanRun;
            s.wasFiring = wasFiring;
            return s;
        }
    }
}

package dev.vigil.detector.detect;

import dev.vigil.detector.eval.Evaluation;
import dev.vigil.detector.eval.Placement;
import dev.vigil.detector.eval.SeriesDetectorFactory;
import dev.vigil.detector.eval.SeriesEvaluator;
import dev.vigil.detector.health.ImpairmentLifecycle;
import dev.vigil.detector.health.Signal;
import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.MetricDatapoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Everything the detector knows about one resource: one evaluator per watched series, and the
 * resource's impairment lifecycle. Plain Java; the keyed Flink function keeps one per resource.
 */
public final class ResourceDetector {
    /**
     * 2: series stored as rule and dimension values through a per-resource string table.
     * 3: the lifecycle also keeps AWS's ongoing recoveries and the previous impairment's id, and
     * writes its enums by name (LifecycleCodec); version 2 is still read.
     */
    private static final int VERSION = 3;

    private final String resourceKey;
    private final String resourceId;
    private String resourceType;
    private final String account;
    private final String region;
    /**
     * Few per resource (one per watched metric), so a sorted list: a lookup compares the rule and
     * the dimension values in place, with no key string built per datapoint, and the order (rule
     * id, then values) keeps evaluations deterministic.
     */
    private final List<WatchedSeries> series = new ArrayList<>(4);
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

    public String resourceId() {
        return resourceId;
    }

    /** Resource key: account/region/id, the same whether a datapoint or an event names it. */
    public static String keyOf(String account, String region, String resourceId) {
        return account + "/" + region + "/" + resourceId;
    }

    /** Places a datapoint in its rule's series: accepted, a duplicate of one counted, or late. */
    public Placement accept(Rule rule, MetricRole role, MetricDatapoint dp, SeriesDetectorFactory factory) {
        WatchedSeries s = find(rule, dp);
        if (s == null) {
            String[] values = new String[dp.dimensionCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = dp.dimensionValue(i);
            }
            s = new WatchedSeries(rule, new SeriesEvaluator(rule, factory.create(rule)), values);
            insert(s);
            if (resourceType == null) {
                resourceType = rule.resourceType().name();
                lifecycle.knowResourceType(resourceType);
            }
        }
        lastDataMs = Math.max(lastDataMs, dp.getTimestamp());
        long periodStart = Math.floorDiv(dp.getTimestamp(), rule.periodMs()) * rule.periodMs();
        s.firstPeriodStart = Math.min(s.firstPeriodStart, periodStart);
        return s.evaluator.place(dp, role);
    }

    /** The series of {@code rule} with the datapoint's dimension values (names are the rule's), or null. */
    private WatchedSeries find(Rule rule, MetricDatapoint dp) {
        for (int k = 0; k < series.size(); k++) {
            WatchedSeries s = series.get(k);
            if (s.rule == rule && s.values.length == dp.dimensionCount()) {
                boolean same = true;
                for (int i = 0; i < s.values.length && same; i++) {
                    same = s.values[i].equals(dp.dimensionValue(i));
                }
                if (same) {
                    return s;
                }
            }
        }
        return null;
    }

    private void insert(WatchedSeries s) {
        int i = series.size();
        while (i > 0 && series.get(i - 1).compareTo(s) > 0) {
            i--;
        }
        series.add(i, s);
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
        for (WatchedSeries s : series) {
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

    /**
     * Evaluates ahead of the watermark as far as every series' data is complete (the metric
     * stream's datapoint for each one-minute period arrived): detection within the datapoint
     * that breaches, instead of one out-of-orderness bound later. The resource moves as one, with
     * the same cross-series ordering as {@link #advance}, so one series cannot resolve before
     * another's breach of the same minute is seen; a series still waiting for data (a ratio whose
     * numerator may be absent, a silent metric, a longer period) holds the resource to the
     * watermark. Queued events up to that time are applied in order, as the watermark would.
     */
    public List<Impairment> closeCompleted(long emitTime, EvaluationListener listener) {
        long through = Long.MAX_VALUE;
        for (int k = 0; k < series.size() && through != Long.MIN_VALUE; k++) {
            through = Math.min(through, series.get(k).evaluator.completeThrough());
        }
        if (through == Long.MIN_VALUE || through == Long.MAX_VALUE) {
            return Collections.emptyList();
        }
        return advance(through, emitTime, listener);
    }

    private void observe(WatchedSeries s, Evaluation e, long emitTime, List<Impairment> out, EvaluationListener listener) {
        if (listener != null) {
            listener.evaluated(resourceId, s.rule.id(), e);
        }
        Signal signal = s.observe(e);
        if (signal != null) {
            Impairment i = lifecycle.apply(signal, e.periodEndMs(), emitTime, runStart());
            if (i != null) {
                out.add(i);
            }
        }
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
        for (WatchedSeries s : series) {
            for (Evaluation e : s.evaluator.advance(watermarkMs)) {
                all.add(new Object[] {s, e});
            }
        }
        // Stable sort: same period end keeps the series' (sorted) order, so ids stay deterministic.
        all.sort((a, b) -> Long.compare(((Evaluation) a[1]).periodEndMs(), ((Evaluation) b[1]).periodEndMs()));
        for (Object[] pair : all) {
            observe((WatchedSeries) pair[0], (Evaluation) pair[1], emitTime, out, listener);
        }
    }

    /**
     * Start of the earliest breaching run among the series not firing yet (Long.MAX_VALUE when
     * none): a cause that opens the impairment now opens it with the breach that began there.
     */
    private long runStart() {
        long start = Long.MAX_VALUE;
        for (WatchedSeries s : series) {
            start = Math.min(start, s.pendingRunStart());
        }
        return start;
    }

    /** Applies a health event naming this resource now; returns lifecycle records. */
    List<Impairment> onEvent(HealthEvent event, long emitTime) {
        List<Impairment> out = new ArrayList<>(0);
        if (resourceType == null) {
            // A resource only events speak of: its impairment still says what it is.
            resourceType = EventSignals.resourceTypeOf(event, resourceId);
            lifecycle.knowResourceType(resourceType);
        }
        if (EventSignals.resourceGone(event, resourceId)) {
            Impairment i = lifecycle.resolveAll(event.getTime(), emitTime);
            if (i != null) {
                out.add(i);
            }
            series.clear();
            return out;
        }
        EventSignals.Effect effect = EventSignals.of(event, resourceId);
        lifecycle.recoveries().apply(effect.starts, effect.ends);
        Impairment i = effect.cause != null ? lifecycle.apply(effect.cause, event.getTime(), emitTime, runStart())
                : lifecycle.refresh(emitTime);
        if (i != null) {
            out.add(i);
        }
        return out;
    }

    /** Event time of the next period end to evaluate, or Long.MAX_VALUE when nothing is pending. */
    public long nextEvaluationTime() {
        long next = pendingEvents.isEmpty() ? Long.MAX_VALUE : pendingEvents.get(0).getTime();
        for (WatchedSeries s : series) {
            if (s.evaluator.isDormant()) {
                // Silent past the point where empty periods change anything: a timer per period
                // for each of them (a million after a day of churn) would do nothing but read state.
                continue;
            }
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
        Iterator<WatchedSeries> it = series.iterator();
        while (it.hasNext()) {
            WatchedSeries s = it.next();
            if (!s.evaluator.isFiring() && s.evaluator.isIdle(watermarkMs, retentionMs)) {
                it.remove();
            }
        }
        if (!lifecycle.isOpen()) {
            lifecycle.recoveries().expire(watermarkMs - retentionMs);
        }
        return series.isEmpty() && !lifecycle.isOpen() && pendingEvents.isEmpty() && lifecycle.recoveries().isEmpty();
    }

    /**
     * Event time since which the resource has said nothing: its newest datapoint or the start of an
     * ongoing AWS recovery or, while impaired, no earlier than its impairment's detection (a
     * resource only events spoke of has no datapoint to go by).
     */
    public long quietSince() {
        Impairment open = lifecycle.current();
        return open == null ? lastActiveMs() : Math.max(lastActiveMs(), open.getDetectionTime());
    }

    /**
     * A resource silent for {@code retentionMs} while impaired is gone (terminated, replaced without
     * an Auto Scaling event, stopped for good): its impairment resolves at the end of that silence
     * and its series go, as a healthy silent resource's do. Kept instead, such a resource held its
     * state and a timer per period forever. Empty unless that is the case.
     */
    public List<Impairment> forgetIfSilent(long watermarkMs, long retentionMs, long emitTime) {
        long quiet = quietSince();
        if (!lifecycle.isOpen() || !pendingEvents.isEmpty() || quiet == Long.MIN_VALUE
                || watermarkMs - quiet < retentionMs) {
            return Collections.emptyList();
        }
        for (WatchedSeries s : series) {
            if (!s.evaluator.isIdle(watermarkMs, retentionMs)) {
                return Collections.emptyList(); // data ahead of the watermark: not silent
            }
        }
        Impairment resolved = lifecycle.resolveAll(quiet + retentionMs, emitTime);
        series.clear();
        return resolved == null ? Collections.<Impairment>emptyList() : Collections.singletonList(resolved);
    }

    /** Newest datapoint or start of an ongoing AWS recovery: what an idle resource expires after. */
    public long lastActiveMs() {
        return Math.max(lastDataMs, lifecycle.recoveries().latestSince());
    }

    public boolean isImpaired() {
        return lifecycle.isOpen();
    }

    public int seriesCount() {
        return series.size();
    }

    /**
     * Layout: version, a string table (the rule ids and dimension values this resource uses, each
     * once; the resource id itself is entry 0 and never written), then the series by reference.
     * This runs on every datapoint (RocksDB state is bytes either way), so it avoids per-series
     * key strings and {@code writeUTF}'s char-by-char encoding.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        StateStrings strings = new StateStrings(resourceId);
        int[] refs = new int[series.size() * 4];
        int r = 0;
        int typeRef = strings.ref(resourceType);
        for (WatchedSeries s : series) {
            if (r + 1 + s.values.length > refs.length) {
                refs = java.util.Arrays.copyOf(refs, (r + 1 + s.values.length) * 2);
            }
            refs[r++] = strings.ref(s.rule.id());
            for (String v : s.values) {
                refs[r++] = strings.ref(v);
            }
        }
        strings.writeTable(out);
        StateStrings.writeVarInt(out, typeRef);
        out.writeLong(lastDataMs);
        StateStrings.writeVarInt(out, series.size());
        r = 0;
        for (WatchedSeries s : series) {
            StateStrings.writeVarInt(out, refs[r++]);
            StateStrings.writeVarInt(out, s.values.length);
            for (int i = 0; i < s.values.length; i++) {
                StateStrings.writeVarInt(out, refs[r++]);
            }
            s.writeTo(out);
        }
        lifecycle.writeTo(out);
        StateStrings.writeVarInt(out, pendingEvents.size());
        for (HealthEvent e : pendingEvents) {
            byte[] json = Json.toBytes(e);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    public static ResourceDetector readFrom(String resourceKey, String resourceId, String account, String region,
                                            RuleSet rules, SeriesDetectorFactory factory, DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != 2) {
            throw new IOException("unsupported resource state version " + version);
        }
        String[] strings = StateStrings.readTable(in, resourceId);
        String type = strings[StateStrings.readVarInt(in)];
        ResourceDetector d = new ResourceDetector(resourceKey, resourceId, type, account, region);
        d.lastDataMs = in.readLong();
        int n = StateStrings.readVarInt(in);
        for (int k = 0; k < n; k++) {
            String ruleId = strings[StateStrings.readVarInt(in)];
            String[] values = new String[StateStrings.readVarInt(in)];
            for (int i = 0; i < values.length; i++) {
                values[i] = strings[StateStrings.readVarInt(in)];
            }
            Rule rule = rules.get(ruleId);
            if (rule == null) {
                throw new IOException("state names rule '" + ruleId + "' which the rule set no longer has");
            }
            d.series.add(WatchedSeries.readFrom(rule, values, factory, in));
        }
        d.lifecycle.readFrom(in, version);
        int pending = StateStrings.readVarInt(in);
        for (int i = 0; i < pending; i++) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            d.pendingEvents.add(Json.fromBytes(json, HealthEvent.class));
        }
        return d;
    }
}

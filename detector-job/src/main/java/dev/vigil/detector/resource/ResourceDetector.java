package dev.vigil.detector.resource;

import dev.vigil.detector.series.Evaluation;
import dev.vigil.detector.series.Placement;
import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything the detector knows about one resource: its watched series, the events waiting for
 * the watermark and the resource's impairment lifecycle, moved through event time together. Plain
 * Java; the keyed Flink function keeps one per resource (bytes: {@link ResourceCodec}).
 */
public final class ResourceDetector {
    private final ResourceKey key;
    private String resourceType;
    private final ResourceSeries series = new ResourceSeries();
    private final ImpairmentLifecycle lifecycle;
    private long lastDataMs = Long.MIN_VALUE;
    /** Events waiting for the watermark, so they interleave with period evaluations in event time. */
    private final List<HealthEvent> pendingEvents = new ArrayList<>(0);

    /** @param resourceType null until a rule or an event says what the resource is */
    public ResourceDetector(ResourceKey key, String resourceType) {
        this.key = key;
        this.resourceType = resourceType;
        this.lifecycle = new ImpairmentLifecycle(key, resourceType);
    }

    public ResourceKey key() {
        return key;
    }

    public String resourceId() {
        return key.resourceId();
    }

    /**
     * How long after an instance's termination its datapoints are still taken for its last ones:
     * the metric stream runs minutes behind the events, and a backlog more.
     */
    public static final long GONE_GRACE_MS = 15 * 60_000L;

    /** Places a datapoint in its rule's series: accepted, a duplicate of one counted, late, or of a resource gone. */
    public Placement accept(Rule rule, MetricRole role, MetricDatapoint dp) {
        long gone = lifecycle.goneAt();
        if (gone != Long.MIN_VALUE && dp.getTimestamp() <= gone + GONE_GRACE_MS) {
            return Placement.GONE;
        }
        WatchedSeries s = series.of(rule, dp);
        if (resourceType == null) {
            resourceType = rule.resourceType().name();
            lifecycle.knowResourceType(resourceType);
        }
        lastDataMs = Math.max(lastDataMs, dp.getTimestamp());
        long periodStart = Math.floorDiv(dp.getTimestamp(), rule.periodMs()) * rule.periodMs();
        s.firstPeriodStart = Math.min(s.firstPeriodStart, periodStart);
        return s.evaluator().place(dp, role);
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
        return series.maxPeriodMs();
    }

    /** Queues an event naming this resource; it takes effect when the watermark passes its time. */
    public void addEvent(HealthEvent event) {
        int i = pendingEvents.size();
        while (i > 0 && pendingEvents.get(i - 1).getTime() > event.getTime()) {
            i--;
        }
        pendingEvents.add(i, event);
    }

    /** Receives each period evaluation, for replays and reports. */
    public interface EvaluationListener {
        void evaluated(String resourceId, String ruleId, Evaluation evaluation);
    }

    /**
     * Evaluates every period that ended at or before the watermark and applies the events up to
     * it, in event-time order, so the outcome does not depend on how the two inputs interleaved;
     * every evaluation is also reported to {@code listener} (may be null).
     */
    public List<Impairment> advance(long watermarkMs, long emitTime, EvaluationListener listener) {
        List<Impairment> out = new ArrayList<>(0);
        retireOrphans(watermarkMs, emitTime, out);
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
        long through = series.completeThrough();
        if (through == Long.MIN_VALUE || through == Long.MAX_VALUE) {
            return Collections.emptyList();
        }
        return advance(through, emitTime, listener);
    }

    private static final String RULE_CAUSE = "rule:";

    /**
     * A rule's cause still firing with no series of that rule left: its rule was removed or
     * renamed and its series dropped when the state was read ({@link ResourceStateReader}). The
     * cause clears now, so the impairment goes on without it (an UPDATE) or resolves; a renamed
     * rule's new series opens its own cause once it breaches.
     */
    private void retireOrphans(long time, long emitTime, List<Impairment> out) {
        if (!lifecycle.isOpen()) {
            return;
        }
        for (String cause : lifecycle.firingKeys()) {
            if (cause.startsWith(RULE_CAUSE) && !series.watches(cause.substring(RULE_CAUSE.length()))) {
                Impairment i = lifecycle.apply(Signal.clear(cause), time, emitTime, series.runStart());
                if (i != null) {
                    out.add(i);
                }
            }
        }
    }

    /** Hands the series' evaluations up to the watermark to the lifecycle, in period order across series. */
    private void evaluate(long watermarkMs, long emitTime, List<Impairment> out, EvaluationListener listener) {
        for (ResourceSeries.Evaluated ev : series.advance(watermarkMs)) {
            Evaluation e = ev.evaluation;
            if (listener != null) {
                listener.evaluated(key.resourceId(), ev.series.rule.id(), e);
            }
            Signal signal = ev.series.observe(e);
            if (signal != null) {
                Impairment i = lifecycle.apply(signal, e.periodEndMs(), emitTime, series.runStart());
                if (i != null) {
                    out.add(i);
                }
            }
        }
    }

    /** Applies a health event naming this resource now; returns lifecycle records. */
    private List<Impairment> onEvent(HealthEvent event, long emitTime) {
        List<Impairment> out = new ArrayList<>(0);
        String resourceId = key.resourceId();
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
            // Its last datapoints may still come: kept apart, not as a fresh instance (see accept)
            lifecycle.markGone(event.getTime());
            return out;
        }
        EventSignals.Effect effect = EventSignals.of(event, resourceId);
        lifecycle.recoveries().apply(effect.starts, effect.ends);
        Impairment i = effect.cause != null ? lifecycle.apply(effect.cause, event.getTime(), emitTime, series.runStart())
                : lifecycle.refresh(emitTime);
        if (i != null) {
            out.add(i);
        }
        return out;
    }

    /** Event time of the next period end to evaluate, or Long.MAX_VALUE when nothing is pending. */
    public long nextEvaluationTime() {
        long next = series.nextEvaluationTime(pendingEvents.isEmpty() ? Long.MAX_VALUE : pendingEvents.get(0).getTime());
        // A gone instance wakes once its last datapoints can no longer come, so its state goes then
        return lifecycle.goneAt() == Long.MIN_VALUE ? next : Math.min(next, goneUntil());
    }

    private long goneUntil() {
        return lifecycle.goneAt() + GONE_GRACE_MS + 1;
    }

    /** Drops series silent for {@code retentionMs}; true when nothing is left worth keeping. */
    public boolean expire(long watermarkMs, long retentionMs) {
        series.expire(watermarkMs, retentionMs);
        if (!lifecycle.isOpen()) {
            lifecycle.recoveries().expire(watermarkMs - retentionMs);
        }
        if (lifecycle.goneAt() != Long.MIN_VALUE && watermarkMs >= goneUntil()) {
            lifecycle.forgetGone();
        }
        return series.isEmpty() && !lifecycle.isOpen() && pendingEvents.isEmpty() && lifecycle.recoveries().isEmpty()
                && lifecycle.goneAt() == Long.MIN_VALUE;
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
                || watermarkMs - quiet < retentionMs || !series.allIdle(watermarkMs, retentionMs)) {
            return Collections.emptyList();
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

    public void writeTo(DataOutput out) throws IOException {
        ResourceCodec.write(this, out);
    }

    /** As {@link #readFrom(ResourceKey, RuleSet, byte[], RestoreReport)}, from the rest of {@code in}. */
    public static ResourceDetector readFrom(ResourceKey key, RuleSet rules, DataInput in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try {
            while (true) {
                all.write(in.readUnsignedByte());
            }
        } catch (java.io.EOFException end) {
            // read to the end
        }
        return readFrom(key, rules, all.toByteArray(), null);
    }

    /**
     * Reads a state of any released layout under today's rules ({@link ResourceStateReader}: series
     * of removed rules dropped, of changed ones restarted or kept, each noted in {@code report},
     * which may be null); throws only when the resource cannot be read at all.
     */
    public static ResourceDetector readFrom(ResourceKey key, RuleSet rules, byte[] bytes, RestoreReport report)
            throws IOException {
        return ResourceStateReader.read(key, rules, bytes, report);
    }

    // For the codec.

    String resourceType() {
        return resourceType;
    }

    ResourceSeries series() {
        return series;
    }

    ImpairmentLifecycle lifecycle() {
        return lifecycle;
    }

    List<HealthEvent> pendingEvents() {
        return pendingEvents;
    }

    void restoreLastData(long ms) {
        lastDataMs = ms;
    }
}

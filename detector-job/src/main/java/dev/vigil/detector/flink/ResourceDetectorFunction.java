package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.detector.series.Placement;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;

/**
 * Holds one {@link ResourceDetector} per resource in keyed state and drives it: datapoints and
 * events in (one keyed input, {@link DetectorInput}), lifecycle records out; event-time timers
 * evaluate each period as the watermark passes its end, so a silent series is still evaluated on
 * time. The other input is the live rules ({@link LiveRules}): a resource's state is read under
 * the rules in force each time (the state reader carries over what fits a changed rule and drops
 * what a removed one left), so a rules change reaches each resource lazily, at its next datapoint
 * or timer. All decisions are in the plain classes; this function only loads, stores, and sets timers.
 */
public final class ResourceDetectorFunction
        extends KeyedBroadcastProcessFunction<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>, RulesUpdate, Impairment>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** The rules read at start (parsed and validated on the client, shipped with the function), then live updates. */
    private final LiveRules live;
    private final long retentionMs;
    private final OutputTag<DeadLetter> deadLetters;
    /** Null unless every evaluation should be reported (replays, reports): it costs a record per period. */
    private final OutputTag<PeriodEvaluation> evaluations;

    /** Evaluate a period when its last datapoint arrives instead of at the watermark (DetectorConfig). */
    private final boolean evaluateOnComplete;

    private transient RuleSet rules;
    private transient RuleMatcher matcher;
    private transient ValueState<byte[]> state;
    private transient DataOutputSerializer buffer;
    private transient LifecycleCounters lifecycle;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter afterGone;
    private transient StateRestores restores;
    /** Processing time minus watermark at the last element: how far behind real time detection runs. */
    private transient volatile long eventTimeLagMs;

    public ResourceDetectorFunction(RulesFile rules, long retentionMs, OutputTag<DeadLetter> deadLetters) {
        this(LiveRules.fixed(rules), retentionMs, deadLetters, null, true);
    }

    /**
     * @param evaluations where to report each period evaluation; null to report none
     */
    public ResourceDetectorFunction(LiveRules live, long retentionMs, OutputTag<DeadLetter> deadLetters,
                                    OutputTag<PeriodEvaluation> evaluations,
                                    boolean evaluateOnComplete) {
        this.evaluateOnComplete = evaluateOnComplete;
        this.live = live;
        this.retentionMs = retentionMs;
        this.deadLetters = deadLetters;
        this.evaluations = evaluations;
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        live.restore(ctx.getOperatorStateStore(), operatorName());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {
        // (the broadcast state is the operator's; nothing of the function's own)
    }

    @Override
    public void open(OpenContext ctx) {
        live.open(getRuntimeContext().getMetricGroup().addGroup("vigil"), operatorName());
        useRules();
        // Serialised bytes rather than objects: the same cost on RocksDB (what MSF runs), and
        // the resource's layout stays in one plain class with its own version byte.
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("resource", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        buffer = new DataOutputSerializer(512);
        lifecycle = new LifecycleCounters(getRuntimeContext().getMetricGroup().addGroup("vigil"), "impairmentsOpened",
                "impairmentsResolved");
        late = getRuntimeContext().getMetricGroup().addGroup("vigil").addGroup("deadLetters").counter("late");
        duplicates = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("datapointsDuplicate");
        afterGone = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("datapointsAfterGone");
        restores = new StateRestores(getRuntimeContext().getMetricGroup().addGroup("vigil"), "detect-resources");
        getRuntimeContext().getMetricGroup().addGroup("vigil").gauge("eventTimeLagMs", () -> eventTimeLagMs);
    }

    private String operatorName() {
        return "detect-resources/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private void useRules() {
        rules = live.current().rules();
        matcher = new RuleMatcher(rules);
    }

    @Override
    public void processBroadcastElement(RulesUpdate u, Context ctx, Collector<Impairment> out) throws Exception {
        if (live.apply(u, ctx.getBroadcastState(LiveRules.STATE))) {
            useRules();
        }
    }

    @Override
    public void processElement(Tuple2<String, Either<MetricDatapoint, HealthEvent>> in, ReadOnlyContext ctx,
                               Collector<Impairment> out) throws Exception {
        if (in.f1.isLeft()) {
            datapoint(in.f1.left(), ctx, out);
        } else {
            ResourceDetector d = load(ctx.getCurrentKey());
            d.addEvent(in.f1.right());
            store(d, ctx, Long.MIN_VALUE);
        }
    }

    private void datapoint(MetricDatapoint dp, ReadOnlyContext ctx, Collector<Impairment> out) throws Exception {
        ResourceDetector d = load(ctx.getCurrentKey());
        // The timer for this time was set when the state was stored: setting it again per
        // datapoint costs a lookup in the timer queue for nothing.
        long armed = d.seriesCount() == 0 ? Long.MIN_VALUE : d.nextEvaluationTime();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
            eventTimeLagMs = ctx.timerService().currentProcessingTime() - watermark;
        }
        String resourceId = d.resourceId();
        // Placements over the datapoint's series (it may feed several rules).
        int[] placed = new int[Placement.values().length];
        matcher.forEachMatch(dp, (rule, role, id) -> {
            if (id.equals(resourceId)) {
                placed[d.accept(rule, role, dp).ordinal()]++;
            }
        });
        if (placed[Placement.GONE.ordinal()] > 0) {
            // One of a terminated instance's last datapoints (every rule says so then): counted, not kept.
            afterGone.inc();
            return;
        }
        boolean duplicate = placed[Placement.DUPLICATE.ordinal()] > 0 && placed[Placement.ACCEPTED.ordinal()] == 0;
        boolean rejected = !duplicate && placed[Placement.LATE.ordinal()] > 0;
        if (duplicate) {
            // A redelivery (Firehose retries): counted once already, neither late nor new.
            duplicates.inc();
            return; // nothing changed: no state to write

        }
        if (evaluateOnComplete && !rejected) {
            lifecycle.emit(d.closeCompleted(ctx.timerService().currentProcessingTime(), listener(ctx)), out);
        }
        if (rejected) {
            late.inc();
            ctx.output(deadLetters, new DeadLetter(DeadLetterReason.LATE,
                    "period already evaluated; watermark " + ctx.timerService().currentWatermark(), "metrics",
                    ctx.timerService().currentProcessingTime(), Json.toBytes(dp)));
        }
        store(d, ctx, armed);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Impairment> out) throws Exception {
        byte[] bytes = state.value();
        ResourceDetector d = bytes == null ? null : read(ctx.getCurrentKey(), bytes);
        if (d == null) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        // At the end of a bounded input the watermark jumps to +inf: evaluate what the data
        // covers, not an endless run of empty periods after it.
        long horizon = watermark == Long.MAX_VALUE ? Math.max(timestamp, d.lastDataMs() + d.maxPeriodMs()) : watermark;
        lifecycle.emit(d.advance(horizon, ctx.timerService().currentProcessingTime(), listener(ctx)), out);
        if (watermark != Long.MAX_VALUE) {
            // (the end of a bounded input is no silence)
            lifecycle.emit(d.forgetIfSilent(horizon, retentionMs, ctx.timerService().currentProcessingTime()), out);
        }
        if (d.expire(horizon, retentionMs)) {
            state.clear();
            return;
        }
        store(d, ctx, Long.MIN_VALUE);
    }

    /** Stores the resource and arms the timer for its next evaluation unless {@code armed} already is it. */
    private void store(ResourceDetector d, ReadOnlyContext ctx, long armed) throws IOException {
        buffer.clear();
        d.writeTo(buffer);
        state.update(buffer.getCopyOfBuffer());
        long next = d.nextEvaluationTime();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MAX_VALUE && armed != Long.MIN_VALUE && armed != Long.MAX_VALUE) {
            if (next == armed) {
                return;
            }
            // Evaluated early (the period's data was complete): the watermark timer would find nothing to do.
            ctx.timerService().deleteEventTimeTimer(armed);
        }
        if (next != Long.MAX_VALUE && (watermark != Long.MAX_VALUE || next <= Math.max(d.lastDataMs() + d.maxPeriodMs(), d.nextEventTime()))) {
            ctx.timerService().registerEventTimeTimer(next);
        } else if (watermark != Long.MAX_VALUE && d.quietSince() != Long.MIN_VALUE) {
            // Nothing pending: wake up once the resource has been silent long enough to expire
            // (or, impaired, to be forgotten as gone).
            ctx.timerService().registerEventTimeTimer(d.quietSince() + retentionMs);
        }
    }

    private ResourceDetector.EvaluationListener listener(ReadOnlyContext ctx) {
        return evaluations == null ? null
                : (resource, rule, e) -> ctx.output(evaluations, PeriodEvaluation.of(resource, rule, e));
    }

    private ResourceDetector load(String key) throws IOException {
        byte[] bytes = state.value();
        ResourceDetector d = bytes == null ? null : read(key, bytes);
        return d == null ? new ResourceDetector(ResourceKey.parse(key), null) : d;
    }

    /**
     * A state no reader can make sense of is dropped and counted, and null returned: throwing here
     * would fail the job, and its restart would read the same bytes again.
     */
    private ResourceDetector read(String key, byte[] bytes) {
        try {
            ResourceDetector d = ResourceDetector.readFrom(ResourceKey.parse(key), rules, bytes, restores.report());
            restores.afterRead();
            return d;
        } catch (IOException | RuntimeException e) {
            restores.unreadable(key, e);
            state.clear();
            return null;
        }
    }
}

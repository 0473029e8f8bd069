package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.peer.PeerGroupKey;
import dev.vigil.detector.peer.PeerMembers;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.rules.Statistics;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Holds one {@link PeerGroup} per key (account/region/rule/group) and drives it: values in, an
 * event-time timer at each minute's end to judge the minute once the watermark says it is
 * complete, and a timer at the next member's silence limit so a group that stops reporting still
 * resolves and its state goes. All decisions are in {@link PeerGroup}.
 *
 * <p>State: the group's own fields ({@code peer-group}, small) and one map entry per member
 * ({@code peer-members}), so a datapoint reads and writes its member's entry, not the group. A
 * {@code peer-group} value of version 1 still holds every member; it is moved into the map the
 * first time its key is touched.
 *
 * <p>The other input is the live rules ({@link LiveRules}): a group is read under the peer rule in
 * force each time, as on a restore. When a peer rule is gone (a live update, or a restart with it
 * removed from the file) its members' open impairments resolve and its groups' state goes.
 */
public final class PeerOutlierFunction
        extends KeyedBroadcastProcessFunction<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<byte[]> GROUP =
            new ValueStateDescriptor<>("peer-group", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** The rules read at start (parsed and validated on the client, shipped with the function), then live updates. */
    private final LiveRules live;

    private transient RuleSet rules;

    private transient ValueState<byte[]> state;
    private transient MapState<String, byte[]> memberState;
    private transient PeerMembers members;
    private transient DataOutputSerializer buffer;
    private transient Counter late;
    private transient LifecycleCounters lifecycle;
    private transient StateRestores restores;

    public PeerOutlierFunction(RulesFile rules) {
        this(LiveRules.fixed(rules));
    }

    public PeerOutlierFunction(LiveRules live) {
        this.live = live;
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        live.restore(ctx.getOperatorStateStore(), operatorName());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {}

    private String operatorName() {
        return "detect-peer-outliers/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public void processBroadcastElement(RulesUpdate u, Context ctx, Collector<Impairment> out) throws Exception {
        RuleSet before = rules;
        if (!live.apply(u, ctx.getBroadcastState(LiveRules.STATE))) {
            return;
        }
        rules = live.current().peers();
        Set<String> gone = new HashSet<>();
        before.rules().forEach(r -> gone.add(r.id()));
        rules.rules().forEach(r -> gone.remove(r.id()));
        if (gone.isEmpty()) {
            return;
        }
        // A removed rule's open impairments resolve now, not at their groups' next timers (up to the
        // silence limit away): its members' entries go, and the timer then drops the group's own value.
        // (Only the member map changes while the groups' keys are walked: a walk must not change its own state.)
        long now = ctx.currentWatermark();
        long emitTime = ctx.currentProcessingTime();
        ctx.applyToKeyedState(GROUP, (key, group) -> {
            if (gone.contains(PeerGroupKey.parse(key).ruleId()) && group.value() != null) {
                lifecycle.emit(PeerGroup.resolveAll(members, now, emitTime), out);
            }
        });
    }

    @Override
    public void open(OpenContext ctx) {
        live.open(getRuntimeContext().getMetricGroup().addGroup("vigil"), operatorName());
        rules = live.current().peers();
        // Bytes written by the plain classes (own version bytes), never Kryo; the same cost on RocksDB.
        state = getRuntimeContext().getState(GROUP);
        memberState = getRuntimeContext().getMapState(new MapStateDescriptor<>("peer-members", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        members = new StateMembers();
        buffer = new DataOutputSerializer(128);
        MetricGroup vigil = getRuntimeContext().getMetricGroup().addGroup("vigil");
        // Late values are only dropped here: the resource detector still judges them on their own.
        late = vigil.counter("peerDatapointsLate");
        lifecycle = new LifecycleCounters(vigil, "peerImpairmentsOpened", "peerImpairmentsResolved");
        restores = new StateRestores(vigil, "detect-peer-outliers");
    }

    @Override
    public void processElement(Tuple2<String, MetricDatapoint> in, ReadOnlyContext ctx, Collector<Impairment> out)
            throws Exception {
        PeerGroupKey key = PeerGroupKey.parse(ctx.getCurrentKey());
        Rule rule = rules.get(key.ruleId());
        if (rule == null) {
            return;
        }
        MetricDatapoint dp = in.f1;
        String member = dp.dimension(rule.peer().memberDimension());
        if (member == null) {
            return;
        }
        PeerGroup group = load(rule, key, dp);
        if (group == null) {
            group = load(rule, key, dp);
        }
        switch (group.add(member, dp.getTimestamp(), Statistics.valueOf(dp, rule.statistic()))) {
            case NEW_MINUTE:
                ctx.timerService().registerEventTimeTimer(PeerGroup.minuteOf(dp.getTimestamp()) + PeerGroup.MINUTE_MS);
                store(group);
                break;
            case LATE:
                late.inc();
                break;
            default:
                // ADDED: only the member's entry changed, and the group wrote it.
                break;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Impairment> out) throws Exception {
        PeerGroupKey key = PeerGroupKey.parse(ctx.getCurrentKey());
        Rule rule = rules.get(key.ruleId());
        long emitTime = ctx.timerService().currentProcessingTime();
        if (state.value() != null && rule == null) {
            // A rule removed from the file between restarts: what its members had open resolves now
            // (after a live removal they resolved already), and the group's state goes.
            lifecycle.emit(PeerGroup.resolveAll(members, timestamp, emitTime), out);
            restores.droppedWhole(key.ruleId());
        }
        PeerGroup group = state.value() == null || rule == null ? null : load(rule, key, null);
        if (group == null) {
            state.clear();
            memberState.clear();
            return;
        }
        long armedExpiry = group.nextExpiryTime();
        long minuteStart = timestamp - PeerGroup.MINUTE_MS;
        if (group.isPending(minuteStart)) {
            lifecycle.emit(group.evaluate(minuteStart, emitTime), out);
        }
        // At the end of a bounded input the watermark jumps to +inf: members did not fall
        // silent, the input ended, so nothing is expired.
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (!endOfInput) {
            lifecycle.emit(group.expire(timestamp, emitTime), out);
        }
        if (group.isEmpty()) {
            state.clear();
            ctx.timerService().deleteEventTimeTimer(armedExpiry);
            return;
        }
        store(group);
        long nextExpiry = group.nextExpiryTime();
        if (!endOfInput && nextExpiry != armedExpiry) {
            // One expiry timer per group: the earlier one would only wake it up to find nothing.
            // Timers are one per timestamp: the old limit may also be a pending minute's end (values
            // more than the silence limit ahead of the watermark, as a shard read ahead in a backlog
            // brings them), and deleting it would leave that minute never judged.
            if (armedExpiry != Long.MAX_VALUE && !group.isPending(armedExpiry - PeerGroup.MINUTE_MS)) {
                ctx.timerService().deleteEventTimeTimer(armedExpiry);
            }
            if (nextExpiry != Long.MAX_VALUE) {
                ctx.timerService().registerEventTimeTimer(nextExpiry);
            }
        }
    }

    /**
     * The key's group; a version-1 value is moved into the member map and stored again at once.
     * State no reader can read is dropped and counted, and null returned (a new group follows for
     * a datapoint): a throw would fail the job into a restart that reads the same bytes again.
     */
    private PeerGroup load(Rule rule, PeerGroupKey key, MetricDatapoint first) throws IOException {
        byte[] bytes = state.value();
        if (bytes == null) {
            return new PeerGroup(rule, first.getAccount(), first.getRegion(), key.group(), members);
        }
        PeerGroup group;
        try {
            group = PeerGroup.readFrom(rule, new DataInputDeserializer(bytes), members);
        } catch (IOException | RuntimeException e) {
            restores.unreadable(key.toString(), e);
            state.clear();
            memberState.clear();
            return null;
        }
        if (PeerGroup.holdsMembers(bytes)) {
            store(group);
        }
        return group;
    }

    private void store(PeerGroup group) throws IOException {
        buffer.clear();
        group.writeTo(buffer);
        state.update(buffer.getCopyOfBuffer());
    }

    /** The group's members over this key's map state; Flink's checked state exceptions become unchecked. */
    private final class StateMembers implements PeerMembers {
        @Override
        public byte[] get(String member) {
            try {
                return memberState.get(member);
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading peer member " + member, e);
            }
        }

        @Override
        public void put(String member, byte[] track) {
            try {
                memberState.put(member, track);
            } catch (Exception e) {
                throw new FlinkRuntimeException("writing peer member " + member, e);
            }
        }

        @Override
        public void remove(String member) {
            try {
                memberState.remove(member);
            } catch (Exception e) {
                throw new FlinkRuntimeException("removing peer member " + member, e);
            }
        }

        @Override
        public void dropUnreadable(String member, Exception cause) {
            remove(member);
            restores.unreadable("peer member " + member, cause);
        }

        @Override
        public Iterable<Map.Entry<String, byte[]>> all() {
            try {
                return memberState.entries();
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading peer members", e);
            }
        }

        @Override
        public boolean isEmpty() {
            try {
                return memberState.isEmpty();
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading peer members", e);
            }
        }
    }
}

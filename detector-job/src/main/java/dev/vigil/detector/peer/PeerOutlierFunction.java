package dev.vigil.detector.peer;

import dev.vigil.detector.flink.LifecycleCounters;
import dev.vigil.detector.rules.Statistics;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;

/**
 * Holds one {@link PeerGroup} per key (account/region/rule/group) and drives it: values in, an
 * event-time timer at each minute's end to judge the minute once the watermark says it is
 * complete, and a timer at the next member's silence limit so a group that stops reporting still
 * resolves and its state goes. All decisions are in {@link PeerGroup}.
 */
public final class PeerOutlierFunction extends KeyedProcessFunction<String, Tuple2<String, MetricDatapoint>, Impairment> {
    private static final long serialVersionUID = 1L;

    /** Parsed and validated on the client, at start; shipped with the function. */
    private final PeerRules rules;

    private transient ValueState<byte[]> state;
    private transient DataOutputSerializer buffer;
    private transient Counter late;
    private transient LifecycleCounters lifecycle;

    public PeerOutlierFunction(PeerRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext ctx) {
        // Bytes written by the plain class (own version byte), never Kryo; the same cost on RocksDB.
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("peer-group", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        buffer = new DataOutputSerializer(256);
        MetricGroup vigil = getRuntimeContext().getMetricGroup().addGroup("vigil");
        // Late values are only dropped here: the resource detector still judges them on their own.
        late = vigil.counter("peerDatapointsLate");
        lifecycle = new LifecycleCounters(vigil, "peerImpairmentsOpened", "peerImpairmentsResolved");
    }

    @Override
    public void processElement(Tuple2<String, MetricDatapoint> in, Context ctx, Collector<Impairment> out) throws Exception {
        PeerRule rule = rules.get(RoutePeers.ruleIdOf(ctx.getCurrentKey()));
        if (rule == null) {
            return;
        }
        MetricDatapoint dp = in.f1;
        String member = dp.dimension(rule.memberDimension());
        if (member == null) {
            return;
        }
        byte[] bytes = state.value();
        PeerGroup group = bytes == null
                ? new PeerGroup(rule, dp.getAccount(), dp.getRegion(), RoutePeers.groupOf(ctx.getCurrentKey()))
                : PeerGroup.readFrom(rule, new DataInputDeserializer(bytes));
        switch (group.add(member, dp.getTimestamp(), Statistics.valueOf(dp, rule.statistic()))) {
            case NEW_MINUTE:
                ctx.timerService().registerEventTimeTimer(PeerGroup.minuteOf(dp.getTimestamp()) + PeerGroup.MINUTE_MS);
                store(group);
                break;
            case ADDED:
                store(group);
                break;
            case LATE:
                late.inc();
                break;
            default:
                break;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Impairment> out) throws Exception {
        byte[] bytes = state.value();
        PeerRule rule = rules.get(RoutePeers.ruleIdOf(ctx.getCurrentKey()));
        if (bytes == null || rule == null) {
            // A rule removed from the file between restarts: its groups' state goes.
            state.clear();
            return;
        }
        PeerGroup group = PeerGroup.readFrom(rule, new DataInputDeserializer(bytes));
        long armedExpiry = group.nextExpiryTime();
        long minuteStart = timestamp - PeerGroup.MINUTE_MS;
        long emitTime = ctx.timerService().currentProcessingTime();
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

    private void store(PeerGroup group) throws IOException {
        buffer.clear();
        group.writeTo(buffer);
        state.update(buffer.getCopyOfBuffer());
    }
}

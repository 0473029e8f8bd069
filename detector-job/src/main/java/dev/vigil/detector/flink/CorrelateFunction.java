package dev.vigil.detector.flink;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.Correlator;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Keyed by account/region: holds that region's {@link Correlator} and passes every resource
 * impairment through it. Impairments are few next to datapoints, so one key per region is enough
 * and keeps every fleet and zone of the region in one place.
 *
 * <p>State is the correlator as bytes, rewritten per record: its size grows with the region's open
 * member impairments, which is fine into the thousands (an incident) and dropped when all resolve.
 */
public final class CorrelateFunction extends KeyedProcessFunction<String, Impairment, Impairment> {
    private static final long serialVersionUID = 1L;

    private final CorrelationConfig config;
    private transient ValueState<byte[]> state;
    private transient DataOutputSerializer buffer;
    private transient Counter fleetsOpened;
    private transient Counter zonesOpened;

    public CorrelateFunction(CorrelationConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("region", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        buffer = new DataOutputSerializer(4096);
        fleetsOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("fleetImpairmentsOpened");
        zonesOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("zoneImpairmentsOpened");
    }

    @Override
    public void processElement(Impairment in, Context ctx, Collector<Impairment> out) throws Exception {
        String[] location = location(ctx.getCurrentKey());
        byte[] bytes = state.value();
        Correlator c = bytes == null ? new Correlator(config, location[0], location[1])
                : Correlator.readFrom(config, location[0], location[1], new DataInputDeserializer(bytes));
        long now = ctx.timerService().currentProcessingTime();
        long eventTime = ctx.timestamp() != null ? ctx.timestamp()
                : in.getResolvedTime() != null ? in.getResolvedTime() : in.getDetectionTime();
        emit(c.apply(in, eventTime, now), out);
        // Zones are judged once every impairment up to this moment is in: at the watermark.
        if (ctx.timestamp() != null && ctx.timerService().currentWatermark() < eventTime) {
            ctx.timerService().registerEventTimeTimer(eventTime);
        } else {
            emit(c.settleZones(eventTime, now), out);
        }
        store(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Impairment> out) throws Exception {
        byte[] bytes = state.value();
        if (bytes == null) {
            return;
        }
        String[] location = location(ctx.getCurrentKey());
        Correlator c = Correlator.readFrom(config, location[0], location[1], new DataInputDeserializer(bytes));
        emit(c.settleZones(timestamp, ctx.timerService().currentProcessingTime()), out);
        store(c);
    }

    private void emit(List<Impairment> records, Collector<Impairment> out) {
        for (Impairment i : records) {
            if (i.getState() == LifecycleState.OPEN && i.getType() == ImpairmentType.FLEET) {
                fleetsOpened.inc();
            } else if (i.getState() == LifecycleState.OPEN && i.getType() == ImpairmentType.ZONE) {
                zonesOpened.inc();
            }
            out.collect(i);
        }
    }

    /** Key: account/region as {@link Correlator#keyOf}; "null" stands for an absent value. */
    private static String[] location(String key) {
        int slash = key.indexOf('/');
        String account = key.substring(0, slash);
        String region = key.substring(slash + 1);
        return new String[] {"null".equals(account) ? null : account, "null".equals(region) ? null : region};
    }

    private void store(Correlator c) throws java.io.IOException {
        if (c.isIdle()) {
            state.clear();
        } else {
            buffer.clear();
            c.writeTo(buffer);
            state.update(buffer.getCopyOfBuffer());
        }
    }
}

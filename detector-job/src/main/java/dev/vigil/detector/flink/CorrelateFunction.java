package dev.vigil.detector.flink;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.Correlator;
import dev.vigil.detector.correlate.RegionKey;
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
 * <p>State: the region's aggregates (fleet sizes, impaired counts per fleet and zone, open fleet
 * and zone impairments) as one small value, one map entry per open member impairment and per
 * impaired resource, and one per record held until the watermark passes its moment (an event-time
 * timer per moment), so a record reads and writes a few entries however large the incident is.
 */
public final class CorrelateFunction extends KeyedProcessFunction<String, Impairment, Impairment> {
    private static final long serialVersionUID = 1L;

    private final CorrelationConfig config;
    private transient ValueState<byte[]> state;
    private transient CorrelationState store;
    private transient DataOutputSerializer buffer;
    private transient Counter fleetsOpened;
    private transient Counter zonesOpened;
    private transient StateRestores restores;

    public CorrelateFunction(CorrelationConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("region", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        restores = new StateRestores(getRuntimeContext().getMetricGroup().addGroup("vigil"), "correlate-fleet-zone");
        store = new CorrelationState(getRuntimeContext(), restores);
        buffer = new DataOutputSerializer(4096);
        fleetsOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("fleetImpairmentsOpened");
        zonesOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("zoneImpairmentsOpened");
    }

    @Override
    public void processElement(Impairment in, Context ctx, Collector<Impairment> out) throws Exception {
        Correlator c = load(ctx.getCurrentKey());
        long now = ctx.timerService().currentProcessingTime();
        long eventTime = Correlator.eventTimeOf(in, ctx.timestamp());
        // Without timestamps there is no watermark to wait for: every record is its own moment.
        long watermark = ctx.timestamp() == null ? Long.MAX_VALUE : ctx.timerService().currentWatermark();
        emit(c.offer(in, eventTime, watermark, now, ctx.timerService()::registerEventTimeTimer), out);
        store(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Impairment> out) throws Exception {
        if (state.value() == null) {
            return;
        }
        Correlator c = load(ctx.getCurrentKey());
        emit(c.advance(timestamp, ctx.timerService().currentProcessingTime()), out);
        store(c);
    }

    private Correlator load(String key) throws java.io.IOException {
        RegionKey location = RegionKey.parse(key);
        byte[] bytes = state.value();
        if (bytes != null) {
            try {
                return Correlator.readFrom(config, location.account(), location.region(), store,
                        new DataInputDeserializer(bytes));
            } catch (java.io.IOException | RuntimeException e) {
                // The region's counts cannot be trusted without it: the region starts again, counted,
                // rather than failing the job into a restart that would read the same bytes.
                restores.unreadable(key, e);
                state.clear();
                store.clear();
            }
        }
        return new Correlator(config, location.account(), location.region(), store);
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

    private void store(Correlator c) throws java.io.IOException {
        if (c.isIdle()) {
            state.clear();
            store.clear();
        } else {
            buffer.clear();
            c.writeTo(buffer);
            state.update(buffer.getCopyOfBuffer());
        }
    }
}

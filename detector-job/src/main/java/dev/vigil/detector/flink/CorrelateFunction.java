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
        byte[] bytes = state.value();
        Correlator c = bytes == null ? new Correlator(config, in.getAccount(), in.getRegion())
                : Correlator.readFrom(config, in.getAccount(), in.getRegion(), new DataInputDeserializer(bytes));
        long eventTime = ctx.timestamp() != null ? ctx.timestamp()
                : in.getResolvedTime() != null ? in.getResolvedTime() : in.getDetectionTime();
        for (Impairment i : c.apply(in, eventTime, ctx.timerService().currentProcessingTime())) {
            if (i.getState() == LifecycleState.OPEN && i.getType() == ImpairmentType.FLEET) {
                fleetsOpened.inc();
            } else if (i.getState() == LifecycleState.OPEN && i.getType() == ImpairmentType.ZONE) {
                zonesOpened.inc();
            }
            out.collect(i);
        }
        if (c.isIdle()) {
            state.clear();
        } else {
            buffer.clear();
            c.writeTo(buffer);
            state.update(buffer.getCopyOfBuffer());
        }
    }
}

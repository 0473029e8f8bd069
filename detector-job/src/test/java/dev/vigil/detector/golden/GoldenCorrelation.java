package dev.vigil.detector.golden;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.RegionKey;
import dev.vigil.detector.flink.CorrelateFunction;
import dev.vigil.schemas.Impairment;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CorrelateFunction} in a test harness, fed {@link GoldenV1Scenario}'s impairments minute
 * by minute, and its keyed state as the function declares it: the golden correlation state is
 * what the function itself wrote, and is read back by the function itself.
 */
final class GoldenCorrelation {
    static final String KEY = GoldenV1Scenario.ACCOUNT + "/" + GoldenV1Scenario.REGION;

    private GoldenCorrelation() {}

    /** The correlation function in a test harness, keyed as in the job. */
    static KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CorrelateFunction(CorrelationConfig.defaults())), RegionKey::of, Types.STRING);
        h.open();
        return h;
    }

    /** Minute {@code m}'s records into the correlation, stamped at the minute's end, then the watermark there. */
    static List<Impairment> minute(KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h,
                                            List<Impairment> records, int m) throws Exception {
        int before = h.extractOutputValues().size();
        long at = GoldenV1Scenario.minuteStart(m) + GoldenV1Scenario.MINUTE - 1;
        for (Impairment i : records) {
            h.processElement(new StreamRecord<>(i, at));
        }
        h.processWatermark(new Watermark(at));
        List<Impairment> all = h.extractOutputValues();
        return new ArrayList<>(all.subList(before, all.size()));
    }

    static final ValueStateDescriptor<byte[]> REGION =
            new ValueStateDescriptor<>("region", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    static final MapStateDescriptor<String, byte[]> MEMBERS =
            new MapStateDescriptor<>("members", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    static final MapStateDescriptor<String, Integer> COUNTS = new MapStateDescriptor<>("counts", Types.STRING, Types.INT);

    /** The correlation's keyed state of the scenario's region, as CorrelateFunction declares it. */
    static KeyedStateStore state(KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h) {
        h.getOperator().setCurrentKey(KEY);
        return h.getOperator().getKeyedStateStore();
    }

    static ValueState<byte[]> region(KeyedStateStore s) {
        return s.getState(REGION);
    }

    static MapState<String, byte[]> members(KeyedStateStore s) {
        return s.getMapState(MEMBERS);
    }

    static MapState<String, Integer> counts(KeyedStateStore s) {
        return s.getMapState(COUNTS);
    }
}

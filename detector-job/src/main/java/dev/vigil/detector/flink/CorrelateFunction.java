package dev.vigil.detector.flink;

import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.Correlator;
import dev.vigil.detector.correlate.MemberStore;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;

import java.nio.ByteBuffer;
import java.util.ArrayList;

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
    /** Layout of a held record's bytes: this version byte, then the record's JSON. */
    private static final int HELD_VERSION = 1;

    private final CorrelationConfig config;
    private transient ValueState<byte[]> state;
    private transient MapState<String, byte[]> members;
    private transient MapState<String, Integer> counts;
    /** Records held until the watermark passes their moment: "time#n" to record, time to how many, id to latest time. */
    private transient MapState<String, byte[]> held;
    private transient MapState<Long, Integer> heldCount;
    private transient MapState<String, Long> heldIds;
    private transient MemberStore store;
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
        members = getRuntimeContext().getMapState(new MapStateDescriptor<>("members", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.STRING, Types.INT));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>("held", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        heldCount = getRuntimeContext().getMapState(new MapStateDescriptor<>("held-count", Types.LONG, Types.INT));
        heldIds = getRuntimeContext().getMapState(new MapStateDescriptor<>("held-ids", Types.STRING, Types.LONG));
        store = new StateMemberStore();
        buffer = new DataOutputSerializer(4096);
        fleetsOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("fleetImpairmentsOpened");
        zonesOpened = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("zoneImpairmentsOpened");
        restores = new StateRestores(getRuntimeContext().getMetricGroup().addGroup("vigil"), "correlate-fleet-zone");
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
        String[] location = location(key);
        byte[] bytes = state.value();
        if (bytes != null) {
            try {
                return Correlator.readFrom(config, location[0], location[1], store, new DataInputDeserializer(bytes));
            } catch (java.io.IOException | RuntimeException e) {
                // The region's counts cannot be trusted without it: the region starts again, counted,
                // rather than failing the job into a restart that would read the same bytes.
                restores.unreadable(key, e);
                clearAll();
            }
        }
        return new Correlator(config, location[0], location[1], store);
    }

    private void clearAll() {
        state.clear();
        members.clear();
        counts.clear();
        held.clear();
        heldCount.clear();
        heldIds.clear();
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
            clearAll();
        } else {
            buffer.clear();
            c.writeTo(buffer);
            state.update(buffer.getCopyOfBuffer());
        }
    }

    /** The correlator's members over this key's map state; Flink's checked state exceptions become unchecked. */
    private final class StateMemberStore implements MemberStore {
        @Override
        public Member get(String id) {
            try {
                byte[] b = members.get(id);
                Member m = b == null ? null : decodeOrNull(id, b);
                if (b != null && m == null) {
                    members.remove(id);
                }
                return m;
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading correlation member " + id, e);
            }
        }

        @Override
        public void put(String id, Member m) {
            try {
                byte[] in = Json.toBytes(m.input);
                byte[] out = Json.toBytes(m.emitted);
                ByteBuffer b = ByteBuffer.allocate(8 + in.length + out.length);
                b.putInt(in.length).put(in).putInt(out.length).put(out);
                members.put(id, b.array());
            } catch (Exception e) {
                throw new FlinkRuntimeException("writing correlation member " + id, e);
            }
        }

        @Override
        public void remove(String id) {
            try {
                members.remove(id);
            } catch (Exception e) {
                throw new FlinkRuntimeException("removing correlation member " + id, e);
            }
        }

        @Override
        public Iterable<Member> all() {
            try {
                List<Member> all = new ArrayList<>();
                for (java.util.Map.Entry<String, byte[]> e : members.entries()) {
                    Member m = decodeOrNull(e.getKey(), e.getValue());
                    if (m != null) {
                        all.add(m);
                    }
                }
                return all;
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading correlation members", e);
            }
        }

        @Override
        public int count(String key) {
            try {
                Integer n = counts.get(key);
                return n == null ? 0 : n;
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading correlation count " + key, e);
            }
        }

        @Override
        public void setCount(String key, int n) {
            try {
                if (n == 0) {
                    counts.remove(key);
                } else {
                    counts.put(key, n);
                }
            } catch (Exception e) {
                throw new FlinkRuntimeException("writing correlation count " + key, e);
            }
        }

        @Override
        public void hold(long time, Impairment record) {
            try {
                Integer n = heldCount.get(time);
                int next = n == null ? 0 : n;
                byte[] json = Json.toBytes(record);
                held.put(time + "#" + next, ByteBuffer.allocate(1 + json.length).put((byte) HELD_VERSION).put(json).array());
                heldCount.put(time, next + 1);
                Long latest = heldIds.get(record.getId());
                if (latest == null || latest < time) {
                    heldIds.put(record.getId(), time);
                }
            } catch (Exception e) {
                throw new FlinkRuntimeException("holding correlation record " + record.getId(), e);
            }
        }

        @Override
        public List<Impairment> release(long time) {
            try {
                Integer n = heldCount.get(time);
                List<Impairment> out = new ArrayList<>(n == null ? 0 : n);
                for (int i = 0; n != null && i < n; i++) {
                    byte[] b = held.get(time + "#" + i);
                    held.remove(time + "#" + i);
                    Impairment record = heldOrNull(time, b);
                    if (record == null) {
                        continue;
                    }
                    Long latest = heldIds.get(record.getId());
                    if (latest != null && latest == time) {
                        heldIds.remove(record.getId());
                    }
                    out.add(record);
                }
                heldCount.remove(time);
                return out;
            } catch (Exception e) {
                throw new FlinkRuntimeException("releasing correlation records of " + time, e);
            }
        }

        @Override
        public long heldUntil(String id) {
            try {
                Long t = heldIds.get(id);
                return t == null ? Long.MIN_VALUE : t;
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading held correlation records of " + id, e);
            }
        }

        @Override
        public boolean isEmpty() {
            try {
                return members.isEmpty() && counts.isEmpty() && heldCount.isEmpty();
            } catch (Exception e) {
                throw new FlinkRuntimeException("reading correlation members", e);
            }
        }

        /** A member entry no reader can read is left out and counted (the caller removes it). */
        private Member decodeOrNull(String id, byte[] bytes) {
            try {
                return decode(bytes);
            } catch (RuntimeException e) {
                restores.unreadable("member " + id, e);
                return null;
            }
        }

        private Impairment heldOrNull(long time, byte[] b) {
            try {
                if (b == null || b.length == 0 || b[0] != HELD_VERSION) {
                    throw new IllegalArgumentException("unknown held record version");
                }
                return Json.fromBytes(java.util.Arrays.copyOfRange(b, 1, b.length), Impairment.class);
            } catch (RuntimeException e) {
                restores.unreadable("held record at " + time, e);
                return null;
            }
        }

        private Member decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] in = new byte[b.getInt()];
            b.get(in);
            byte[] out = new byte[b.getInt()];
            b.get(out);
            return new Member(Json.fromBytes(in, Impairment.class), Json.fromBytes(out, Impairment.class));
        }
    }
}

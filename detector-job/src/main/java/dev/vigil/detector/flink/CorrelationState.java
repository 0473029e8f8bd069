package dev.vigil.detector.flink;

import dev.vigil.detector.correlate.MemberStore;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.FlinkRuntimeException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The correlation's members, impaired counts and held records over one region key's map state:
 * one entry each, so a record reads and writes a few entries however large the incident is.
 * Flink's checked state exceptions become unchecked.
 */
final class CorrelationState implements MemberStore {
    /** Layout of a held record's bytes: this version byte, then the record's JSON. */
    private static final int HELD_VERSION = 1;

    private final MapState<String, byte[]> members;
    private final MapState<String, Integer> counts;
    /** Records held until the watermark passes their moment: "time#n" to record, time to how many, id to latest time. */
    private final MapState<String, byte[]> held;
    private final MapState<Long, Integer> heldCount;
    private final MapState<String, Long> heldIds;
    private final StateRestores restores;

    /** @param restores counts the entries no reader can read, which are left out instead of failing the job */
    CorrelationState(RuntimeContext ctx, StateRestores restores) {
        this.restores = restores;
        members = ctx.getMapState(new MapStateDescriptor<>("members", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        counts = ctx.getMapState(new MapStateDescriptor<>("counts", Types.STRING, Types.INT));
        held = ctx.getMapState(new MapStateDescriptor<>("held", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        heldCount = ctx.getMapState(new MapStateDescriptor<>("held-count", Types.LONG, Types.INT));
        heldIds = ctx.getMapState(new MapStateDescriptor<>("held-ids", Types.STRING, Types.LONG));
    }

    /** Drops everything of the current key: the region has nothing open or held. */
    void clear() {
        members.clear();
        counts.clear();
        held.clear();
        heldCount.clear();
        heldIds.clear();
    }

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

    /** A held record no reader can read is left out and counted. */
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

package dev.vigil.detector.correlate;

import dev.vigil.schemas.Impairment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the correlation keeps its open member impairments, how many open impairments each
 * resource has, and the records held until the watermark passes their event time: one entry per
 * member or record, so a record costs a few lookups however large the incident, and the members
 * are only walked when a fleet's or zone's verdict changes. The Flink function backs it with
 * MapState; tests use {@link #inMemory()}.
 */
public interface MemberStore {
    /** An open member impairment as the detector sent it, and as it was last emitted. */
    final class Member {
        public final Impairment input;
        public final Impairment emitted;

        public Member(Impairment input, Impairment emitted) {
            this.input = input;
            this.emitted = emitted;
        }
    }

    Member get(String impairmentId);

    void put(String impairmentId, Member m);

    void remove(String impairmentId);

    /** Every open member, in no particular order. */
    Iterable<Member> all();

    /** Open impairments counted under {@code key} (a resource in a fleet and zone). */
    int count(String key);

    void setCount(String key, int n);

    /** Holds a record until the moment {@code time} is complete. */
    void hold(long time, Impairment record);

    /** The records held for {@code time}, in the order they were held; they are no longer held. */
    List<Impairment> release(long time);

    /** The latest time a record of this impairment is held for; Long.MIN_VALUE when none is. */
    long heldUntil(String impairmentId);

    /** No members, no counts and nothing held. */
    boolean isEmpty();

    static MemberStore inMemory() {
        return new MemberStore() {
            private final Map<String, Member> members = new TreeMap<>();
            private final Map<String, Integer> counts = new TreeMap<>();
            private final TreeMap<Long, List<Impairment>> held = new TreeMap<>();
            private final Map<String, Long> heldIds = new HashMap<>();

            @Override
            public Member get(String id) {
                return members.get(id);
            }

            @Override
            public void put(String id, Member m) {
                members.put(id, m);
            }

            @Override
            public void remove(String id) {
                members.remove(id);
            }

            @Override
            public Iterable<Member> all() {
                return members.values();
            }

            @Override
            public int count(String key) {
                return counts.getOrDefault(key, 0);
            }

            @Override
            public void setCount(String key, int n) {
                if (n == 0) {
                    counts.remove(key);
                } else {
                    counts.put(key, n);
                }
            }

            @Override
            public void hold(long time, Impairment record) {
                held.computeIfAbsent(time, t -> new ArrayList<>()).add(record);
                heldIds.merge(record.getId(), time, Math::max);
            }

            @Override
            public List<Impairment> release(long time) {
                List<Impairment> out = held.remove(time);
                if (out == null) {
                    return new ArrayList<>();
                }
                for (Impairment i : out) {
                    heldIds.remove(i.getId(), time);
                }
                return out;
            }

            @Override
            public long heldUntil(String id) {
                return heldIds.getOrDefault(id, Long.MIN_VALUE);
            }

            @Override
            public boolean isEmpty() {
                return members.isEmpty() && counts.isEmpty() && held.isEmpty();
            }
        };
    }
}

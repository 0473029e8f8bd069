package dev.vigil.detector.correlate;

import dev.vigil.schemas.Impairment;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where the correlation keeps its open member impairments and how many open impairments each
 * resource has: one entry per member, so a record costs one lookup however large the incident,
 * and the whole set is only walked when a fleet's or zone's verdict changes. The Flink function
 * backs it with MapState; tests use {@link #inMemory()}.
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

    boolean isEmpty();

    static MemberStore inMemory() {
        return new MemberStore() {
            private final Map<String, Member> members = new TreeMap<>();
            private final Map<String, Integer> counts = new TreeMap<>();

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
            public boolean isEmpty() {
                return members.isEmpty() && counts.isEmpty();
            }
        };
    }
}

package dev.vigil.detector.peer;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a peer group keeps its members: one entry per member, its {@link MemberTrack}'s bytes, so a
 * datapoint reads and writes its own member's entry however large the group is. The Flink
 * function backs it with map state; tests and the v1 reader use {@link #inMemory()}.
 */
public interface PeerMembers {
    /** The member's bytes, or null. */
    byte[] get(String member);

    void put(String member, byte[] track);

    void remove(String member);

    /**
     * An entry no reader can read (damaged, or of a layout this version does not know): it goes,
     * and the member starts again from nothing, rather than every read of its group throwing and
     * failing the job into a restart that reads the same bytes again. The Flink store also counts it.
     */
    default void dropUnreadable(String member, Exception cause) {
        remove(member);
    }

    /** Every member and its bytes, in no particular order. */
    Iterable<Map.Entry<String, byte[]>> all();

    boolean isEmpty();

    /** In a sorted map: the order a replay or test sees is always the same. */
    static PeerMembers inMemory() {
        return new InMemory();
    }

    /** Members in memory. */
    final class InMemory implements PeerMembers {
        private final TreeMap<String, byte[]> members = new TreeMap<>();

        @Override
        public byte[] get(String member) {
            return members.get(member);
        }

        @Override
        public void put(String member, byte[] track) {
            members.put(member, track);
        }

        @Override
        public void remove(String member) {
            members.remove(member);
        }

        @Override
        public Iterable<Map.Entry<String, byte[]>> all() {
            return members.entrySet();
        }

        @Override
        public boolean isEmpty() {
            return members.isEmpty();
        }
    }
}

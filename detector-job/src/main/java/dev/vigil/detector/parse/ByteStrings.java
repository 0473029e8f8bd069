package dev.vigil.detector.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings that repeat on every datapoint (namespaces, metric and dimension names, units, accounts,
 * regions), looked up by their UTF-8 bytes, so a binary message yields one shared String per name
 * and no allocation at all for a name seen before. Bounded: when full it starts over, which only
 * costs decoding again, never correctness.
 */
final class ByteStrings {
    private final byte[][] keys;
    private final String[] values;
    private final int mask;
    private final int capacity;
    private int size;

    /** @param capacity strings kept; a power of two */
    ByteStrings(int capacity) {
        this.capacity = capacity;
        this.keys = new byte[capacity * 2][];
        this.values = new String[capacity * 2];
        this.mask = capacity * 2 - 1;
    }

    /** Eight bytes a step: names are short, and this runs for several on every datapoint. */
    private static int hash(byte[] buf, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ ProtoReader.word(buf, i)) * 0x9e37_79b9_7f4a_7c15L;
        }
        for (; i < to; i++) {
            h = (h ^ buf[i]) * 0x9e37_79b9_7f4a_7c15L;
        }
        return (int) (h ^ h >>> 32);
    }

    /**
     * The string of {@code buf[from, to)}; bytes not seen before must be UTF-8 (they are checked,
     * failing as {@link ProtoReader.Malformed}), bytes seen before are the string they were.
     */
    String get(byte[] buf, int from, int to) {
        int h = hash(buf, from, to);
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            byte[] k = keys[slot];
            if (k == null) {
                break;
            }
            if (Arrays.equals(k, 0, k.length, buf, from, to)) {
                return values[slot];
            }
        }
        if (size == capacity) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        }
        ProtoReader.checkUtf8(buf, from, to);
        String s = new String(buf, from, to - from, StandardCharsets.UTF_8);
        int slot = h & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = Arrays.copyOfRange(buf, from, to);
        values[slot] = s;
        size++;
        return s;
    }
}

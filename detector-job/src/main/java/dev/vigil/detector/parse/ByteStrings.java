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

    /** The string of {@code buf[from, to)}, which must already be valid UTF-8. */
    String get(byte[] buf, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
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

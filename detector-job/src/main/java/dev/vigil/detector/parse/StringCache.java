package dev.vigil.detector.parse;

import java.util.HashMap;

/**
 * Canonicalises the strings that repeat on every datapoint (namespaces, metric and dimension
 * names, instance ids) so the parser keeps one copy of each instead of millions. Bounded: when
 * full it starts over, which only costs duplicates, never correctness.
 */
final class StringCache {
    private final int capacity;
    private final HashMap<String, String> map;

    StringCache(int capacity) {
        this.capacity = capacity;
        this.map = new HashMap<>(capacity * 2);
    }

    String intern(String s) {
        String cached = map.get(s);
        if (cached != null) {
            return cached;
        }
        if (map.size() >= capacity) {
            map.clear();
        }
        map.put(s, s);
        return s;
    }
}

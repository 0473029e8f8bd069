package dev.vigil.detector.topology;

import java.io.Serializable;

/**
 * How impairments are enriched with topology. Sources in order of preference: what the records
 * carry, the snapshot file, the AWS APIs (asynchronously, with a bounded expiring cache and a
 * timeout). Immutable; each {@code with...} returns a changed copy.
 */
public final class TopologySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private String snapshotPath;
    private TopologyApi.Factory api;
    private long timeoutMs = 2_000;
    private int cacheSize = 50_000;
    private long cacheTtlMs = 300_000;
    private int capacity = 100;

    /** No snapshot, no API: only what the records carry. */
    public static TopologySettings none() {
        return new TopologySettings();
    }

    private TopologySettings copy() {
        TopologySettings s = new TopologySettings();
        s.snapshotPath = snapshotPath;
        s.api = api;
        s.timeoutMs = timeoutMs;
        s.cacheSize = cacheSize;
        s.cacheTtlMs = cacheTtlMs;
        s.capacity = capacity;
        return s;
    }

    public TopologySettings withSnapshot(String path) {
        TopologySettings s = copy();
        s.snapshotPath = path;
        return s;
    }

    public TopologySettings withApi(TopologyApi.Factory factory) {
        TopologySettings s = copy();
        s.api = factory;
        return s;
    }

    public TopologySettings withTimeoutMs(long ms) {
        TopologySettings s = copy();
        s.timeoutMs = require("timeout.ms", ms, 1);
        return s;
    }

    public TopologySettings withCache(int size, long ttlMs) {
        TopologySettings s = copy();
        s.cacheSize = (int) require("cache.size", size, 1);
        s.cacheTtlMs = require("cache.ttl.ms", ttlMs, 1);
        return s;
    }

    public TopologySettings withCapacity(int inFlight) {
        TopologySettings s = copy();
        s.capacity = (int) require("capacity", inFlight, 1);
        return s;
    }

    private static long require(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("topology." + key + ": expected >= " + min + ", got " + value);
        }
        return value;
    }

    /** Snapshot file (JSON, see {@link TopologySnapshot}); null = none. */
    public String snapshotPath() {
        return snapshotPath;
    }

    /** The AWS API client factory; null = the APIs are not asked. */
    public TopologyApi.Factory api() {
        return api;
    }

    /** How long an API lookup may take before the impairment goes on without it, marked incomplete. */
    public long timeoutMs() {
        return timeoutMs;
    }

    /** Resources whose API answer is kept (least recently used go first). */
    public int cacheSize() {
        return cacheSize;
    }

    /** How long an API answer is trusted: instances move between groups, targets deregister. */
    public long cacheTtlMs() {
        return cacheTtlMs;
    }

    /** Lookups in flight per subtask before the enrichment applies back pressure. */
    public int capacity() {
        return capacity;
    }
}

package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The AWS APIs' answers, kept for a while so each resource is asked about once per TTL, not once per
 * lifecycle record. Bounded (least recently used go first) because a job sees an unbounded stream of
 * resource ids over its life; expiring because instances move between groups and targets deregister.
 *
 * <p>Only answers are kept: a failure or an incomplete answer is asked again next time, so a brief
 * outage does not leave holes for a whole TTL. Thread safe: answers arrive on the API's threads while
 * the task thread reads.
 */
public final class TopologyCache {
    private final int maxSize;
    private final long ttlMs;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Cached> entries;

    public TopologyCache(int maxSize, long ttlMs, LongSupplier clock) {
        if (maxSize < 1 || ttlMs < 1) {
            throw new IllegalArgumentException("cache size and TTL must be positive, got " + maxSize + ", " + ttlMs);
        }
        this.maxSize = maxSize;
        this.ttlMs = ttlMs;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > TopologyCache.this.maxSize;
            }
        };
    }

    /** The cached answer, or null when there is none or it has expired. */
    @Nullable
    public synchronized Topology get(@Nullable String account, @Nullable String region, String resourceId) {
        String key = key(account, region, resourceId);
        Cached e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() >= e.expiresAt) {
            entries.remove(key);
            return null;
        }
        return e.topology;
    }

    /** Keeps a complete answer for the TTL; an incomplete one is ignored (it is a partial failure). */
    public synchronized void put(@Nullable String account, @Nullable String region, String resourceId, Topology answer) {
        if (answer == null || !answer.isComplete()) {
            return;
        }
        entries.put(key(account, region, resourceId), new Cached(answer, clock.getAsLong() + ttlMs));
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String key(@Nullable String account, @Nullable String region, String resourceId) {
        return account + '/' + region + '/' + resourceId;
    }

    private static final class Cached {
        final Topology topology;
        final long expiresAt;

        Cached(Topology topology, long expiresAt) {
            this.topology = topology;
            this.expiresAt = expiresAt;
        }
    }
}

package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An AWS that never answers: every describe() stays pending forever, as behind a black-holed
 * network. For tests that the enrichment's timeout lets impairments flow, marked incomplete.
 */
public final class StallingTopologyApi implements TopologyApi {
    /** describe() calls in this JVM, across instances (a MiniCluster's subtasks share it). */
    public static final AtomicInteger CALLS = new AtomicInteger();

    /** Serializable, so it can travel in a job graph. */
    public static TopologyApi.Factory factory() {
        return new Factory();
    }

    @Override
    public CompletableFuture<Topology> describe(String account, String region, String resourceId, String resourceType) {
        CALLS.incrementAndGet();
        return new CompletableFuture<>();
    }

    @Override
    public void close() {
    }

    private static final class Factory implements TopologyApi.Factory {
        private static final long serialVersionUID = 1L;

        @Override
        public TopologyApi create() {
            return new StallingTopologyApi();
        }
    }
}

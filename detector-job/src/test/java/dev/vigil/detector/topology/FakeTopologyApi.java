package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory AWS: answers at once from a map, or fails every call once told to. Registered by
 * name so the function under test, which makes its API from a serializable factory, gets this
 * very instance and the test can read its calls.
 */
final class FakeTopologyApi implements TopologyApi {
    private static final Map<String, FakeTopologyApi> REGISTRY = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, Topology> answers = new ConcurrentHashMap<>();
    /** Resource ids asked about, in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    private FakeTopologyApi(String name) {
        this.name = name;
    }

    static FakeTopologyApi named(String name) {
        FakeTopologyApi api = new FakeTopologyApi(name);
        REGISTRY.put(name, api);
        return api;
    }

    FakeTopologyApi answer(String resourceId, Topology topology) {
        answers.put(resourceId, topology);
        return this;
    }

    FakeTopologyApi failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    TopologyApi.Factory factory() {
        return new Ref(name);
    }

    @Override
    public CompletableFuture<Topology> describe(String account, String region, String resourceId, String resourceType) {
        calls.add(resourceId);
        RuntimeException e = failure;
        if (e != null) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(answers.getOrDefault(resourceId, Topology.empty()));
    }

    @Override
    public void close() {
    }

    private static final class Ref implements TopologyApi.Factory {
        private static final long serialVersionUID = 1L;
        private final String name;

        Ref(String name) {
            this.name = name;
        }

        @Override
        public TopologyApi create() {
            return REGISTRY.get(name);
        }
    }
}

package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;

import java.util.concurrent.CompletableFuture;

/**
 * Where a resource sits, as AWS itself says (EC2 DescribeInstances, Auto Scaling
 * DescribeAutoScalingGroups, ELBv2 DescribeTargetHealth). Narrow so unit tests use an in-memory
 * fake and the integration tests the real SDK clients against the local emulator.
 */
public interface TopologyApi extends AutoCloseable {
    /**
     * Never blocks: the enrichment calls it from Flink async I/O. Completes with what AWS knows
     * ({@link Topology#empty()} when the resource type has no topology), or exceptionally when AWS
     * could not be asked.
     *
     * @param resourceType the impairment's resource type, e.g. {@code EC2_INSTANCE}, {@code TARGET_GROUP}
     */
    CompletableFuture<Topology> describe(String account, String region, String resourceId, String resourceType);

    @Override
    void close();

    /** Creates the API client on the task manager (clients are not serializable). */
    interface Factory extends java.io.Serializable {
        TopologyApi create();
    }
}

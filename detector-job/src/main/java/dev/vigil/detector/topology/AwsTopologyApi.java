package dev.vigil.detector.topology;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.schemas.Topology;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * {@link TopologyApi} on the AWS SDK's synchronous EC2, Auto Scaling and ELBv2 clients, run on a
 * small bounded pool this object owns so {@link #describe} never blocks the task thread. Sync
 * clients on a pool, not the async clients: the job already carries the light URL-connection HTTP
 * client, and the async ones would bring Netty for a handful of control-plane calls.
 *
 * <p>Clients are made per region on first use: an impairment is looked up in its own region. The
 * job's credentials are used for every account, so another account's resources are only found
 * where those credentials can see them (no role is assumed).
 *
 * <p>When AWS is slow the pool's queue fills; past it a lookup fails at once ("busy") rather than
 * queueing work whose answer the enrichment has long stopped waiting for.
 */
public final class AwsTopologyApi implements TopologyApi {
    private final Factory settings;
    private final ThreadPoolExecutor pool;
    private final Map<String, Clients> clients = new ConcurrentHashMap<>();
    private final AwsCredentialsProvider credentials;

    AwsTopologyApi(Factory settings) {
        this.settings = settings;
        this.credentials = settings.accessKey == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey, settings.secretKey));
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads, settings.threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue), r -> {
                    Thread t = new Thread(r, "vigil-topology-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public CompletableFuture<Topology> describe(String account, String region, String resourceId, String resourceType) {
        String r = region == null ? settings.region : region;
        String type = resourceType == null ? "" : resourceType;
        switch (type) {
            case "EC2_INSTANCE":
                return submit(() -> lookups(r).instance(resourceId));
            case "TARGET_GROUP":
                return submit(() -> lookups(r).targetGroup(account, r, resourceId));
            case "AUTO_SCALING_GROUP":
                return submit(() -> lookups(r).group(resourceId));
            default:
                return CompletableFuture.completedFuture(Topology.empty());
        }
    }

    private CompletableFuture<Topology> submit(Supplier<Topology> call) {
        try {
            return CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("busy: "
                    + settings.queue + " lookups already queued"));
        }
    }

    private AwsTopologyLookups lookups(String region) {
        return clients.computeIfAbsent(region, this::connect).lookups;
    }

    private Clients connect(String region) {
        // Past the enrichment's timeout nobody waits for the answer but the cache; the call bound
        // frees the pool's thread for the next lookup.
        AwsClients aws = new AwsClients(Region.of(region), credentials,
                settings.endpoint == null ? null : URI.create(settings.endpoint))
                .forLookups(Duration.ofSeconds(2), Duration.ofMillis(settings.apiCallTimeoutMs));
        return new Clients(aws.build(Ec2Client.builder()), aws.build(AutoScalingClient.builder()),
                aws.build(ElasticLoadBalancingV2Client.builder()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (Clients c : clients.values()) {
            c.close();
        }
        clients.clear();
    }

    private static final class Clients implements AutoCloseable {
        final List<AutoCloseable> all = new ArrayList<>();
        final AwsTopologyLookups lookups;

        Clients(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb) {
            all.add(ec2);
            all.add(autoScaling);
            all.add(elb);
            lookups = new AwsTopologyLookups(ec2, autoScaling, elb);
        }

        @Override
        public void close() {
            for (AutoCloseable c : all) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Closing on shutdown: nothing left to do with a client that will not close.
                }
            }
        }
    }

    /**
     * Where and as whom to ask AWS; serialisable so it travels with the job graph and the clients
     * are made on the task manager.
     */
    public static final class Factory implements TopologyApi.Factory {
        private static final long serialVersionUID = 1L;

        private final String region;
        @Nullable private final String endpoint;
        @Nullable private final String accessKey;
        @Nullable private final String secretKey;
        private int threads = 4;
        private int queue = 256;
        private long apiCallTimeoutMs = 10_000;

        /**
         * @param region   the region of impairments that carry none
         * @param endpoint an endpoint for every service (a local emulator), or null for AWS's own
         * @param accessKey static credentials, or null for the default chain (MSF's service role)
         */
        public Factory(String region, @Nullable String endpoint, @Nullable String accessKey, @Nullable String secretKey) {
            if (region == null || region.isEmpty()) {
                throw new IllegalArgumentException("topology API: a region is required");
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException("topology API: give both access key and secret, or neither");
            }
            this.region = region;
            this.endpoint = endpoint;
            this.accessKey = accessKey;
            this.secretKey = secretKey;
        }

        /** Lookups run at once per subtask, and how many may wait for a thread before lookups fail as busy. */
        public Factory withPool(int threads, int queue) {
            if (threads < 1 || queue < 1) {
                throw new IllegalArgumentException("topology API: threads and queue must be positive");
            }
            Factory f = new Factory(region, endpoint, accessKey, secretKey);
            f.threads = threads;
            f.queue = queue;
            f.apiCallTimeoutMs = apiCallTimeoutMs;
            return f;
        }

        @Override
        public TopologyApi create() {
            return new AwsTopologyApi(this);
        }
    }
}

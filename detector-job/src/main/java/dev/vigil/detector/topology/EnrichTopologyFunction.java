package dev.vigil.detector.topology;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Adds where each impairment's resource sits. Sources in order of preference: the topology the
 * impairment already carries, what its records say ({@link RecordHints}), the snapshot file, then
 * the AWS APIs through a {@link TopologyCache}. The APIs are asked only when the cheaper sources
 * leave the zone or the fleet's zone spread unknown, since those are what correlation needs.
 *
 * <p>Never fails the job and never holds an impairment longer than the timeout: a failed or late
 * lookup lets the impairment go on with what is known, marked incomplete with the reason.
 */
public final class EnrichTopologyFunction extends RichAsyncFunction<Impairment, Impairment> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EnrichTopologyFunction.class);
    /** Resources that span zones: knowing their fleet's spread is enough. */
    private static final Set<String> NOT_ZONAL = Set.of("TARGET_GROUP", "LOAD_BALANCER", "AUTO_SCALING_GROUP",
            "RDS_CLUSTER", "SERIES");
    private static final int MAX_REASON = 160;

    private final TopologySettings settings;

    private transient TopologySnapshot snapshot;
    @Nullable private transient TopologyApi api;
    private transient TopologyCache cache;
    private transient Counter lookups;
    private transient Counter cacheHits;
    private transient Counter timeouts;
    private transient Counter errors;

    public EnrichTopologyFunction(TopologySettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        snapshot = settings.snapshotPath() == null ? TopologySnapshot.empty() : TopologySnapshot.load(settings.snapshotPath());
        if (settings.snapshotPath() != null) {
            LOG.info("topology snapshot {}: {} resources", settings.snapshotPath(), snapshot.size());
        }
        api = settings.api() == null ? null : settings.api().create();
        cache = new TopologyCache(settings.cacheSize(), settings.cacheTtlMs(), System::currentTimeMillis);
        MetricGroup m = getRuntimeContext().getMetricGroup().addGroup("topology");
        lookups = m.counter("apiLookups");
        cacheHits = m.counter("cacheHits");
        timeouts = m.counter("apiTimeouts");
        errors = m.counter("apiErrors");
    }

    @Override
    public void asyncInvoke(Impairment impairment, ResultFuture<Impairment> result) {
        Topology known = known(impairment);
        if (api == null || !needsApi(impairment, known)) {
            result.complete(Collections.singleton(with(impairment, known)));
            return;
        }
        lookups.inc();
        Topology cached = cache.get(impairment.getAccount(), impairment.getRegion(), impairment.getResourceId());
        if (cached != null) {
            cacheHits.inc();
            result.complete(Collections.singleton(with(impairment, known.orElse(cached))));
            return;
        }
        CompletableFuture<Topology> answer;
        try {
            answer = api.describe(impairment.getAccount(), impairment.getRegion(), impairment.getResourceId(),
                    impairment.getResourceType());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((topology, failure) -> {
            // After a timeout the result is already out and this completion is ignored by Flink,
            // but a late answer still fills the cache for the next record of the resource.
            if (failure == null && topology != null) {
                cache.put(impairment.getAccount(), impairment.getRegion(), impairment.getResourceId(), topology);
                result.complete(Collections.singleton(with(impairment, known.orElse(topology))));
            } else {
                errors.inc();
                String why = failure == null ? "no answer" : reason(failure);
                LOG.warn("topology of {} {}: {}", impairment.getResourceType(), impairment.getResourceId(), why);
                result.complete(Collections.singleton(with(impairment, known.incomplete("aws-api: " + why))));
            }
        });
    }

    @Override
    public void timeout(Impairment impairment, ResultFuture<Impairment> result) {
        timeouts.inc();
        result.complete(Collections.singleton(with(impairment,
                known(impairment).incomplete("aws-api: timeout after " + settings.timeoutMs() + " ms"))));
    }

    /** Carried topology, then record hints, then the snapshot. */
    private Topology known(Impairment impairment) {
        Topology t = impairment.getTopology() == null ? Topology.empty() : impairment.getTopology();
        t = t.orElse(RecordHints.of(impairment));
        return t.orElse(snapshot.lookup(impairment.getResourceId()));
    }

    private static boolean needsApi(Impairment impairment, Topology known) {
        boolean zoneMissing = known.getAvailabilityZone() == null && !NOT_ZONAL.contains(impairment.getResourceType());
        return zoneMissing || known.getFleetMembersByZone().isEmpty();
    }

    /** The impairment as it was when nothing is known and nothing is missing: no copy, no empty block. */
    private static Impairment with(Impairment impairment, Topology topology) {
        if (topology.equals(impairment.getTopology())
                || (impairment.getTopology() == null && topology.equals(Topology.empty()))) {
            return impairment;
        }
        return impairment.toBuilder().topology(topology).build();
    }

    /** Short enough for a field of the published record: the AWS error code, else the exception's message. */
    static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String why;
        if (t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null
                && ((AwsServiceException) t).awsErrorDetails().errorCode() != null) {
            AwsServiceException e = (AwsServiceException) t;
            why = e.awsErrorDetails().serviceName() + " " + e.awsErrorDetails().errorCode();
        } else {
            why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        return why.length() <= MAX_REASON ? why : why.substring(0, MAX_REASON - 3) + "...";
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
            api = null;
        }
    }
}

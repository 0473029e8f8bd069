package dev.vigil.detector.flink;

import dev.vigil.detector.topology.Enrichment;
import dev.vigil.detector.topology.TopologyApi;
import dev.vigil.detector.topology.TopologyCache;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;

/**
 * Adds where each impairment's resource sits: what costs nothing first ({@link Enrichment}), then
 * the AWS APIs through a {@link TopologyCache}, asked only when the rest leaves the zone or the
 * fleet's zone spread unknown.
 *
 * <p>Never fails the job and never holds an impairment longer than the timeout: a failed or late
 * lookup lets the impairment go on with what is known, marked incomplete with the reason.
 */
public final class EnrichTopologyFunction extends RichAsyncFunction<Impairment, Impairment> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EnrichTopologyFunction.class);

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
        Topology known = Enrichment.known(impairment, snapshot);
        if (api == null || !Enrichment.needsApi(impairment, known)) {
            result.complete(Collections.singleton(Enrichment.with(impairment, known)));
            return;
        }
        lookups.inc();
        Topology cached = cache.get(impairment.getAccount(), impairment.getRegion(), impairment.getResourceId());
        if (cached != null) {
            cacheHits.inc();
            result.complete(Collections.singleton(Enrichment.with(impairment, known.orElse(cached))));
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
                result.complete(Collections.singleton(Enrichment.with(impairment, known.orElse(topology))));
            } else {
                errors.inc();
                String why = failure == null ? "no answer" : Enrichment.reason(failure);
                LOG.warn("topology of {} {}: {}", impairment.getResourceType(), impairment.getResourceId(), why);
                result.complete(Collections.singleton(Enrichment.with(impairment, known.incomplete("aws-api: " + why))));
            }
        });
    }

    @Override
    public void timeout(Impairment impairment, ResultFuture<Impairment> result) {
        timeouts.inc();
        result.complete(Collections.singleton(Enrichment.with(impairment,
                Enrichment.known(impairment, snapshot).incomplete("aws-api: timeout after " + settings.timeoutMs() + " ms"))));
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
            api = null;
        }
    }
}

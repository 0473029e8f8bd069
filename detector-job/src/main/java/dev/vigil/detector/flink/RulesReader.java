package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesObjects;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the rules object off the task thread (a GET may take seconds; the task thread also
 * checkpoints) and hands each new version to Flink from {@link #pollNext}. A failed poll is logged
 * (once until one succeeds again) and tried at the next interval: the rules in force stay.
 */
final class RulesReader implements SourceReader<RulesUpdate, RulesSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(RulesReader.class);

    @Nullable private final RulesObjects.Factory factory;
    private final long intervalMs;
    private RulesObjects objects;
    private ScheduledExecutorService poller;
    @Nullable private RulesSplit split;
    private boolean noMoreSplits;
    private boolean failing;
    /** The poll under way, or null; completes with what it found. */
    @Nullable private CompletableFuture<Optional<RulesUpdate>> poll;
    private CompletableFuture<Void> assigned = new CompletableFuture<>();

    RulesReader(@Nullable RulesObjects.Factory factory, long intervalMs) {
        this.factory = factory;
        this.intervalMs = intervalMs;
    }

    @Override
    public void start() {
        if (factory != null) {
            objects = factory.create();
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "vigil-rules-poller");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RulesUpdate> output) {
        if (split == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        if (poll == null) {
            schedule(0);
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (!poll.isDone()) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        Optional<RulesUpdate> found = poll.join();
        if (found.isPresent()) {
            split = split.seen(found.get().tag());
            LOG.info("live rules: read {}", found.get());
            output.collect(found.get());
        }
        schedule(intervalMs);
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void schedule(long delayMs) {
        String last = split.lastTag();
        CompletableFuture<Optional<RulesUpdate>> next = new CompletableFuture<>();
        poller.schedule(() -> next.complete(fetch(last)), delayMs, TimeUnit.MILLISECONDS);
        poll = next;
    }

    private Optional<RulesUpdate> fetch(@Nullable String last) {
        try {
            Optional<RulesUpdate> u = objects.fetchIfChanged(last);
            failing = false;
            return u;
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("live rules: cannot read {} (the rules in force stay; trying again every {} ms): {}",
                        objects.location(), intervalMs, e.toString());
            }
            failing = true;
            return Optional.empty();
        }
    }

    @Override
    public List<RulesSplit> snapshotState(long checkpointId) {
        return split == null ? Collections.emptyList() : Collections.singletonList(split);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (split == null) {
            return noMoreSplits ? CompletableFuture.completedFuture(null) : assigned;
        }
        return poll == null ? CompletableFuture.completedFuture(null) : poll.thenApply(found -> null);
    }

    @Override
    public void addSplits(List<RulesSplit> splits) {
        if (!splits.isEmpty()) {
            split = splits.get(0);
            assigned.complete(null);
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        assigned.complete(null);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (objects != null) {
            objects.close();
        }
    }
}

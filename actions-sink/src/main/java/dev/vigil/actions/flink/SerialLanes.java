package dev.vigil.actions.flink;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks on a bounded executor, one at a time per lane and in submission order, lanes in
 * parallel. A fleet is a lane: the safety gate's "check the velocity, then act, then count it"
 * must not interleave with another action on the same fleet, and an impairment's failback must
 * not overtake its recovery. Different fleets do not wait for each other.
 */
public final class SerialLanes {
    private final Executor executor;
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

    public SerialLanes(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code task} after every task submitted earlier to {@code lane} has finished (either way). */
    public synchronized <T> CompletableFuture<T> submit(String lane, Supplier<T> task) {
        CompletableFuture<?> previous = tails.get(lane);
        CompletableFuture<T> next = previous == null
                ? CompletableFuture.supplyAsync(task, executor)
                : previous.handle((r, e) -> null).thenApplyAsync(ignored -> task.get(), executor);
        tails.put(lane, next);
        // An idle lane is forgotten, so the map holds only lanes with work in flight.
        next.whenComplete((r, e) -> forget(lane, next));
        return next;
    }

    private synchronized void forget(String lane, CompletableFuture<?> finished) {
        tails.remove(lane, finished);
    }

    /** Lanes with work queued or running. */
    public synchronized int busyLanes() {
        return tails.size();
    }
}

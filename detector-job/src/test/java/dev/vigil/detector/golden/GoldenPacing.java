package dev.vigil.detector.golden;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lockstep of one golden job: how far each of its inputs got, the output watermark its pacing
 * sink reports, and who waits for which watermark. One per job ({@link GoldenSource#newRun}), never
 * shared: a job in the same JVM before or after has its own.
 *
 * <p>Per attempt: the MiniCluster restarts the whole job from a checkpoint (one failover region),
 * so when a reader starts again the sinks' watermarks so far are the failed attempt's, ahead of
 * where the restored inputs go on, and the restarted operators begin again from no watermark at
 * all. Paced on the old watermark, the first records after a restart went out in a burst; and a
 * reader whose checkpoint left nothing to hand out again got one record out before waiting for a
 * watermark that could only rise with records in every parse subtask: the restarted job waited for
 * ever. So a (re)starting reader forgets the old watermarks, and hands out {@link #FREE} records
 * before it waits, exactly as at the first start.
 */
final class GoldenPacing {
    /**
     * How far the next record may be ahead of the output watermark. The watermark trails the
     * newest record by the out-of-orderness bound plus the minute the other parse subtask is
     * behind, so less than about three minutes would never let a record through.
     */
    static final long LEAD_MS = 3 * GoldenV1Scenario.MINUTE;
    /**
     * Records a reader hands out unpaced each time it starts or restarts: enough for both parse
     * subtasks after it (records go to them in turn) to have one, so a watermark comes out at all.
     */
    static final int FREE = 3;

    private final String id;
    private final int sinkParallelism;
    /** Sink subtask → the highest watermark it reported in this attempt. */
    private final Map<Integer, Long> watermarks = new TreeMap<>();
    private final Map<String, Input> inputs = new TreeMap<>();
    private final List<Waiter> waiters = new ArrayList<>();

    GoldenPacing(String id, int sinkParallelism) {
        this.id = id;
        this.sinkParallelism = sinkParallelism;
    }

    String id() {
        return id;
    }

    /** A reader of {@code input} starts (a job attempt begins): this attempt is paced from its own watermark. */
    synchronized void started(String input) {
        Input in = input(input);
        in.attempts++;
        // It goes on from its checkpoint, not from the last record handed out before the failure:
        // the next index is known once it hands one out.
        in.lastIndex = -1;
        in.thisAttempt = 0;
        in.held = false;
        watermarks.clear();
        waiters.removeIf(w -> w.input.equals(input));
    }

    /** Record {@code index} of {@code input} is handed out. */
    synchronized void handedOut(String input, long index) {
        Input in = input(input);
        in.lastIndex = index;
        in.emitted++;
        in.thisAttempt++;
    }

    /**
     * Completes when the next record of {@code input} may go: at once for the first {@link #FREE}
     * of an attempt, else once the output watermark is within {@link #LEAD_MS} of its time; never
     * at {@code pauseAt} (the reader idles, its task free to take a savepoint).
     */
    synchronized CompletableFuture<Void> permit(String input, long[] times, long pauseAt) {
        Input in = input(input);
        long next = in.lastIndex + 1;
        if (in.lastIndex >= 0 && next >= pauseAt) {
            in.paused = true;
            return new CompletableFuture<>();
        }
        boolean free = in.lastIndex < 0 || in.thisAttempt < FREE || next >= times.length;
        long needs = free ? Long.MIN_VALUE : times[(int) next] - LEAD_MS;
        if (!in.held && needs <= watermark()) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter w = new Waiter(input, next, needs, System.nanoTime());
        waiters.add(w);
        return w.go;
    }

    /** The watermark of one pacing sink subtask; releases the records it lets through. */
    synchronized void observe(int subtask, long watermark) {
        watermarks.merge(subtask, watermark, Math::max);
        releaseWaiters();
    }

    /**
     * Holds the next record of {@code input} back, whatever the watermark, until {@link #release}
     * (a failure hook making sure nothing is handed out between a checkpoint and its completion).
     */
    synchronized void hold(String input) {
        input(input).held = true;
    }

    synchronized void release(String input) {
        input(input).held = false;
        releaseWaiters();
    }

    private void releaseWaiters() {
        long wm = watermark();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (!input(w.input).held && w.needs <= wm) {
                it.remove();
                w.go.complete(null);
            }
        }
    }

    synchronized long emitted(String input) {
        return input(input).emitted;
    }

    synchronized int attempts(String input) {
        return input(input).attempts;
    }

    synchronized boolean paused(String input) {
        return input(input).paused;
    }

    /** How long the longest current wait for a watermark has lasted, in ms (0: nobody waits). */
    synchronized long longestWaitMs() {
        long now = System.nanoTime();
        long longest = 0;
        for (Waiter w : waiters) {
            longest = Math.max(longest, TimeUnit.NANOSECONDS.toMillis(now - w.since));
        }
        return longest;
    }

    /** What each input did and waits for, and the watermarks: for a failure message. */
    synchronized String describe() {
        StringBuilder b = new StringBuilder("pacing ").append(id).append(": output watermark ")
                .append(format(watermark())).append(" (sink subtask → watermark this attempt ");
        watermarks.forEach((s, w) -> b.append(s).append('=').append(format(w)).append(' '));
        b.append("of ").append(sinkParallelism).append(')');
        long now = System.nanoTime();
        inputs.forEach((name, in) -> {
            b.append("; ").append(name).append(": attempt ").append(in.attempts).append(", ").append(in.emitted)
                    .append(" handed out (").append(in.thisAttempt).append(" this attempt), last index ").append(in.lastIndex);
            if (in.paused) {
                b.append(", paused");
            }
            if (in.held) {
                b.append(", held");
            }
            for (Waiter w : waiters) {
                if (w.input.equals(name)) {
                    b.append(", record ").append(w.index).append(" waits for watermark ").append(format(w.needs))
                            .append(" since ").append(TimeUnit.NANOSECONDS.toMillis(now - w.since)).append(" ms");
                }
            }
        });
        return b.toString();
    }

    /** The job's output watermark: the least of its sink subtasks'. */
    private long watermark() {
        if (watermarks.size() < sinkParallelism) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE;
        for (long w : watermarks.values()) {
            min = Math.min(min, w);
        }
        return min;
    }

    /** Minutes into the scenario, which is how its records are laid out. */
    private static String format(long t) {
        if (t == Long.MIN_VALUE || t == Long.MAX_VALUE) {
            return t == Long.MIN_VALUE ? "none" : "+inf";
        }
        return String.format(java.util.Locale.ROOT, "minute %.2f", (t - GoldenV1Scenario.T0) / (double) GoldenV1Scenario.MINUTE);
    }

    private Input input(String name) {
        return inputs.computeIfAbsent(name, k -> new Input());
    }

    private static final class Input {
        int attempts;
        long lastIndex = -1;
        long emitted;
        long thisAttempt;
        boolean paused;
        boolean held;
    }

    private static final class Waiter {
        final String input;
        final long index;
        final long needs;
        final long since;
        final CompletableFuture<Void> go = new CompletableFuture<>();

        Waiter(String input, long index, long needs, long since) {
            this.input = input;
            this.index = index;
            this.needs = needs;
            this.since = since;
        }
    }
}

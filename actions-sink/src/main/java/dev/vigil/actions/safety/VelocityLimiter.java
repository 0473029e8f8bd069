package dev.vigil.actions.safety;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Limits how fast destructive actions hit one fleet: at most {@code maxActions} in any sliding
 * {@code window}, and at most {@code maxShare} of the fleet's size within it ("at once": an instance
 * being replaced is out of service for about a window); and all fleets together: at most
 * {@code maxTotal} in any window. A detector bug or a bad deploy that makes
 * every instance look impaired must not let Vigil terminate the whole fleet. Time is passed in,
 * never read, so tests control it.
 *
 * <p>Counts are kept in memory, per instance of this class. Under Flink the stream is keyed by
 * fleet, so one subtask sees all of a fleet's actions, and {@link #history} goes into checkpoints.
 */
public final class VelocityLimiter {
    private final int maxActions;
    private final long windowMillis;
    private final double maxShare;
    private final int maxTotal;
    private final Map<String, Deque<Long>> history = new HashMap<>();

    public VelocityLimiter(int maxActions, Duration window, double maxShare) {
        this(maxActions, window, maxShare, Integer.MAX_VALUE);
    }

    /**
     * @param maxTotal destructive actions across every fleet in any window: a flood of impairments
     *                 over many fleets (forged records, a detector gone wrong) stops here, each fleet's
     *                 own limits notwithstanding
     */
    public VelocityLimiter(int maxActions, Duration window, double maxShare, int maxTotal) {
        if (maxActions < 0) {
            throw new IllegalArgumentException("maxActions: expected >= 0, got " + maxActions);
        }
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare: expected in (0, 1], got " + maxShare);
        }
        if (maxTotal < 0) {
            throw new IllegalArgumentException("maxTotal: expected >= 0, got " + maxTotal);
        }
        this.maxActions = maxActions;
        this.windowMillis = window.toMillis();
        this.maxShare = maxShare;
        this.maxTotal = maxTotal;
    }

    /**
     * Null when one more destructive action on {@code fleet} is within the limits at {@code now},
     * else why not. {@code fleetSize} may be null when unknown; then only the count applies.
     * Does not count the action: call {@link #record} once it is really carried out.
     */
    @Nullable
    public synchronized String denial(String fleet, @Nullable Integer fleetSize, long now) {
        int recent = recent(fleet, now);
        if (recent + 1 > maxActions) {
            return "velocity: " + recent + " destructive actions on " + fleet + " in the last "
                    + Duration.ofMillis(windowMillis) + " (limit " + maxActions + ")";
        }
        // At least one at a time, or a fleet of two with a 25 % share could never heal.
        if (fleetSize != null && fleetSize > 0 && recent + 1 > Math.max(1, (int) Math.floor(maxShare * fleetSize))) {
            return "velocity: " + (recent + 1) + " of " + fleetSize + " instances of " + fleet
                    + " would be affected at once (limit " + Math.round(maxShare * 100) + "%)";
        }
        if (maxTotal != Integer.MAX_VALUE) {
            int total = 0;
            for (String f : new ArrayList<>(history.keySet())) {
                total += recent(f, now);
            }
            if (total + 1 > maxTotal) {
                return "velocity: " + total + " destructive actions across all fleets in the last "
                        + Duration.ofMillis(windowMillis) + " (limit " + maxTotal + ", Actions.velocity.max.total)";
            }
        }
        return null;
    }

    public synchronized void record(String fleet, long now) {
        history.computeIfAbsent(fleet, f -> new ArrayDeque<>()).addLast(now);
    }

    /**
     * Every fleet's recorded action times still inside the window at {@code now}, oldest first: what
     * a Flink checkpoint keeps, so that a restart does not forget recent terminations.
     */
    public synchronized Map<String, List<Long>> history(long now) {
        Map<String, List<Long>> out = new HashMap<>();
        for (String fleet : new ArrayList<>(history.keySet())) {
            if (recent(fleet, now) > 0) {
                out.put(fleet, new ArrayList<>(history.get(fleet)));
            }
        }
        return out;
    }

    private int recent(String fleet, long now) {
        Deque<Long> times = history.get(fleet);
        if (times == null) {
            return 0;
        }
        for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
            if (it.next() <= now - windowMillis) {
                it.remove();
            } else {
                break;
            }
        }
        if (times.isEmpty()) {
            history.remove(fleet);
            return 0;
        }
        return times.size();
    }
}

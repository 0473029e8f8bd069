package dev.vigil.detector.resource;

import java.util.Map;
import java.util.TreeMap;

/**
 * What reading a resource's state could not carry over as it was, so the caller can count it and
 * say so once per rule: series dropped because their rule is gone (or watches other dimensions
 * now), series restarted because their rule's period, statistic, detector or metric changed, and
 * series whose bytes could not be read. Reused across reads ({@link #clear}).
 */
public final class RestoreReport {
    private final Map<String, Integer> dropped = new TreeMap<>();
    private final Map<String, String> restarted = new TreeMap<>();
    private int restartedCount;
    private int unreadable;

    void dropped(String ruleId) {
        dropped.merge(ruleId, 1, Integer::sum);
    }

    void restarted(String ruleId, String why) {
        restarted.put(ruleId, why);
        restartedCount++;
    }

    void unreadable() {
        unreadable++;
    }

    /** Rule id to the number of its series dropped. */
    public Map<String, Integer> droppedByRule() {
        return dropped;
    }

    /** Rule id to what changed in it, for the series restarted. */
    public Map<String, String> restartedByRule() {
        return restarted;
    }

    public int droppedCount() {
        int n = 0;
        for (int c : dropped.values()) {
            n += c;
        }
        return n;
    }

    public int restartedCount() {
        return restartedCount;
    }

    public int unreadableCount() {
        return unreadable;
    }

    public boolean isEmpty() {
        return dropped.isEmpty() && restartedCount == 0 && unreadable == 0;
    }

    public void clear() {
        dropped.clear();
        restarted.clear();
        restartedCount = 0;
        unreadable = 0;
    }
}

package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Target groups and active zonal shifts in memory. */
public final class InMemoryTraffic implements Traffic {
    public final Faults faults = new Faults();
    /** Failures raised after a change was made: its answer lost. */
    public final Faults lostAnswers = new Faults();
    public final Map<String, String> targets = new HashMap<>();
    public final Set<String> shifts = new HashSet<>();
    public final List<String> calls = new ArrayList<>();

    public InMemoryTraffic target(String group, String id) {
        targets.put(group + "|" + id, "healthy");
        return this;
    }

    @Override
    public String targetState(String targetGroupArn, String targetId) {
        return targets.get(targetGroupArn + "|" + targetId);
    }

    @Override
    public void deregister(String targetGroupArn, String targetId) {
        faults.check();
        calls.add("deregister " + targetId);
        targets.put(targetGroupArn + "|" + targetId, "draining");
    }

    @Override
    public void startZonalShift(String resourceArn, String zone, String expiresIn, String comment) {
        faults.check();
        calls.add("shift " + resourceArn + " away from " + zone + " for " + expiresIn);
        shifts.add(resourceArn + "|" + zone);
        lostAnswers.check();
    }

    @Override
    public boolean zonalShiftActive(String resourceArn, String zone) {
        return shifts.contains(resourceArn + "|" + zone);
    }
}

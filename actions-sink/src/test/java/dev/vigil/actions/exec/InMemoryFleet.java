package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fleet of instances and groups in maps; counts the changing calls. */
public final class InMemoryFleet implements Fleet {
    public final Faults faults = new Faults();
    /** Failures raised after a change was made: its answer lost. */
    public final Faults lostAnswers = new Faults();
    public final Map<String, String> states = new HashMap<>();
    public final Map<String, String> groupOf = new HashMap<>();
    public final Map<String, GroupSize> groups = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    /** The status checks, system and instance, per instance; an instance added here fails its system check. */
    public final Map<String, String[]> checks = new HashMap<>();

    /** A running instance failing its system status check: what the tests' impairments are about. */
    public InMemoryFleet instance(String id, String group) {
        states.put(id, "running");
        checks.put(id, new String[] {"impaired", "ok"});
        if (group != null) {
            groupOf.put(id, group);
        }
        return this;
    }

    public InMemoryFleet group(String name, int desired, int min, int max) {
        groups.put(name, new GroupSize(desired, min, max));
        return this;
    }

    @Override
    public String instanceState(String instanceId) {
        return states.get(instanceId);
    }

    /** Makes the instance healthy as EC2 sees it: running, both status checks passing. */
    public InMemoryFleet healthy(String id) {
        states.put(id, "running");
        checks.put(id, new String[] {"ok", "ok"});
        return this;
    }

    @Override
    public InstanceHealth health(String instanceId) {
        String state = states.get(instanceId);
        String[] c = checks.getOrDefault(instanceId, new String[] {"not-applicable", "not-applicable"});
        return state == null ? null : new InstanceHealth(state, c[0], c[1]);
    }

    @Override
    public String groupOf(String instanceId) {
        return groupOf.get(instanceId);
    }

    @Override
    public void terminateInGroup(String instanceId) {
        faults.check();
        calls.add("terminate " + instanceId);
        states.put(instanceId, "shutting-down");
        lostAnswers.check();
    }

    @Override
    public void reboot(String instanceId) {
        faults.check();
        calls.add("reboot " + instanceId);
        lostAnswers.check();
    }

    @Override
    public GroupSize group(String groupName) {
        return groups.get(groupName);
    }

    @Override
    public void setDesiredCapacity(String groupName, int desired) {
        faults.check();
        calls.add("desired " + groupName + " " + desired);
        GroupSize g = groups.get(groupName);
        groups.put(groupName, new GroupSize(desired, g.min, g.max));
        lostAnswers.check();
    }
}

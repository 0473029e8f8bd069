package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * SCALE_OUT raises a group's desired capacity by {@code scaleBy} (default 1), never past its
 * maximum. The target is computed once in {@link #prepare} and stored with the claim: "set 6" can
 * be repeated safely, "add 2" cannot.
 */
public final class ScaleOutExecutor implements ActionExecutor {
    static final String TARGET = "targetDesiredCapacity";

    private final Fleet fleet;

    public ScaleOutExecutor(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.SCALE_OUT);
    }

    @Override
    public void validate(RecoveryAction action) {
        Params.resource(action);
        scaleBy(action);
    }

    @Override
    public String liveState(RecoveryAction action) {
        return "the desired and maximum capacity of " + action.getResourceId() + " (the target is computed from them)";
    }

    private static int scaleBy(RecoveryAction action) {
        int by = Params.integer(action, "scaleBy", 1);
        if (by < 1) {
            throw ActionException.finalError("InvalidParameter", "parameter 'scaleBy': expected >= 1, got " + by);
        }
        return by;
    }

    @Override
    public Map<String, String> prepare(RecoveryAction action) {
        String group = Params.resource(action);
        int by = scaleBy(action);
        Fleet.GroupSize size = existing(group);
        return Collections.singletonMap(TARGET, Integer.toString(Math.min(size.max, size.desired + by)));
    }

    @Override
    public String execute(RecoveryAction action) {
        String group = Params.resource(action);
        int target = Params.integer(action, TARGET, -1);
        if (target < 0) {
            throw ActionException.missingParameter(TARGET);
        }
        Fleet.GroupSize size = existing(group);
        if (size.desired >= target) {
            // Already there (at max, or someone else scaled): nothing to do, and lowering it would be wrong.
            return group + " desired capacity already " + size.desired + " (target " + target + ", max " + size.max
                    + ")";
        }
        fleet.setDesiredCapacity(group, target);
        return group + " desired capacity " + size.desired + " -> " + target + " (max " + size.max + ")";
    }

    @Override
    public Verification verify(RecoveryAction action) {
        int target = Params.integer(action, TARGET, -1);
        if (target < 0) {
            return Verification.UNKNOWN;
        }
        return existing(Params.resource(action)).desired >= target ? Verification.DONE : Verification.NOT_DONE;
    }

    private Fleet.GroupSize existing(String group) {
        Fleet.GroupSize size = fleet.group(group);
        if (size == null) {
            throw ActionException.finalError("AutoScalingGroupNotFound", "no Auto Scaling group " + group);
        }
        return size;
    }
}

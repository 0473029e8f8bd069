package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.EnumSet;
import java.util.Set;

/**
 * REPLACE_INSTANCE terminates the instance through its Auto Scaling group (desired capacity kept,
 * so the group launches a replacement); REBOOT_INSTANCE reboots it. Replacing an instance that is
 * in no group would only remove capacity, so that is refused as final. Neither runs on an instance
 * EC2 shows healthy ({@link #contradiction}).
 */
public final class InstanceExecutor implements ActionExecutor {
    private final Fleet fleet;

    public InstanceExecutor(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.REPLACE_INSTANCE, ActionType.REBOOT_INSTANCE);
    }

    @Override
    public void validate(RecoveryAction action) {
        Params.resource(action);
    }

    @Override
    public String liveState(RecoveryAction action) {
        return action.getType() == ActionType.REPLACE_INSTANCE
                ? "whether " + action.getResourceId() + " is impaired (state, status checks) and in an Auto Scaling group"
                + " (it is replaced through it)"
                : "whether " + action.getResourceId() + " is impaired (state, status checks)";
    }

    /**
     * An instance failure is something EC2 itself can see: the instance is not running, or a status
     * check fails. A running instance whose two checks pass contradicts it (a forged state-change
     * event, alarm or datapoint, or a detector gone wrong), and so does one EC2 does not know.
     */
    @Override
    public String contradiction(RecoveryAction action) {
        String instance = Params.resource(action);
        Fleet.InstanceHealth health = fleet.health(instance);
        if (health == null) {
            return instance + " is not known to EC2 here";
        }
        return health.impaired() ? null : instance + " is " + health;
    }

    @Override
    public String execute(RecoveryAction action) {
        String instance = Params.resource(action);
        if (action.getType() == ActionType.REBOOT_INSTANCE) {
            fleet.reboot(instance);
            return "rebooted " + instance;
        }
        String group = fleet.groupOf(instance);
        if (group == null) {
            throw ActionException.finalError("NotInAutoScalingGroup",
                    instance + " is in no Auto Scaling group; terminating it would not replace it");
        }
        fleet.terminateInGroup(instance);
        return "terminated " + instance + " in " + group + " (desired capacity kept; the group replaces it)";
    }

    @Override
    public Verification verify(RecoveryAction action) {
        if (action.getType() == ActionType.REBOOT_INSTANCE) {
            return Verification.UNKNOWN;
        }
        String state = fleet.instanceState(Params.resource(action));
        if (state == null || "shutting-down".equals(state) || "terminated".equals(state)) {
            return Verification.DONE;
        }
        return Verification.NOT_DONE;
    }
}

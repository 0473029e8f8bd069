package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.EnumSet;
import java.util.Set;

/**
 * DEREGISTER_TARGET takes the resource (an instance id or IP) out of {@code targetGroupArn};
 * ZONAL_SHIFT moves the traffic of {@code resourceArn} (a load balancer) away from
 * {@code awayFrom} for {@code expiresIn} (default 1h: a shift must expire by itself if nobody looks).
 */
public final class TrafficExecutor implements ActionExecutor {
    private final Traffic traffic;

    public TrafficExecutor(Traffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.DEREGISTER_TARGET, ActionType.ZONAL_SHIFT);
    }

    @Override
    public void validate(RecoveryAction action) {
        if (action.getType() == ActionType.ZONAL_SHIFT) {
            Params.required(action, "resourceArn");
            Params.required(action, "awayFrom");
        } else {
            Params.required(action, "targetGroupArn");
            Params.resource(action);
        }
    }

    @Override
    public String execute(RecoveryAction action) {
        if (action.getType() == ActionType.ZONAL_SHIFT) {
            String arn = Params.required(action, "resourceArn");
            String zone = Params.required(action, "awayFrom");
            String expires = Params.orDefault(action, "expiresIn", "1h");
            traffic.startZonalShift(arn, zone, expires, "vigil " + action.getActionId());
            return "zonal shift of " + arn + " away from " + zone + " for " + expires;
        }
        String group = Params.required(action, "targetGroupArn");
        String target = Params.resource(action);
        traffic.deregister(group, target);
        return "deregistered " + target + " from " + group;
    }

    @Override
    public Verification verify(RecoveryAction action) {
        if (action.getType() == ActionType.ZONAL_SHIFT) {
            return traffic.zonalShiftActive(Params.required(action, "resourceArn"), Params.required(action, "awayFrom"))
                    ? Verification.DONE : Verification.NOT_DONE;
        }
        String state = traffic.targetState(Params.required(action, "targetGroupArn"), Params.resource(action));
        return state == null || "draining".equals(state) || "unused".equals(state)
                ? Verification.DONE : Verification.NOT_DONE;
    }
}

package dev.vigil.actions.flink;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Routes an impairment by the fleet its actions count against (its Auto Scaling group, else the
 * resource itself), the same fleet {@link dev.vigil.actions.safety.SafetyGate#fleetOf} limits.
 * One subtask then sees all of a fleet's destructive actions, so velocity limits hold across the
 * job, and one impairment's records (OPEN, UPDATE, RESOLVED) reach the same lane in order.
 */
public final class FleetKey implements KeySelector<Impairment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Impairment impairment) {
        return of(impairment);
    }

    public static String of(Impairment impairment) {
        Topology t = impairment.getTopology();
        if (t != null && t.getAutoScalingGroup() != null && !t.getAutoScalingGroup().isEmpty()) {
            return t.getAutoScalingGroup();
        }
        return String.valueOf(impairment.getResourceId());
    }
}

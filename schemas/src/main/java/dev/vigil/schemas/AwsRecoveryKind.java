package dev.vigil.schemas;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Recoveries AWS runs on its own. While one is under way, Vigil acting on the same resource would
 * fight it (a second database failover in the middle of RDS's own, a reboot of an instance Auto
 * Scaling is already replacing), so the actions it {@link #preempts()} are skipped until the event's
 * recovery has ended.
 */
public enum AwsRecoveryKind {
    /** RDS started a failover (RDS-EVENT-0013 and kin) and has not reported it complete. */
    DATABASE_FAILOVER(EnumSet.of(ActionType.FAILOVER_DATABASE)),
    /** Auto Scaling is terminating or replacing the instance (lifecycle action, unhealthy replacement). */
    INSTANCE_REPLACEMENT(EnumSet.of(ActionType.REPLACE_INSTANCE, ActionType.REBOOT_INSTANCE,
            ActionType.DEREGISTER_TARGET)),
    /** EC2 reports the instance stopping or shutting down. */
    INSTANCE_STOPPING(EnumSet.of(ActionType.REPLACE_INSTANCE, ActionType.REBOOT_INSTANCE)),
    /** AWS scheduled the instance for retirement or maintenance (AWS Health scheduled change). */
    INSTANCE_RETIREMENT(EnumSet.of(ActionType.REPLACE_INSTANCE, ActionType.REBOOT_INSTANCE));

    private final Set<ActionType> preempts;

    AwsRecoveryKind(Set<ActionType> preempts) {
        this.preempts = Collections.unmodifiableSet(preempts);
    }

    /** The actions that would act on top of this recovery. */
    public Set<ActionType> preempts() {
        return preempts;
    }
}

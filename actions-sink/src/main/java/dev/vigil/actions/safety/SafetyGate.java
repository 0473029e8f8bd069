package dev.vigil.actions.safety;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.RecoveryAction;
import dev.vigil.schemas.Topology;

import javax.annotation.Nullable;
import java.util.Collections;
import java.util.Map;

/**
 * The last check before an action is claimed: what the impairment record allows first (its
 * recommendation, a recovery AWS is already running: see {@link Recommendation}), then scope (out
 * of scope is skipped), then fail open and velocity for destructive actions (both turn the action
 * into a request for a human). Fail open is also applied by the planner; checking it again here
 * keeps a hand-built or replayed action from slipping through.
 */
public final class SafetyGate {
    /** The size of a fleet (an Auto Scaling group's desired capacity), null when unknown. */
    public interface FleetSizes {
        @Nullable
        Integer size(String fleet);
    }

    private final Scope scope;
    private final VelocityLimiter velocity;
    private final FleetSizes sizes;

    public SafetyGate(Scope scope, VelocityLimiter velocity, FleetSizes sizes) {
        this.scope = scope;
        this.velocity = velocity;
        this.sizes = sizes;
    }

    /**
     * What the record alone decides, without state or AWS: null when it lets the action run. The
     * runner asks this before the ledger, so a step the record does not allow costs no read.
     */
    @Nullable
    public String precheck(RecoveryAction action, Impairment impairment) {
        return Recommendation.denial(action, impairment);
    }

    public Decision check(RecoveryAction action, Impairment impairment, long now) {
        String denied = precheck(action, impairment);
        if (denied != null) {
            return Decision.skip(denied);
        }
        Topology t = impairment.getTopology();
        Map<String, String> tags = t == null ? Collections.emptyMap() : t.getTags();
        String denial = scope.denial(action, tags);
        if (denial != null) {
            return Decision.skip("out of scope: " + denial);
        }
        if (!action.isDestructive()) {
            return Decision.allow();
        }
        if (impairment.isMemberActionsWithheld()) {
            return Decision.escalate("fail open: the fleet or zone is impaired, member actions are withheld");
        }
        String fleet = fleetOf(action, impairment);
        String tooFast = velocity.denial(fleet, size(fleet), now);
        return tooFast == null ? Decision.allow() : Decision.escalate(tooFast);
    }

    /** Counts a destructive action that is really being carried out. */
    public void executed(RecoveryAction action, Impairment impairment, long now) {
        if (action.isDestructive()) {
            velocity.record(fleetOf(action, impairment), now);
        }
    }

    /** The fleet an action counts against: its {@code fleet} parameter, the Auto Scaling group, or the resource. */
    public static String fleetOf(RecoveryAction action, Impairment impairment) {
        String p = action.getParameters().get("fleet");
        if (p != null && !p.isEmpty()) {
            return p;
        }
        Topology t = impairment.getTopology();
        if (t != null && t.getAutoScalingGroup() != null) {
            return t.getAutoScalingGroup();
        }
        return String.valueOf(action.getResourceId());
    }

    @Nullable
    private Integer size(String fleet) {
        try {
            return sizes.size(fleet);
        } catch (RuntimeException e) {
            return null; // unknown size: the count limit still applies
        }
    }

    /** ALLOW, SKIP (out of scope) or ESCALATE (ask a human instead), with the reason. */
    public static final class Decision {
        /** What to do with the action. */
        public enum Kind { ALLOW, SKIP, ESCALATE }

        private static final Decision ALLOW = new Decision(Kind.ALLOW, null);

        private final Kind kind;
        private final String reason;

        private Decision(Kind kind, String reason) {
            this.kind = kind;
            this.reason = reason;
        }

        public static Decision allow() {
            return ALLOW;
        }

        public static Decision skip(String reason) {
            return new Decision(Kind.SKIP, reason);
        }

        public static Decision escalate(String reason) {
            return new Decision(Kind.ESCALATE, reason);
        }

        public Kind getKind() {
            return kind;
        }

        public String getReason() {
            return reason;
        }

        @Override
        public String toString() {
            return kind + (reason == null ? "" : ": " + reason);
        }
    }
}

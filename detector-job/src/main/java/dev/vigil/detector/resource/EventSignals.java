package dev.vigil.detector.resource;

import dev.vigil.detector.resource.Recoveries.Ending;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a health event says about one resource: a cause that starts firing (instance stopped,
 * Health issue open, alarm in ALARM, RDS failover started) or the matching recovery that clears
 * it (running, closed, OK, failover completed), and whether AWS has started or finished
 * recovering the resource itself (README, "Events"). The one place events are interpreted.
 */
public final class EventSignals {
    /** Signal key prefix of every event-driven cause. */
    public static final String PREFIX = "event:";
    private static final String EC2_STATE = PREFIX + "ec2-state";
    private static final String RDS_FAILOVER = PREFIX + "rds-failover";
    /** Resource type of an event-only resource of a kind no rule names. */
    public static final String OTHER_RESOURCE = "OTHER";
    /** Alarm metric dimension to the resource type it names. */
    private static final Map<String, String> BY_DIMENSION = Map.of(
            "InstanceId", ResourceType.EC2_INSTANCE.name(),
            "AutoScalingGroupName", ResourceType.AUTO_SCALING_GROUP.name(),
            "TargetGroup", ResourceType.TARGET_GROUP.name(),
            "LoadBalancer", ResourceType.LOAD_BALANCER.name(),
            "DBInstanceIdentifier", ResourceType.RDS_INSTANCE.name(),
            "DBClusterIdentifier", ResourceType.RDS_CLUSTER.name());

    private EventSignals() {}

    /** An event's effect on one resource: a cause (or null), a recovery starting (or null), recoveries ending. */
    public static final class Effect {
        static final Effect NONE = new Effect(null, null);

        public final Signal cause;
        public final AwsRecovery starts;
        public final List<Ending> ends;

        Effect(Signal cause, AwsRecovery starts, Ending... ends) {
            this.cause = cause;
            this.starts = starts;
            this.ends = ends.length == 0 ? Collections.emptyList() : Arrays.asList(ends);
        }
    }

    /** The effect of {@code e} on {@code resourceId} (one of the resources it names). */
    public static Effect of(HealthEvent e, String resourceId) {
        String status = e.getStatus() == null ? "" : e.getStatus();
        switch (e.getKind()) {
            case EC2_STATE_CHANGE:
                return ec2(e, status);
            case AWS_HEALTH:
                return health(e, status, resourceId);
            case ALARM_STATE_CHANGE:
                return alarm(e, status);
            case RDS_EVENT:
                return rds(e, status);
            case AUTOSCALING_LIFECYCLE:
                return autoScaling(e, status, resourceId);
            default:
                return Effect.NONE;
        }
    }

    /**
     * True when the event says the resource no longer exists (Auto Scaling terminated and replaced
     * the instance): its impairment resolves, every recovery has ended, and its state is dropped.
     */
    public static boolean resourceGone(HealthEvent e, String resourceId) {
        return e.getKind() == HealthEventKind.AUTOSCALING_LIFECYCLE
                && "terminate-successful".equals(e.getStatus()) && resourceId.startsWith("i-");
    }

    /**
     * The type of the resource {@code resourceId} an event names, in the names rules use
     * ({@link ResourceType}); {@code OTHER} for a kind Vigil does not model (e.g. a Health event
     * about a volume), so an impairment raised by events alone still says what it is about.
     */
    public static String resourceTypeOf(HealthEvent e, String resourceId) {
        EventDetail d = EventDetail.of(e);
        switch (e.getKind()) {
            case EC2_STATE_CHANGE:
                return ResourceType.EC2_INSTANCE.name();
            case AUTOSCALING_LIFECYCLE:
                if (resourceId.equals(d.text("AutoScalingGroupName"))) {
                    return ResourceType.AUTO_SCALING_GROUP.name();
                }
                break;
            case RDS_EVENT:
                return "DB_CLUSTER".equals(d.text("SourceType"))
                        || e.getDetailType() != null && e.getDetailType().contains("Cluster")
                        ? ResourceType.RDS_CLUSTER.name() : ResourceType.RDS_INSTANCE.name();
            case ALARM_STATE_CHANGE: {
                String dimension = d.alarmDimensionNamed(resourceId);
                String byDimension = dimension == null ? null : BY_DIMENSION.get(dimension);
                if (byDimension != null) {
                    return byDimension;
                }
                break;
            }
            case AWS_HEALTH:
                if ("RDS".equals(d.text("service")) && !resourceId.startsWith("i-")) {
                    return ResourceType.RDS_INSTANCE.name();
                }
                break;
            default:
                break;
        }
        return resourceTypeFromId(resourceId);
    }

    /** From the shape of the id alone (instance ids and ELB names are recognisable). */
    private static String resourceTypeFromId(String id) {
        if (id.startsWith("i-")) {
            return ResourceType.EC2_INSTANCE.name();
        }
        if (id.startsWith("targetgroup/")) {
            return ResourceType.TARGET_GROUP.name();
        }
        if (id.startsWith("app/") || id.startsWith("net/") || id.startsWith("gwy/")) {
            return ResourceType.LOAD_BALANCER.name();
        }
        return OTHER_RESOURCE;
    }

    private static Effect ec2(HealthEvent e, String state) {
        switch (state) {
            case "stopping":
            case "shutting-down":
            case "stopped":
                // Stopped keeps (or, if the stopping event was missed, starts) the stop: replacing or
                // rebooting an instance someone or something is stopping would fight it.
                return new Effect(instanceDown(e), recovery(AwsRecoveryKind.INSTANCE_STOPPING, e, state));
            case "terminated":
                return new Effect(instanceDown(e), null, Ending.all(AwsRecoveryKind.INSTANCE_STOPPING),
                        Ending.all(AwsRecoveryKind.INSTANCE_REPLACEMENT), Ending.all(AwsRecoveryKind.INSTANCE_RETIREMENT));
            case "running":
                return new Effect(Signal.clear(EC2_STATE), null, Ending.all(AwsRecoveryKind.INSTANCE_STOPPING));
            default:
                return Effect.NONE;
        }
    }

    private static Signal instanceDown(HealthEvent e) {
        return firing(EC2_STATE, e, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH, ActionType.REPLACE_INSTANCE,
                ActionType.NOTIFY);
    }

    private static Effect health(HealthEvent e, String status, String resourceId) {
        String code = e.getCode() == null ? "" : e.getCode();
        String key = PREFIX + "health:" + e.getCode();
        boolean scheduled = resourceId.startsWith("i-") && code.startsWith("AWS_EC2_")
                && (code.endsWith("_SCHEDULED") || "scheduledChange".equals(EventDetail.of(e).text("eventTypeCategory")));
        switch (status) {
            case "closed":
                return new Effect(Signal.clear(key), null,
                        scheduled ? new Ending[] {Ending.only(AwsRecoveryKind.INSTANCE_RETIREMENT, code)} : new Ending[0]);
            case "upcoming":
                // A scheduled change is not an impairment yet, but AWS has taken the instance in hand.
                return scheduled ? new Effect(null, recovery(AwsRecoveryKind.INSTANCE_RETIREMENT, e, code)) : Effect.NONE;
            case "open": {
                ImpairmentType type = code.contains("_EC2_") ? ImpairmentType.INSTANCE_FAILURE
                        : code.contains("_RDS_") ? ImpairmentType.DATABASE : ImpairmentType.SERVICE_DEGRADATION;
                return new Effect(firing(key, e, type, Severity.HIGH, ActionType.NOTIFY),
                        scheduled ? recovery(AwsRecoveryKind.INSTANCE_RETIREMENT, e, code) : null);
            }
            default:
                return Effect.NONE;
        }
    }

    private static Effect alarm(HealthEvent e, String status) {
        String key = PREFIX + "alarm:" + e.getCode();
        if ("OK".equals(status)) {
            return new Effect(Signal.clear(key), null);
        }
        if (!"ALARM".equals(status)) {
            return Effect.NONE;
        }
        EventDetail d = EventDetail.of(e);
        if (d.alarmWatches("StatusCheckFailed")) {
            return new Effect(firing(key, e, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH, ActionType.REPLACE_INSTANCE,
                    ActionType.NOTIFY), null);
        }
        ImpairmentType type = d.alarmNamespace("AWS/RDS") ? ImpairmentType.DATABASE : ImpairmentType.SERVICE_DEGRADATION;
        return new Effect(firing(key, e, type, Severity.MEDIUM, ActionType.NOTIFY), null);
    }

    private static Effect rds(HealthEvent e, String status) {
        RdsEvents.Phase phase = RdsEvents.phaseOf(e.getCode());
        if (phase == null) {
            // No documented failover id: the parser's reading of the message decides, as it always did.
            phase = "failover-started".equals(status) ? RdsEvents.Phase.STARTED
                    : "failover-completed".equals(status) ? RdsEvents.Phase.ENDED : null;
        }
        if (phase == null) {
            return "failure".equals(status.toLowerCase(Locale.ROOT))
                    ? new Effect(firing(PREFIX + "rds-failure", e, ImpairmentType.DATABASE, Severity.CRITICAL,
                            ActionType.FAILOVER_DATABASE, ActionType.NOTIFY), null)
                    : Effect.NONE;
        }
        switch (phase) {
            case STARTED:
                return new Effect(firing(RDS_FAILOVER, e, ImpairmentType.DATABASE, Severity.HIGH, ActionType.NOTIFY),
                        recovery(AwsRecoveryKind.DATABASE_FAILOVER, e, e.getCode()));
            case ENDED:
                return new Effect(Signal.clear(RDS_FAILOVER), null, Ending.all(AwsRecoveryKind.DATABASE_FAILOVER));
            case FAILED:
                // AWS gave up: its recovery is over, and a person has to look.
                return new Effect(firing(RDS_FAILOVER, e, ImpairmentType.DATABASE, Severity.CRITICAL, ActionType.NOTIFY),
                        null, Ending.all(AwsRecoveryKind.DATABASE_FAILOVER));
            default:
                return Effect.NONE; // progress of a failover already under way
        }
    }

    private static Effect autoScaling(HealthEvent e, String status, String resourceId) {
        if (!resourceId.startsWith("i-")) {
            return Effect.NONE; // the group itself is not being replaced
        }
        switch (status) {
            case "terminate-lifecycle-action":
                return new Effect(null, recovery(AwsRecoveryKind.INSTANCE_REPLACEMENT, e, e.getDetailType()));
            case "terminate-unsuccessful":
                return new Effect(null, null, Ending.all(AwsRecoveryKind.INSTANCE_REPLACEMENT));
            default:
                return Effect.NONE;
        }
    }

    private static AwsRecovery recovery(AwsRecoveryKind kind, HealthEvent e, String code) {
        return new AwsRecovery(kind, e.getId(), e.getSource(), code, e.getTime());
    }

    private static Signal firing(String key, HealthEvent e, ImpairmentType type, Severity severity, ActionType... actions) {
        Evidence evidence = Evidence.builder(EvidenceKind.EVENT).event(e.getId(), e.getSource(), e.getStatus())
                .message(e.getDetailType() + (e.getCode() != null ? ": " + e.getCode() : "")).build();
        return new Signal(key, true, e.getTime(), type, severity, evidence, actions);
    }
}

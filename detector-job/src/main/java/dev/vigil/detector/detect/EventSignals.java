package dev.vigil.detector.detect;

import dev.vigil.detector.health.Signal;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.Locale;

/**
 * What a health event says about one resource: a cause that starts firing (instance stopped,
 * Health issue open, alarm in ALARM, RDS failover started) or the matching recovery that clears
 * it (running, closed, OK, failover completed). Null when the event changes nothing.
 */
public final class EventSignals {
    /** Signal key prefix of every event-driven cause. */
    public static final String PREFIX = "event:";

    private EventSignals() {}

    public static Signal of(HealthEvent e) {
        String status = e.getStatus() == null ? "" : e.getStatus();
        switch (e.getKind()) {
            case EC2_STATE_CHANGE:
                switch (status) {
                    case "stopping":
                    case "stopped":
                    case "shutting-down":
                    case "terminated":
                        return firing(PREFIX + "ec2-state", e, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH,
                                ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);
                    case "running":
                        return Signal.clear(PREFIX + "ec2-state");
                    default:
                        return null;
                }
            case AWS_HEALTH: {
                String key = PREFIX + "health:" + e.getCode();
                if ("closed".equals(status)) {
                    return Signal.clear(key);
                }
                if (!"open".equals(status)) {
                    return null; // upcoming scheduled changes are not impairments yet
                }
                String code = e.getCode() == null ? "" : e.getCode();
                ImpairmentType type = code.contains("_EC2_") ? ImpairmentType.INSTANCE_FAILURE
                        : code.contains("_RDS_") ? ImpairmentType.DATABASE : ImpairmentType.SERVICE_DEGRADATION;
                return firing(key, e, type, Severity.HIGH, ActionType.NOTIFY);
            }
            case ALARM_STATE_CHANGE: {
                String key = PREFIX + "alarm:" + e.getCode();
                if ("OK".equals(status)) {
                    return Signal.clear(key);
                }
                if (!"ALARM".equals(status)) {
                    return null;
                }
                boolean statusCheck = e.getDetail() != null && e.getDetail().contains("StatusCheckFailed");
                return statusCheck
                        ? firing(key, e, ImpairmentType.INSTANCE_FAILURE, Severity.HIGH, ActionType.REPLACE_INSTANCE, ActionType.NOTIFY)
                        : firing(key, e, ImpairmentType.SERVICE_DEGRADATION, Severity.MEDIUM, ActionType.NOTIFY);
            }
            case RDS_EVENT:
                if ("failover-started".equals(status)) {
                    return firing(PREFIX + "rds-failover", e, ImpairmentType.DATABASE, Severity.HIGH, ActionType.NOTIFY);
                }
                if ("failover-completed".equals(status)) {
                    return Signal.clear(PREFIX + "rds-failover");
                }
                if ("failure".equals(status.toLowerCase(Locale.ROOT))) {
                    return firing(PREFIX + "rds-failure", e, ImpairmentType.DATABASE, Severity.CRITICAL,
                            ActionType.FAILOVER_DATABASE, ActionType.NOTIFY);
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * True when the event says the resource no longer exists (Auto Scaling terminated and replaced
     * the instance): its impairment resolves and its state is dropped.
     */
    public static boolean resourceGone(HealthEvent e, String resourceId) {
        return e.getKind() == dev.vigil.schemas.HealthEventKind.AUTOSCALING_LIFECYCLE
                && "terminate-successful".equals(e.getStatus()) && resourceId.startsWith("i-");
    }

    private static Signal firing(String key, HealthEvent e, ImpairmentType type, Severity severity, ActionType... actions) {
        Evidence evidence = Evidence.builder(EvidenceKind.EVENT).event(e.getId(), e.getSource(), e.getStatus())
                .message(e.getDetailType() + (e.getCode() != null ? ": " + e.getCode() : "")).build();
        return new Signal(key, true, e.getTime(), type, severity, evidence, actions);
    }
}

package dev.vigil.actions;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Samples;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;

import java.util.Map;

/** Impairment records with fixed ids and instants for the actions tests. */
public final class Fixtures {
    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "us-east-1";
    public static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:vigil";

    private Fixtures() {}

    /**
     * A web instance in group web-asg, tagged with the notify topic and DNS settings, recommending
     * what the default rules recommend at that severity: a failed system check (CRITICAL) replace,
     * a failed instance check (HIGH) reboot then replace, high CPU (MEDIUM and below) scale out.
     */
    public static Impairment.Builder instance(String impairmentId, String instanceId, Severity severity) {
        Topology t = new Topology("us-east-1a", "web-asg", new String[] {"arn:tg/web"}, "arn:lb/web",
                Map.of("vigil:notify-topic", TOPIC, "team", "web", "vigil:hosted-zone", "Z1",
                        "vigil:record-name", "api.example.com."), true, null);
        return Impairment.builder().id(impairmentId).revision(0).state(LifecycleState.OPEN)
                .resource(instanceId, "EC2_INSTANCE").location(ACCOUNT, REGION)
                .type(ImpairmentType.INSTANCE_FAILURE).severity(severity).summary("status check failed")
                .firstBreachTime(Samples.T0).detectionTime(Samples.T0 + 120_000).emitTime(Samples.T0 + 121_000)
                .recommendedActions(recommended(severity)).topology(t);
    }

    private static ActionType[] recommended(Severity severity) {
        switch (severity) {
            case CRITICAL:
                return new ActionType[] {ActionType.REPLACE_INSTANCE, ActionType.NOTIFY};
            case HIGH:
                return new ActionType[] {ActionType.REBOOT_INSTANCE, ActionType.REPLACE_INSTANCE};
            default:
                return new ActionType[] {ActionType.SCALE_OUT, ActionType.NOTIFY};
        }
    }

    /**
     * A zone impairment recommending the zonal shift and a DNS failover, as a zone rule of the
     * operator's own would (the detector's ZONE records recommend the shift only).
     */

    public static Impairment zone(String impairmentId, LifecycleState state) {
        Topology t = new Topology("us-east-1a", null, null, "arn:lb/web",
                Map.of("vigil:notify-topic", TOPIC, "vigil:hosted-zone", "Z1", "vigil:record-name", "api.example.com.",
                        "vigil:load-balancer-arn", "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1"),
                true, null);
        return Impairment.builder().id(impairmentId).revision(state == LifecycleState.OPEN ? 0 : 1).state(state)
                .resource("us-east-1a", "AVAILABILITY_ZONE").location(ACCOUNT, REGION).type(ImpairmentType.ZONE)
                .severity(Severity.CRITICAL).summary("zone impaired").firstBreachTime(Samples.T0)
                .detectionTime(Samples.T0 + 60_000).emitTime(Samples.T0 + 61_000)
                .resolvedTime(state == LifecycleState.RESOLVED ? Samples.T0 + 900_000 : null)
                .recommendedActions(ActionType.ZONAL_SHIFT, ActionType.FAILOVER_DNS, ActionType.NOTIFY).topology(t)
                .build();
    }
}

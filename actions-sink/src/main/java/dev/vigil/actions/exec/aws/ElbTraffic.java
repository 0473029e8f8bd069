package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.ActionException;
import dev.vigil.actions.exec.Traffic;
import software.amazon.awssdk.services.arczonalshift.ArcZonalShiftClient;
import software.amazon.awssdk.services.arczonalshift.model.ZonalShiftStatus;
import software.amazon.awssdk.services.arczonalshift.model.ZonalShiftSummary;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import javax.annotation.Nullable;

/**
 * {@link Traffic} on ELBv2 and ARC zonal shift. Without an ARC client (e.g. a region or emulator
 * without it) zonal shifts fail as final with {@code ZonalShiftUnavailable}.
 */
public final class ElbTraffic implements Traffic {
    private final ElasticLoadBalancingV2Client elb;
    @Nullable private final ArcZonalShiftClient arc;

    public ElbTraffic(ElasticLoadBalancingV2Client elb, @Nullable ArcZonalShiftClient arc) {
        this.elb = elb;
        this.arc = arc;
    }

    @Nullable
    @Override
    public String targetState(String targetGroupArn, String targetId) {
        for (TargetHealthDescription d : elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn))
                .targetHealthDescriptions()) {
            if (targetId.equals(d.target().id())) {
                return d.targetHealth() == null ? "unknown" : d.targetHealth().stateAsString();
            }
        }
        return null;
    }

    @Override
    public void deregister(String targetGroupArn, String targetId) {
        elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(TargetDescription.builder().id(targetId).build()));
    }

    @Override
    public void startZonalShift(String resourceArn, String zone, String expiresIn, String comment) {
        arc().startZonalShift(b -> b.resourceIdentifier(resourceArn).awayFrom(zone).expiresIn(expiresIn)
                .comment(comment.length() <= 128 ? comment : comment.substring(0, 128)));
    }

    @Override
    public boolean zonalShiftActive(String resourceArn, String zone) {
        for (ZonalShiftSummary s : arc().listZonalShifts(b -> b.resourceIdentifier(resourceArn)
                .status(ZonalShiftStatus.ACTIVE)).items()) {
            if (zone.equals(s.awayFrom())) {
                return true;
            }
        }
        return false;
    }

    private ArcZonalShiftClient arc() {
        if (arc == null) {
            throw ActionException.finalError("ZonalShiftUnavailable",
                    "no ARC zonal shift client configured");
        }
        return arc;
    }
}

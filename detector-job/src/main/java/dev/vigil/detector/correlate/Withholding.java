package dev.vigil.detector.correlate;

import dev.vigil.detector.correlate.MemberStore.Member;
import dev.vigil.detector.resource.ImpairmentRecords;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet's verdict on a member: while its fleet or zone is impaired, or more than
 * {@link CorrelationConfig#withholdShare()} of its fleet is, destructive member actions (terminate,
 * deregister) are withheld and a human is asked for, since when everything looks bad the health
 * checks or a dependency are more likely wrong than every instance (the Builders' Library "fail
 * open" rule). A verdict that changes while a member stays open re-issues the member as an UPDATE.
 */
final class Withholding {
    private static final Set<ActionType> DESTRUCTIVE = Collections.unmodifiableSet(
            EnumSet.of(ActionType.REPLACE_INSTANCE, ActionType.DEREGISTER_TARGET));

    private final GroupJudge judge;
    private final MemberStore members;

    Withholding(GroupJudge judge, MemberStore members) {
        this.judge = judge;
        this.members = members;
    }

    /** The member record as it leaves: the fleet's verdict applied to what the detector recommended. */
    Impairment verdict(Impairment in, int revision, long emitTime) {
        String fleet = GroupJudge.fleetOf(in);
        Impairment fleetImpairment = judge.fleetImpairment(fleet);
        Impairment zoneImpairment = fleet == null ? null : judge.zoneImpairment(GroupJudge.zoneOf(in));
        boolean withhold = zoneImpairment != null || fleet != null && judge.withholds(fleet);
        List<String> related = new ArrayList<>();
        if (fleetImpairment != null) {
            related.add(fleetImpairment.getId());
        }
        if (zoneImpairment != null) {
            related.add(zoneImpairment.getId());
        }
        Impairment.Builder b = ImpairmentRecords.renumbered(in, revision).emitTime(emitTime)
                .relatedImpairments(related.toArray(new String[0]))
                .memberActionsWithheld(withhold).humanRequired(withhold || in.isHumanRequired());
        if (withhold) {
            Set<ActionType> actions = new LinkedHashSet<>();
            for (ActionType a : in.getRecommendedActions()) {
                if (!DESTRUCTIVE.contains(a)) {
                    actions.add(a);
                }
            }
            actions.add(ActionType.NOTIFY);
            b.recommendedActions(actions.toArray(new ActionType[0]));
        }
        return b.build();
    }

    /** Re-issues, as UPDATEs, the open members of these fleets or zones whose verdict differs from what they last said. */
    void reissue(Set<String> fleets, Set<String> zones, Set<String> except, long emitTime, List<Impairment> out) {
        List<Member> changed = new ArrayList<>();
        for (Member m : members.all()) {
            String fleet = GroupJudge.fleetOf(m.input);
            if (except.contains(m.input.getId()) || fleet == null
                    || !(fleets.contains(fleet) || zones.contains(GroupJudge.zoneOf(m.input)))) {
                continue;
            }
            Impairment again = verdict(m.input, m.emitted.getRevision() + 1, emitTime);
            if (verdictChanged(m.emitted, again)) {
                changed.add(new Member(m.input, ImpairmentRecords.reissued(again).build()));
            }
        }
        // Sorted, so the output does not depend on the store's iteration order.
        changed.sort((a, b) -> a.input.getId().compareTo(b.input.getId()));
        for (Member m : changed) {
            members.put(m.input.getId(), m);
            out.add(m.emitted);
        }
    }

    private static boolean verdictChanged(Impairment before, Impairment after) {
        return before.isMemberActionsWithheld() != after.isMemberActionsWithheld()
                || before.isHumanRequired() != after.isHumanRequired()
                || !Arrays.equals(before.getRelatedImpairments(), after.getRelatedImpairments())
                || !Arrays.equals(before.getRecommendedActions(), after.getRecommendedActions());
    }
}

package dev.vigil.actions.safety;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the impairment record itself allows: the detector decides whether, the plan decides how.
 * A state-changing action runs only when the record it was planned for recommends it (or its plan
 * step says why it goes beyond, {@code beyondRecommendation}), and never while the record says AWS
 * is already recovering the resource in a way that action would fight ({@code awsRecovering}, which
 * no plan can override). NOTIFY always runs: telling a person changes nothing. A failback that
 * undoes a step only restores what Vigil itself changed, and runs only if that step succeeded.
 *
 * <p>Nothing here is remembered: a later revision that recommends the action, or no longer lists
 * the recovery, lets the same action (same id) run.
 */
public final class Recommendation {
    /** The parameter a failback step carries naming the step it undoes (set by the planner). */
    private static final String UNDOES = "undoes";

    private Recommendation() {}

    /** Null when the record lets the action run, else why it is SKIPPED. */
    @Nullable
    public static String denial(RecoveryAction action, Impairment impairment) {
        for (AwsRecovery r : impairment.getAwsRecovering()) {
            if (r.getKind().preempts().contains(action.getType())) {
                return "AWS is already recovering " + impairment.getResourceId() + ": " + r.getKind() + " (event "
                        + r.getCode() + ", id " + r.getEventId() + ", from " + r.getSource() + " since "
                        + Instant.ofEpochMilli(r.getSince()) + "); " + action.getType()
                        + " would act on top of it, so it waits until a revision no longer lists the recovery";
            }
        }
        if (exempt(action) || recommends(impairment, action.getType()) || action.getBeyondRecommendation() != null) {
            return null;
        }
        return "not recommended: revision " + impairment.getRevision() + " of impairment " + impairment.getId()
                + " recommends " + Arrays.toString(impairment.getRecommendedActions()) + ", not " + action.getType()
                + " (a plan step goes beyond the recommendation only with beyondRecommendation)";
    }

    /**
     * When the action runs only because its plan step goes beyond the recommendation: the words
     * for its outcome and log, naming what was recommended and the step's reason; else null.
     */
    @Nullable
    public static String beyond(RecoveryAction action, Impairment impairment) {
        if (action.getBeyondRecommendation() == null || exempt(action)
                || recommends(impairment, action.getType())) {
            return null;
        }
        return "beyond the recommendation " + Arrays.toString(impairment.getRecommendedActions()) + " of revision "
                + impairment.getRevision() + ": " + action.getBeyondRecommendation();
    }

    private static boolean exempt(RecoveryAction action) {
        return action.getType() == ActionType.NOTIFY || action.getParameters().containsKey(UNDOES);
    }

    private static boolean recommends(Impairment impairment, ActionType type) {
        for (ActionType t : impairment.getRecommendedActions()) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }
}

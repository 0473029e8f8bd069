package dev.vigil.detector.golden;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every later version must do with {@link GoldenV1Scenario}'s state at the cut, whatever its
 * behaviour otherwise; unlike the approved continuations ({@code ApprovedOutput}) these are never
 * rewritten. An impairment open at the cut is the same impairment after it: same id, resource,
 * type (fixed at OPEN) and detection time, a first breach no later, revisions going on from the
 * one reached with no gap, and it resolves once, when the scenario makes its resource healthy or
 * later, before the input ends; the scenario ends with nothing open.
 */
final class GoldenInvariants {
    private GoldenInvariants() {}

    /**
     * The impairment {@code atCut} (its last record before the cut: what the state holds) carries
     * on in {@code after} (everything emitted after the cut, one record per (id, revision), each
     * impairment's in revision order), and still states what it stated.
     */
    static void continues(Impairment atCut, List<Impairment> after, String what) {
        String as = describe(atCut, what);
        for (Impairment i : revisionsContinue(atCut, after, what)) {
            String r = as + " revision " + i.getRevision();
            assertThat(i.getResourceType()).as(r).isEqualTo(atCut.getResourceType());
            assertThat(i.getAccount()).as(r).isEqualTo(atCut.getAccount());
            assertThat(i.getRegion()).as(r).isEqualTo(atCut.getRegion());
            assertThat(i.getType()).as("%s: the type it opened with", r).isEqualTo(atCut.getType());
            assertThat(i.getDetectionTime()).as("%s: detection time", r).isEqualTo(atCut.getDetectionTime());
            assertThat(i.getFirstBreachTime()).as("%s: first breach, never later", r).isLessThanOrEqualTo(atCut.getFirstBreachTime());
        }
    }

    /**
     * As {@link #continues}, for records whose content comes from elsewhere (the correlation's
     * members, fed version 1's recorded input): only the id, resource, revisions and resolution.
     *
     * @return the impairment's records in {@code after}
     */
    static List<Impairment> revisionsContinue(Impairment atCut, List<Impairment> after, String what) {
        String as = describe(atCut, what);
        List<Impairment> own = new ArrayList<>();
        for (Impairment i : after) {
            if (i.getId().equals(atCut.getId())) {
                own.add(i);
            }
        }
        assertThat(own).as("%s continues after the cut", as).isNotEmpty();
        for (int k = 0; k < own.size(); k++) {
            Impairment i = own.get(k);
            assertThat(i.getRevision()).as("%s: revisions go on from the cut's, gapless", as).isEqualTo(atCut.getRevision() + 1 + k);
            assertThat(i.getResourceId()).as(as).isEqualTo(atCut.getResourceId());
            assertThat(i.getState()).as("%s revision %d", as, i.getRevision())
                    .isEqualTo(k + 1 == own.size() ? LifecycleState.RESOLVED : LifecycleState.UPDATE);
        }
        long recovered = GoldenV1Scenario.recoveredAt(atCut.getResourceId());
        assertThat(recovered).as("%s: the scenario says when it recovers", as).isNotEqualTo(Long.MIN_VALUE);
        assertThat(own.get(own.size() - 1).getResolvedTime()).as("%s: resolved once healthy, before the input ends", as)
                .isBetween(recovered, GoldenV1Scenario.minuteStart(GoldenV1Scenario.END) - 1);
        return own;
    }

    /**
     * The scenario ends healthy: in {@code after} (one record per (id, revision), each impairment's
     * in revision order) every impairment not in {@code openAtCut} starts with its OPEN, revisions
     * have no gap, nothing follows a RESOLVED, and every impairment's last record resolves it.
     */
    static void allResolved(List<Impairment> after, Set<String> openAtCut, String what) {
        Map<String, Impairment> last = new TreeMap<>();
        for (Impairment i : after) {
            Impairment previous = last.put(i.getId(), i);
            if (previous != null) {
                assertThat(previous.getState()).as("%s: %s emitted after RESOLVED", what, i.getId()).isNotEqualTo(LifecycleState.RESOLVED);
                assertThat(i.getRevision()).as("%s: revision after %s/%d", what, i.getId(), previous.getRevision())
                        .isEqualTo(previous.getRevision() + 1);
            } else if (!openAtCut.contains(i.getId())) {
                assertThat(i.getRevision()).as("%s: %s (%s) opened after the cut", what, i.getId(), i.getResourceId()).isZero();
                assertThat(i.getState()).as("%s: %s opened after the cut", what, i.getId()).isEqualTo(LifecycleState.OPEN);
            }
        }
        last.forEach((id, i) -> assertThat(i.getState()).as("%s: %s (%s) at the end", what, id, i.getResourceId())
                .isEqualTo(LifecycleState.RESOLVED));
    }

    private static String describe(Impairment atCut, String what) {
        return what + " " + atCut.getId() + " (" + atCut.getResourceId() + ", revision " + atCut.getRevision() + " at the cut)";
    }
}

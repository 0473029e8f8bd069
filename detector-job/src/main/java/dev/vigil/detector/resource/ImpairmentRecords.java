package dev.vigil.detector.resource;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one way the detector makes impairment records: a resource's lifecycle, a peer outlier and a
 * fleet or zone verdict all get their ids, revisions, lifecycle states and times here, so every
 * impairment's records count (id, revision) the same way. What a record says (resource, type,
 * evidence, actions) is its maker's; this class only moves an impairment through its life.
 */
public final class ImpairmentRecords {
    private ImpairmentRecords() {}

    /** Same key, same first breach: same id, whichever run or restart computes it. */
    public static String idFor(String key, long firstBreachTime) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((key + "|" + firstBreachTime).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("imp-");
            for (int i = 0; i < 12; i++) {
                sb.append(String.format("%02x", h[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A new impairment's first record: revision 0, OPEN, breaching since {@code firstBreachTime}. */
    public static Impairment.Builder opened(String id, long firstBreachTime, long detectionTime) {
        return Impairment.builder().id(id).revision(0).state(LifecycleState.OPEN)
                .firstBreachTime(firstBreachTime).detectionTime(detectionTime);
    }

    /** The next record of an impairment that stays open. */
    public static Impairment.Builder updated(Impairment previous) {
        return previous.toBuilder().revision(previous.getRevision() + 1).state(LifecycleState.UPDATE);
    }

    /** The impairment's last record: RESOLVED at {@code resolvedTime}. */
    public static Impairment.Builder resolved(Impairment previous, long resolvedTime) {
        return previous.toBuilder().revision(previous.getRevision() + 1).state(LifecycleState.RESOLVED)
                .resolvedTime(resolvedTime);
    }

    /**
     * A record passed on under another numbering of the same impairment's records (the
     * correlation's, which re-issues a member when the fleet's verdict on it changes): its
     * content, this revision.
     */
    public static Impairment.Builder renumbered(Impairment record, int revision) {
        return record.toBuilder().revision(revision);
    }

    /** A record said again as an UPDATE of its impairment (its revision already the next one). */
    public static Impairment.Builder reissued(Impairment record) {
        return record.toBuilder().state(LifecycleState.UPDATE);
    }
}

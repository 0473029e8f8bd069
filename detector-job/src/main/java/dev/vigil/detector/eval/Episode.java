package dev.vigil.detector.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Where the breach behind an impairment began: the first breaching period of an episode, which
 * ends once evaluationPeriods clean periods in a row pass outside the alarm (a breach after them
 * starts a new one). Fed each {@link Evaluation} of one watched thing, in order, it says when the
 * signal starts firing, carries a fresh breach while firing, or stops. MTTD and impairment ids
 * are measured from its start.
 */
public final class Episode {
    private static final long NONE = Long.MIN_VALUE;

    /** What an evaluation changed. */
    public enum Change {
        /** Nothing a consumer cares about. */
        NONE,
        /** The signal started firing: an impairment opens, breaching since {@link #firstBreach}. */
        FIRED,
        /** Still firing, and this period breached again (fresh evidence). */
        BREACHED,
        /** The signal stopped firing: the impairment's cause has cleared. */
        CLEARED
    }

    private final int evaluationPeriods;
    private long start = NONE;
    private int cleanRun;
    private boolean wasFiring;

    public Episode(int evaluationPeriods) {
        this.evaluationPeriods = evaluationPeriods;
    }

    public Change observe(Evaluation e) {
        if (e.verdict().outcome() == Verdict.Outcome.BREACHING) {
            // First breaching period of the episode: MTTD is measured from here.
            if (start == NONE || cleanRun >= evaluationPeriods) {
                start = e.periodStartMs();
            }
            cleanRun = 0;
        } else if (!e.firing()) {
            cleanRun++;
        }
        boolean firing = e.firing();
        boolean changed = firing != wasFiring;
        wasFiring = firing;
        if (!firing) {
            if (changed) {
                start = NONE;
                return Change.CLEARED;
            }
            return Change.NONE;
        }
        if (changed) {
            return Change.FIRED;
        }
        return e.verdict().outcome() == Verdict.Outcome.BREACHING ? Change.BREACHED : Change.NONE;
    }

    /**
     * Where the breach behind {@code e} (just observed) began: the episode's first breaching period,
     * or the evaluated period itself when the alarm fired with no breach seen (missing data
     * treated as breaching).
     */
    public long firstBreach(Evaluation e) {
        return start == NONE ? e.periodStartMs() : start;
    }

    /** Start of the current episode's first breach; Long.MIN_VALUE when there is none. */
    public long start() {
        return start;
    }

    /** Start of the breaching run while it has not fired yet; Long.MAX_VALUE when none. */
    public long pendingRunStart() {
        return !wasFiring && start != NONE && cleanRun < evaluationPeriods ? start : Long.MAX_VALUE;
    }

    // A resource's series write these where their layout has always had them (see WatchedSeries).

    public int cleanRun() {
        return cleanRun;
    }

    public boolean wasFiring() {
        return wasFiring;
    }

    public void restore(long start, int cleanRun, boolean wasFiring) {
        this.start = start;
        this.cleanRun = cleanRun;
        this.wasFiring = wasFiring;
    }

    /** Start (8 bytes), clean run (4), firing (1). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(start);
        out.writeInt(cleanRun);
        out.writeBoolean(wasFiring);
    }

    public void readFrom(DataInput in) throws IOException {
        restore(in.readLong(), in.readInt(), in.readBoolean());
    }
}

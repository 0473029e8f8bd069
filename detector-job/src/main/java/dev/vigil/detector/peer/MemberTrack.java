package dev.vigil.detector.peer;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One member's recent judgements (the last N minutes in which it was judged, oldest first), its
 * healthy run and its open impairment. Minutes in which the member was not judged (silent, or
 * too few peers) do not count either way, as CloudWatch treats missing data with
 * {@code treatMissingData: missing}: sparse series (5-minute EC2 metrics) still reach M of N.
 */
final class MemberTrack {
    private final long[] minutes;
    private final boolean[] outliers;
    private int size;
    private int healthyRun;
    private long lastJudged = Long.MIN_VALUE;
    private Impairment open;

    MemberTrack(int evaluationPeriods) {
        minutes = new long[evaluationPeriods];
        outliers = new boolean[evaluationPeriods];
    }

    void record(long minuteStart, boolean outlier) {
        if (size == minutes.length) {
            System.arraycopy(minutes, 1, minutes, 0, size - 1);
            System.arraycopy(outliers, 1, outliers, 0, size - 1);
            size--;
        }
        minutes[size] = minuteStart;
        outliers[size] = outlier;
        size++;
        lastJudged = minuteStart;
        healthyRun = outlier ? 0 : healthyRun + 1;
    }

    int outlierCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (outliers[i]) {
                n++;
            }
        }
        return n;
    }

    /** The first outlier minute still in the window: where the run that reached M of N began. */
    long firstOutlierMinute() {
        for (int i = 0; i < size; i++) {
            if (outliers[i]) {
                return minutes[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /** After a resolution the old outliers must not count towards the next impairment. */
    void clearWindow() {
        size = 0;
    }

    int healthyRun() {
        return healthyRun;
    }

    long lastJudged() {
        return lastJudged;
    }

    Impairment open() {
        return open;
    }

    void open(Impairment impairment) {
        open = impairment;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(lastJudged);
        out.writeInt(healthyRun);
        out.writeByte(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(minutes[i]);
            out.writeBoolean(outliers[i]);
        }
        // Only members with an open impairment carry one; JSON keeps it readable in a state dump.
        out.writeBoolean(open != null);
        if (open != null) {
            byte[] b = Json.toBytes(open);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static MemberTrack read(int evaluationPeriods, DataInput in) throws IOException {
        MemberTrack t = new MemberTrack(evaluationPeriods);
        t.lastJudged = in.readLong();
        t.healthyRun = in.readInt();
        int n = in.readByte();
        for (int i = 0; i < n; i++) {
            long minute = in.readLong();
            boolean outlier = in.readBoolean();
            // A restore with a smaller N keeps the newest judgements.
            if (n - i <= evaluationPeriods) {
                t.minutes[t.size] = minute;
                t.outliers[t.size] = outlier;
                t.size++;
            }
        }
        if (in.readBoolean()) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            t.open = Json.fromBytes(b, Impairment.class);
        }
        return t;
    }
}

package dev.vigil.detector.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A series' periods that have data and are not evaluated yet, sorted by start, none empty:
 * usually one or two, so a small sorted array rather than a map.
 */
final class OpenPeriods {
    /** Only datapoints far ahead of the watermark pile up; past this they are refused (the count is written in 2 bytes). */
    static final int MAX_OPEN = 0xFFFF;
    private static final PeriodAccumulator[] NONE = new PeriodAccumulator[0];

    private PeriodAccumulator[] open = NONE;
    private int count;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The i-th open period, earliest first. */
    PeriodAccumulator get(int i) {
        return open[i];
    }

    /** The open period starting at {@code start}, or where one would go: {@code -(index + 1)}. */
    int find(long start) {
        int i = 0;
        while (i < count && open[i].periodStartMs() < start) {
            i++;
        }
        return i < count && open[i].periodStartMs() == start ? i : -(i + 1);
    }

    /** Puts {@code acc} at {@code i} (from {@link #find}'s {@code -(index + 1)}). */
    void insert(int i, PeriodAccumulator acc) {
        if (count == open.length) {
            open = Arrays.copyOf(open, Math.max(2, count * 2));
        }
        System.arraycopy(open, i, open, i + 1, count - i);
        open[i] = acc;
        count++;
    }

    PeriodAccumulator removeFirst() {
        PeriodAccumulator acc = open[0];
        System.arraycopy(open, 1, open, 0, count - 1);
        open[--count] = null;
        return acc;
    }

    /** A count, then each period (21 to 33 bytes). */
    void writeTo(DataOutput out) throws IOException {
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            open[i].writeTo(out);
        }
    }

    void readFrom(Aggregation aggregation, String statistic, DataInput in) throws IOException {
        count = in.readUnsignedShort();
        open = count == 0 ? NONE : new PeriodAccumulator[count];
        for (int i = 0; i < count; i++) {
            open[i] = PeriodAccumulator.readFrom(aggregation, statistic, in);
        }
    }
}

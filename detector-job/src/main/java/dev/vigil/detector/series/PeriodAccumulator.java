package dev.vigil.detector.series;

import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Statistics;
import dev.vigil.schemas.MetricDatapoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Combines the datapoints of one period of one series into the rule's statistic. Keeps only what
 * the statistic needs: at most two doubles and two flags (see {@link Aggregation} for which and why).
 * Mutable by design: it lives inside a series evaluator's state and is discarded once evaluated.
 */
public final class PeriodAccumulator {
    private static final int HAS_PRIMARY = 1;
    private static final int HAS_DENOMINATOR = 2;
    private static final int HAS_ANY = HAS_PRIMARY | HAS_DENOMINATOR;

    private final Aggregation aggregation;
    private final String statistic;
    private final long periodStartMs;
    // AVERAGE: sum, count. SUM/SAMPLE_COUNT: total. MAXIMUM/MINIMUM: extreme.
    // EXTENDED_WEIGHTED_MEAN: sum(value*weight), sum(weight). RATIO: numerator sum, denominator sum.
    private double first;
    private double second;
    private int flags;
    /** Which minutes of the period had a datapoint (bit i = minute i), per role: to know it is complete. */
    private int minutes;
    private int denominatorMinutes;

    /** @param statistic the extended statistic's name; only read for EXTENDED_WEIGHTED_MEAN */
    public PeriodAccumulator(Aggregation aggregation, String statistic, long periodStartMs) {
        this.aggregation = aggregation;
        this.statistic = statistic;
        this.periodStartMs = periodStartMs;
    }

    public long periodStartMs() {
        return periodStartMs;
    }

    /**
     * Adds a datapoint of this period. Returns false when it carried nothing usable for the
     * statistic (NaN, or a non-positive count for an average), in which case nothing changed.
     */
    public boolean add(MetricDatapoint dp, MetricRole role) {
        switch (aggregation) {
            case AVERAGE: {
                double sum = dp.getSum();
                double count = dp.getCount();
                if (Double.isNaN(sum) || !(count > 0)) {
                    return false;
                }
                first += sum;
                second += count;
                break;
            }
            case SUM:
                return addTotal(dp.getSum());
            case SAMPLE_COUNT:
                return addTotal(dp.getCount());
            case MAXIMUM: {
                double v = dp.getMax();
                if (Double.isNaN(v)) {
                    return false;
                }
                first = (flags & HAS_PRIMARY) == 0 ? v : Math.max(first, v);
                break;
            }
            case MINIMUM: {
                double v = dp.getMin();
                if (Double.isNaN(v)) {
                    return false;
                }
                first = (flags & HAS_PRIMARY) == 0 ? v : Math.min(first, v);
                break;
            }
            case EXTENDED_WEIGHTED_MEAN: {
                double v = Statistics.valueOf(dp, statistic);
                if (Double.isNaN(v)) {
                    return false;
                }
                double count = dp.getCount();
                double w = count > 0 && Double.isFinite(count) ? count : 1.0;
                first += v * w;
                second += w;
                break;
            }
            case RATIO: {
                double sum = dp.getSum();
                if (Double.isNaN(sum)) {
                    return false;
                }
                if (role == MetricRole.DENOMINATOR) {
                    second += sum;
                    flags |= HAS_DENOMINATOR;
                    return true;
                }
                first += sum;
                break;
            }
            default:
                throw new IllegalStateException(aggregation.name());
        }
        flags |= HAS_PRIMARY;
        return true;
    }

    private boolean addTotal(double v) {
        if (Double.isNaN(v)) {
            return false;
        }
        first += v;
        flags |= HAS_PRIMARY;
        return true;
    }

    /** Whether any datapoint contributed (for a ratio: either side). */
    public boolean hasData() {
        return (flags & HAS_ANY) != 0;
    }

    /** Records that a datapoint of {@code role} for minute {@code minute} (0-based, &lt; 31) of the period was added. */
    public void markMinute(MetricRole role, int minute) {
        if (role == MetricRole.DENOMINATOR) {
            denominatorMinutes |= 1 << minute;
        } else {
            minutes |= 1 << minute;
        }
    }

    /**
     * Whether the period has all the data it will get: a datapoint for each of its
     * {@code periodMinutes} minutes, for a ratio on both sides. (A ratio whose numerator is
     * absent, as ALB's zero 5xx count is, waits for the watermark: absence cannot be told from
     * lateness.)
     */
    public boolean complete(int periodMinutes) {
        int all = (1 << periodMinutes) - 1;
        return (minutes & all) == all && (aggregation != Aggregation.RATIO || (denominatorMinutes & all) == all);
    }

    /** The period's value, or NaN when there is none (for a ratio: no denominator, or a zero one). */
    public double value() {
        switch (aggregation) {
            case RATIO:
                // ALB omits HTTPCode_Target_5XX_Count when it is zero: numerator absent = 0.
                return (flags & HAS_DENOMINATOR) != 0 && second > 0 ? first / second : Double.NaN;
            case AVERAGE:
            case EXTENDED_WEIGHTED_MEAN:
                return (flags & HAS_PRIMARY) != 0 && second > 0 ? first / second : Double.NaN;
            default:
                return (flags & HAS_PRIMARY) != 0 ? first : Double.NaN;
        }
    }

    /** Writes start, flags, minutes seen and the one or two numbers the aggregation uses (21 to 33 bytes). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(periodStartMs);
        out.writeByte(flags);
        out.writeInt(minutes);
        if (aggregation == Aggregation.RATIO) {
            out.writeInt(denominatorMinutes);
        }
        out.writeDouble(first);
        if (aggregation.usesSecond()) {
            out.writeDouble(second);
        }
    }

    public static PeriodAccumulator readFrom(Aggregation aggregation, String statistic, DataInput in)
            throws IOException {
        PeriodAccumulator acc = new PeriodAccumulator(aggregation, statistic, in.readLong());
        acc.flags = in.readUnsignedByte();
        acc.minutes = in.readInt();
        if (aggregation == Aggregation.RATIO) {
            acc.denominatorMinutes = in.readInt();
        }
        acc.first = in.readDouble();
        if (aggregation.usesSecond()) {
            acc.second = in.readDouble();
        }
        return acc;
    }

    @Override
    public String toString() {
        return aggregation + "@" + periodStartMs + "=" + value();
    }
}

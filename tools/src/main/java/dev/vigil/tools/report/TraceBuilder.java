package dev.vigil.tools.report;

import dev.vigil.tools.nab.NabScorer;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a plot's {@link SeriesTrace} from rows streamed one at a time, keeping at most two
 * points (the bucket's lowest and highest value, in their order) per bucket of consecutive rows,
 * so a series of any length costs the report a few thousand points. Band edges keep their
 * extremes, the score its maximum, an onset marks its bucket's point: what the plot draws.
 */
public final class TraceBuilder {
    private final String name;
    private final long perBucket;
    private final int capacity;
    private long[] ts;
    private double[] values;
    private double[] scores;
    private double[] expected;
    private double[] lower;
    private double[] upper;
    private boolean[] onsets;
    private int points;

    // the bucket being filled
    private long inBucket;
    private long tMin;
    private long tMax;
    private double vMin;
    private double vMax;
    private double lo;
    private double hi;
    private double ex;
    private double sc;
    private boolean onset;

    /** @param rows rows the series will have; @param buckets at most this many buckets (two points each) */
    public TraceBuilder(String name, long rows, int buckets) {
        this.name = name;
        this.perBucket = Math.max(1, (rows + buckets - 1) / buckets);
        this.capacity = (int) Math.min(2L * buckets + 2, 2 * Math.max(1, rows) + 2);
        this.ts = new long[capacity];
        this.values = new double[capacity];
        this.scores = new double[capacity];
        this.expected = new double[capacity];
        this.lower = new double[capacity];
        this.upper = new double[capacity];
        this.onsets = new boolean[capacity];
    }

    public void row(long timestampMs, double value, double score, double exp, double low, double up, boolean isOnset) {
        if (inBucket == 0 || value < vMin) {
            vMin = value;
            tMin = timestampMs;
        }
        if (inBucket == 0 || value > vMax) {
            vMax = value;
            tMax = timestampMs;
        }
        if (inBucket == 0) {
            lo = low;
            hi = up;
            ex = exp;
            sc = score;
            onset = false;
        } else {
            lo = Double.isNaN(lo) ? low : Double.isNaN(low) ? lo : Math.min(lo, low);
            hi = Double.isNaN(hi) ? up : Double.isNaN(up) ? hi : Math.max(hi, up);
            ex = Double.isNaN(exp) ? ex : exp;
            sc = Double.isNaN(sc) ? score : Double.isNaN(score) ? sc : Math.max(sc, score);
        }
        onset |= isOnset;
        if (++inBucket == perBucket) {
            flush();
        }
    }

    private void flush() {
        if (inBucket == 0) {
            return;
        }
        boolean minFirst = tMin <= tMax;
        // An onset marks the bucket's first point: the bucket is a thousandth of the plot wide.
        point(minFirst ? tMin : tMax, minFirst ? vMin : vMax, onset);
        if (tMin != tMax) {
            point(minFirst ? tMax : tMin, minFirst ? vMax : vMin, false);
        }
        inBucket = 0;
    }

    private void point(long t, double v, boolean isOnset) {
        ts[points] = t;
        values[points] = v;
        scores[points] = sc;
        expected[points] = ex;
        lower[points] = lo;
        upper[points] = hi;
        onsets[points] = isOnset;
        points++;
    }

    /** The trace so far (a bucket still filling is closed first). */
    public SeriesTrace build(List<NabScorer.Window> windows, NabScorer.FileResult result) {
        flush();
        int n = points;
        return new SeriesTrace(name, Arrays.copyOf(ts, n), Arrays.copyOf(values, n), Arrays.copyOf(scores, n),
                Arrays.copyOf(expected, n), Arrays.copyOf(lower, n), Arrays.copyOf(upper, n), Arrays.copyOf(onsets, n),
                windows, result);
    }
}

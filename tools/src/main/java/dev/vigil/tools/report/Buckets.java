package dev.vigil.tools.report;

/**
 * Min/max decimation for plotting: rows grouped into at most {@code maxBuckets} consecutive
 * buckets, each keeping its extremes, so a 20,000-row series draws as 2 x 1,000 points and a
 * one-row spike still shows.
 */
final class Buckets {
    final int count;
    final long[] time;
    final double[] valueMin;
    final double[] valueMax;
    /** True when the bucket's minimum comes before its maximum (the line goes down, then up). */
    final boolean[] minFirst;
    final double[] lower;
    final double[] upper;
    final double[] expected;
    final double[] scoreMax;

    Buckets(SeriesTrace s, int maxBuckets) {
        int n = s.size();
        int per = Math.max(1, (n + maxBuckets - 1) / maxBuckets);
        count = (n + per - 1) / per;
        time = new long[count];
        valueMin = new double[count];
        valueMax = new double[count];
        minFirst = new boolean[count];
        lower = new double[count];
        upper = new double[count];
        expected = new double[count];
        scoreMax = new double[count];
        for (int b = 0; b < count; b++) {
            int from = b * per;
            int to = Math.min(n, from + per);
            time[b] = s.timestamps()[from];
            double vMin = Double.NaN;
            double vMax = Double.NaN;
            int iMin = -1;
            int iMax = -1;
            double lo = Double.NaN;
            double hi = Double.NaN;
            double ex = Double.NaN;
            double sc = Double.NaN;
            for (int i = from; i < to; i++) {
                double v = s.values()[i];
                if (!Double.isNaN(v)) {
                    if (iMin < 0 || v < vMin) {
                        vMin = v;
                        iMin = i;
                    }
                    if (iMax < 0 || v > vMax) {
                        vMax = v;
                        iMax = i;
                    }
                }
                lo = minIgnoringNaN(lo, s.lower()[i]);
                hi = maxIgnoringNaN(hi, s.upper()[i]);
                sc = maxIgnoringNaN(sc, s.scores()[i]);
                if (!Double.isNaN(s.expected()[i])) {
                    ex = s.expected()[i];
                }
            }
            valueMin[b] = vMin;
            valueMax[b] = vMax;
            minFirst[b] = iMin <= iMax;
            lower[b] = lo;
            upper[b] = hi;
            expected[b] = ex;
            scoreMax[b] = sc;
        }
    }

    private static double minIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double maxIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}

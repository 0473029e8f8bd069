package dev.vigil.tools.report;

/** Series of an input replay for report tests: an hour of minutes from 10:00 UTC, a step up from 10:30 to 10:45. */
final class ResourceSeries {
    static final long T0 = 1_795_341_600_000L; // 2026-11-22T10:00Z
    static final long MIN = 60_000;

    private ResourceSeries() {}

    /** A threshold rule's series (no anomaly score) or an anomaly rule's. */
    static SeriesTrace of(String resource, String rule, boolean anomaly) {
        int n = 60;
        long[] ts = new long[n];
        double[] v = new double[n];
        double[] score = new double[n];
        double[] nan = new double[n];
        for (int i = 0; i < n; i++) {
            boolean step = i >= 30 && i < 45;
            ts[i] = T0 + i * MIN;
            v[i] = 10 + (step ? 50 : 0) + i % 3;
            score[i] = anomaly ? (step ? 0.9 : 0.1 + 0.02 * (i % 5)) : Double.NaN;
            nan[i] = Double.NaN;
        }
        return new SeriesTrace(resource + " (" + rule + ")", resource, ts, v, score, nan, nan, nan, new boolean[n], null, null);
    }
}

package dev.vigil.detector.report;

import dev.vigil.detector.nab.NabScorer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One series as an inline SVG: values with the expected band above, the anomaly score (and its
 * threshold) below, labelled windows shaded across both, impairment onsets as red lines. Drawn
 * on the server so the report needs no script or network to show it.
 */
final class SvgPlot {
    static final int WIDTH = 1100;
    private static final int LEFT = 70;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int MAIN = 220;
    private static final int GAP = 22;
    private static final int SCORE = 80;
    private static final int BOTTOM = 22;
    static final int HEIGHT = TOP + MAIN + GAP + SCORE + BOTTOM;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final SeriesTrace s;
    private final Buckets b;
    private final long t0;
    private final long t1;
    private final double yMin;
    private final double yMax;

    SvgPlot(SeriesTrace s) {
        this.s = s;
        this.b = new Buckets(s, (WIDTH - LEFT - RIGHT));
        this.t0 = s.size() == 0 ? 0 : s.timestamps()[0];
        this.t1 = s.size() == 0 ? 1 : Math.max(t0 + 1, s.timestamps()[s.size() - 1]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        // The band may be wide while the model warms up: the value range (padded) sets the scale, the band is clipped.
        double pad = hi > lo ? (hi - lo) * 0.1 : Math.max(1e-9, Math.abs(hi) * 0.1 + 1);
        yMin = lo - pad;
        yMax = hi + pad;
    }

    String svg(String id, double threshold) {
        StringBuilder o = new StringBuilder(64 * 1024);
        o.append("<svg class=\"plot\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\">\n");
        o.append("<defs><clipPath id=\"").append(id).append("-clip\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(MAIN).append("\"/></clipPath></defs>\n");
        o.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(MAIN).append("\"/>\n");
        o.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP + MAIN + GAP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(SCORE).append("\"/>\n");
        for (NabScorer.Window w : s.windows()) {
            double x0 = Math.max(LEFT, x(w.startMs()));
            double x1 = Math.min(WIDTH - RIGHT, x(w.endMs()));
            if (x1 >= x0) {
                o.append("<rect class=\"window\" x=\"").append(f(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                        .append(f(Math.max(1, x1 - x0))).append("\" height=\"").append(MAIN + GAP + SCORE)
                        .append("\"><title>labelled window</title></rect>\n");
            }
        }
        o.append("<g clip-path=\"url(#").append(id).append("-clip)\">\n");
        band(o);
        line(o, "expected", b.expected, false);
        o.append("</g>\n");
        values(o);
        line(o, "score", b.scoreMax, true);
        if (!Double.isNaN(threshold)) {
            double y = yScore(threshold);
            o.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>\n");
        }
        for (int i = 0; i < s.size(); i++) {
            if (s.onsets()[i]) {
                double x = x(s.timestamps()[i]);
                o.append("<line class=\"onset\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                        .append("\" y2=\"").append(TOP + MAIN + GAP + SCORE).append("\"><title>impairment opened ")
                        .append(DATE.format(Instant.ofEpochMilli(s.timestamps()[i]))).append("</title></line>\n");
            }
        }
        axisText(o, LEFT - 4, TOP + 10, "end", num(yMax));
        axisText(o, LEFT - 4, TOP + MAIN, "end", num(yMin));
        axisText(o, LEFT - 4, TOP + MAIN + GAP + 10, "end", "score 1");
        axisText(o, LEFT - 4, TOP + MAIN + GAP + SCORE, "end", "0");
        axisText(o, LEFT, HEIGHT - 6, "start", DATE.format(Instant.ofEpochMilli(t0)));
        axisText(o, WIDTH - RIGHT, HEIGHT - 6, "end", DATE.format(Instant.ofEpochMilli(t1)));
        o.append("</svg>\n");
        return o.toString();
    }

    private void band(StringBuilder o) {
        int i = 0;
        while (i < b.count) {
            if (!finite(b.lower[i]) || !finite(b.upper[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < b.count && finite(b.lower[j]) && finite(b.upper[j])) {
                j++;
            }
            StringBuilder d = new StringBuilder();
            for (int k = i; k < j; k++) {
                d.append(k == i ? 'M' : 'L').append(f(x(b.time[k]))).append(',').append(f(yValue(b.upper[k])));
            }
            for (int k = j - 1; k >= i; k--) {
                d.append('L').append(f(x(b.time[k]))).append(',').append(f(yValue(b.lower[k])));
            }
            o.append("<path class=\"band\" d=\"").append(d).append("Z\"/>\n");
            i = j;
        }
    }

    private void line(StringBuilder o, String cls, double[] ys, boolean score) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int k = 0; k < b.count; k++) {
            if (!finite(ys[k])) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(f(x(b.time[k]))).append(',').append(f(score ? yScore(ys[k]) : yValue(ys[k])));
            pen = true;
        }
        if (d.length() > 0) {
            o.append("<path class=\"").append(cls).append("\" d=\"").append(d).append("\"/>\n");
        }
    }

    private void values(StringBuilder o) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int k = 0; k < b.count; k++) {
            if (!finite(b.valueMin[k])) {
                pen = false;
                continue;
            }
            double x = x(b.time[k]);
            double first = b.minFirst[k] ? b.valueMin[k] : b.valueMax[k];
            double second = b.minFirst[k] ? b.valueMax[k] : b.valueMin[k];
            d.append(pen ? 'L' : 'M').append(f(x)).append(',').append(f(yValue(first)));
            d.append('L').append(f(x + 0.5)).append(',').append(f(yValue(second)));
            pen = true;
        }
        o.append("<path class=\"values\" d=\"").append(d.length() == 0 ? "M0,0" : d).append("\"/>\n");
    }

    private static void axisText(StringBuilder o, int x, int y, String anchor, String text) {
        o.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor).append("\">")
                .append(text).append("</text>\n");
    }

    /** Where event time {@code t} falls on this plot's time axis, for strips drawn under it. */
    double xAt(long t) {
        return Math.max(LEFT, Math.min(WIDTH - RIGHT, x(t)));
    }

    private double x(long t) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) (t - t0) / (t1 - t0);
    }

    private double yValue(double v) {
        // Clamped: a warming-up band can be orders of magnitude off the scale; the clip hides the rest.
        return Math.max(-10 * HEIGHT, Math.min(10 * HEIGHT, TOP + MAIN * (1 - (v - yMin) / (yMax - yMin))));
    }

    private static double yScore(double v) {
        return TOP + MAIN + GAP + SCORE * (1 - Math.max(0, Math.min(1, v)));
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String num(double v) {
        double a = Math.abs(v);
        return a != 0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}

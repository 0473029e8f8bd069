package dev.vigil.tools.report;

import dev.vigil.tools.nab.NabScorer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One series as an inline SVG: values with the expected band above, the anomaly score (and its
 * threshold) below when the rule has one, labelled windows shaded, and the resource's timeline
 * marks (impairments opened and resolved, events, dead letters) across it; the time axis in UTC
 * wall-clock time. Drawn on the server so the report needs no script or network to show it.
 */
final class SvgPlot {
    static final int WIDTH = 1100;
    private static final int LEFT = 70;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int MAIN = 220;
    private static final int GAP = 22;
    private static final int SCORE = 80;
    private static final int BOTTOM = 30;

    private final SeriesTrace s;
    private final List<TimelineMark> marks;
    private final boolean scorePanel;
    private final int height;
    private final Buckets b;
    private final long t0;
    private final long t1;
    private final double yMin;
    private final double yMax;

    /** @param marks the series' resource's timeline marks (none for unlabelled NAB-style series) */
    SvgPlot(SeriesTrace s, List<TimelineMark> marks) {
        this.s = s;
        this.marks = marks;
        this.scorePanel = s.hasScore();
        this.height = TOP + MAIN + (scorePanel ? GAP + SCORE : 0) + BOTTOM;
        this.b = new Buckets(s, (WIDTH - LEFT - RIGHT));
        // The axis spans the series and its resource's marks: an instance replaced after its last datapoint still shows it resolved.
        long from = s.size() == 0 ? Long.MAX_VALUE : s.timestamps()[0];
        long to = s.size() == 0 ? Long.MIN_VALUE : s.timestamps()[s.size() - 1];
        for (TimelineMark m : marks) {
            from = Math.min(from, m.time());
            to = Math.max(to, m.time());
        }
        this.t0 = from == Long.MAX_VALUE ? 0 : from;
        this.t1 = Math.max(t0 + 1, to == Long.MIN_VALUE ? 1 : to);
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

    private int plotBottom() {
        return TOP + MAIN + (scorePanel ? GAP + SCORE : 0);
    }

    String svg(String id, double threshold) {
        StringBuilder o = new StringBuilder(64 * 1024);
        o.append("<svg class=\"plot\" id=\"").append(id).append("\" data-score-panel=\"").append(scorePanel)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n");
        o.append("<defs><clipPath id=\"").append(id).append("-clip\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(MAIN).append("\"/></clipPath></defs>\n");
        frame(o, TOP, MAIN);
        if (scorePanel) {
            frame(o, TOP + MAIN + GAP, SCORE);
        }
        timeAxis(o);
        for (NabScorer.Window w : s.windows()) {
            double x0 = Math.max(LEFT, x(w.startMs()));
            double x1 = Math.min(WIDTH - RIGHT, x(w.endMs()));
            if (x1 >= x0) {
                o.append("<rect class=\"window\" x=\"").append(f(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                        .append(f(Math.max(1, x1 - x0))).append("\" height=\"").append(plotBottom() - TOP)
                        .append("\"><title>labelled window</title></rect>\n");
            }
        }
        o.append("<g clip-path=\"url(#").append(id).append("-clip)\">\n");
        band(o);
        line(o, "expected", b.expected, false);
        o.append("</g>\n");
        values(o);
        if (scorePanel) {
            line(o, "score", b.scoreMax, true);
            if (!Double.isNaN(threshold)) {
                double y = yScore(threshold);
                o.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                        .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>\n");
            }
        }
        if (marks.isEmpty()) {
            onsets(o);
        }
        for (TimelineMark m : marks) {
            mark(o, m);
        }
        axisText(o, LEFT - 4, TOP + 10, "end", num(yMax));
        axisText(o, LEFT - 4, TOP + MAIN, "end", num(yMin));
        if (scorePanel) {
            axisText(o, LEFT - 4, TOP + MAIN + GAP + 10, "end", "score 1");
            axisText(o, LEFT - 4, TOP + MAIN + GAP + SCORE, "end", "0");
        }
        o.append("</svg>\n");
        return o.toString();
    }

    private static void frame(StringBuilder o, int y, int h) {
        o.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(h).append("\"/>\n");
    }

    /** Ticks on round UTC instants with clock labels; the axis says UTC. */
    private void timeAxis(StringBuilder o) {
        TimeAxis axis = new TimeAxis(t0, t1, 10);
        o.append("<g class=\"time-axis\">\n");
        List<Long> ticks = axis.ticks();
        for (int k = 0; k < ticks.size(); k++) {
            double x = x(ticks.get(k));
            o.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(plotBottom() + 4).append("\"/>\n");
            o.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(plotBottom() + 16)
                    .append("\" text-anchor=\"middle\">").append(axis.label(k)).append("</text>\n");
        }
        axisText(o, WIDTH - RIGHT, height - 2, "end", "UTC");
        o.append("</g>\n");
    }

    /** NAB-style series (no resource): the rows where an impairment opened. */
    private void onsets(StringBuilder o) {
        for (int i = 0; i < s.size(); i++) {
            if (s.onsets()[i]) {
                double x = x(s.timestamps()[i]);
                o.append("<line class=\"onset\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                        .append("\" y2=\"").append(plotBottom()).append("\"><title>impairment opened ")
                        .append(TimeAxis.FULL.format(Instant.ofEpochMilli(s.timestamps()[i]))).append("</title></line>\n");
            }
        }
    }

    /** A lifecycle change as a line across the plot; an event or dead letter as a tick along the top (and a faint line). */
    private void mark(StringBuilder o, TimelineMark m) {
        double x = x(m.time());
        TimelineMark.Kind k = m.kind();
        // The opened line keeps the class "onset" that NAB plots use for the same thing.
        String cls = "mark mark-" + k.cssClass() + (k == TimelineMark.Kind.OPENED || k == TimelineMark.Kind.OPENED_BY_EVENT
                ? " onset" : "");
        o.append("<g class=\"").append(cls).append("\" data-kind=\"").append(k.name()).append("\"><title>")
                .append(HtmlReport.esc(m.label())).append("</title>");
        if (k.isLine()) {
            o.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(plotBottom()).append("\"/>");
        } else {
            o.append("<line class=\"faint\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(TOP + MAIN).append("\"/>");
            o.append("<path d=\"M").append(f(x - 5)).append(',').append(TOP - 10).append('L').append(f(x + 5)).append(',')
                    .append(TOP - 10).append('L').append(f(x)).append(',').append(TOP).append("Z\"/>");
        }
        o.append("</g>\n");
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
        return Math.max(-10 * height, Math.min(10 * height, TOP + MAIN * (1 - (v - yMin) / (yMax - yMin))));
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

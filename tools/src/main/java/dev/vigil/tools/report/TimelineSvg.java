package dev.vigil.tools.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview timeline of a replay as an inline SVG: one row per resource (and one for what
 * names no resource), its impairments as bars from opened to resolved, and every mark of the
 * {@link Timeline} at its time, on a UTC wall-clock axis. A resource only events spoke of has no
 * plot of its own; here it is.
 */
final class TimelineSvg {
    private static final int WIDTH = SvgPlot.WIDTH;
    private static final int LABEL = 280;
    private static final int RIGHT = 12;
    private static final int TOP = 8;
    private static final int ROW = 22;
    private static final int AXIS = 30;
    static final String NO_RESOURCE = "(no resource)";

    private final Timeline timeline;
    private final long t0;
    private final long t1;

    /** @param from, to the time range to show (the replay's data), widened to every mark */
    TimelineSvg(Timeline timeline, long from, long to) {
        this.timeline = timeline;
        long lo = from;
        long hi = to;
        for (TimelineMark m : timeline.all()) {
            lo = Math.min(lo, m.time());
            hi = Math.max(hi, m.time());
        }
        this.t0 = lo;
        this.t1 = Math.max(lo + 1, hi);
    }

    String svg() {
        Map<String, List<TimelineMark>> rows = new LinkedHashMap<>();
        for (String r : timeline.resources()) {
            rows.put(r, timeline.marksFor(r));
        }
        if (!timeline.unattributed().isEmpty()) {
            rows.put(NO_RESOURCE, timeline.unattributed());
        }
        int height = TOP + rows.size() * ROW + AXIS;
        StringBuilder o = new StringBuilder(16 * 1024);
        o.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n");
        TimeAxis axis = new TimeAxis(t0, t1, 10);
        int bottom = TOP + rows.size() * ROW;
        for (int k = 0; k < axis.ticks().size(); k++) {
            double x = x(axis.ticks().get(k));
            o.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(bottom + 4).append("\"/>\n");
            o.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\">").append(axis.label(k)).append("</text>\n");
        }
        o.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(height - 2).append("\" text-anchor=\"end\">UTC</text>\n");
        int row = 0;
        for (Map.Entry<String, List<TimelineMark>> r : rows.entrySet()) {
            int y = TOP + row++ * ROW;
            o.append("<g class=\"row\" data-resource=\"").append(HtmlReport.esc(r.getKey())).append("\">");
            o.append("<rect class=\"row-bg\" x=\"0\" y=\"").append(y).append("\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(ROW).append("\"/>");
            o.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
                    .append(HtmlReport.esc(shorten(r.getKey()))).append("<title>").append(HtmlReport.esc(r.getKey()))
                    .append("</title></text>\n");
            spans(o, r.getValue(), y);
            for (TimelineMark m : r.getValue()) {
                mark(o, m, y);
            }
            o.append("</g>\n");
        }
        o.append("</svg>\n");
        return o.toString();
    }

    /** An impairment as a bar from its first mark to its last (to the end of the axis while it is open). */
    private void spans(StringBuilder o, List<TimelineMark> marks, int y) {
        Map<String, List<TimelineMark>> bySpan = new LinkedHashMap<>();
        for (TimelineMark m : marks) {
            if (m.span() != null) {
                bySpan.computeIfAbsent(m.span(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<TimelineMark>> s : bySpan.entrySet()) {
            List<TimelineMark> ends = s.getValue();
            TimelineMark last = ends.get(ends.size() - 1);
            boolean closed = last.kind() == TimelineMark.Kind.RESOLVED;
            double x0 = x(ends.get(0).time());
            double x1 = closed ? x(last.time()) : WIDTH - RIGHT;
            o.append("<rect class=\"span").append(closed ? "" : " open").append("\" x=\"").append(f(x0)).append("\" y=\"")
                    .append(y + 6).append("\" width=\"").append(f(Math.max(2, x1 - x0))).append("\" height=\"").append(ROW - 12)
                    .append("\"><title>").append(HtmlReport.esc(s.getKey())).append(closed ? "" : " (still open)")
                    .append("</title></rect>\n");
        }
    }

    private void mark(StringBuilder o, TimelineMark m, int y) {
        double x = x(m.time());
        TimelineMark.Kind k = m.kind();
        o.append("<g class=\"mark mark-").append(k.cssClass()).append("\" data-kind=\"").append(k.name()).append("\"><title>")
                .append(HtmlReport.esc(m.label())).append("</title>");
        if (k.isLine()) {
            o.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(y + 2)
                    .append("\" y2=\"").append(y + ROW - 2).append("\"/>");
        } else {
            int mid = y + ROW / 2;
            o.append("<path d=\"M").append(f(x)).append(',').append(mid - 6).append('L').append(f(x + 5)).append(',').append(mid)
                    .append('L').append(f(x)).append(',').append(mid + 6).append('L').append(f(x - 5)).append(',').append(mid)
                    .append("Z\"/>");
        }
        o.append("</g>\n");
    }

    private static String shorten(String resource) {
        return resource.length() <= 40 ? resource : "…" + resource.substring(resource.length() - 39);
    }

    private double x(long t) {
        return LABEL + (WIDTH - LABEL - RIGHT) * (double) (t - t0) / (t1 - t0);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

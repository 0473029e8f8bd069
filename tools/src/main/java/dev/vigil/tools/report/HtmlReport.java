package dev.vigil.tools.report;

import dev.vigil.actions.preview.PlannedAction;
import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline SVG and CSS, a few lines of script, no
 * network) with the summary table on top and a plot per series. The script only checks the
 * drawing: it marks each plot whose value line has a length, so a browser test can tell a report
 * that renders from one that merely parses.
 */
public final class HtmlReport {
    private static final String STYLE = "body{font:13px system-ui,sans-serif;margin:20px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}"
            + "svg.plot,svg.timeline{display:block;margin:4px 0 24px}svg text{font:11px system-ui,sans-serif;fill:#555}"
            + ".frame{fill:none;stroke:#bbb}.grid{stroke:#eee}.window{fill:#f5c542;fill-opacity:.28}"
            + ".band{fill:#3a7bd5;fill-opacity:.16;stroke:none}"
            + ".expected{fill:none;stroke:#3a7bd5;stroke-opacity:.6;stroke-dasharray:3 2}.values{fill:none;stroke:#222;stroke-width:1}"
            + ".score{fill:none;stroke:#8e44ad;stroke-width:1}.threshold{stroke:#8e44ad;stroke-dasharray:4 3;stroke-opacity:.7}"
            + "line.onset{stroke:#d62728;stroke-width:1.5}.mark line{stroke-width:1.5}.mark .faint{stroke-width:1;stroke-opacity:.35;"
            + "stroke-dasharray:2 3}.mark-opened-by-event line{stroke-dasharray:6 3}"
            + ".row-bg{fill:#fafafa}.row:nth-child(even) .row-bg{fill:#f2f2f2}.span{fill:#d62728;fill-opacity:.18}"
            + ".span.open{fill-opacity:.1}.legend span{margin-right:14px}" + markStyle();
    /**
     * The page's own check of its drawing, run after layout: marks each plot whose value line has
     * a length, and counts what was drawn (plots, score panels, time ticks, marks of each kind, in
     * the plots and in the timeline) on the body, so a browser test can tell a report that renders
     * from one that merely parses.
     */
    private static final String CHECK = "window.addEventListener('load',function(){var n=0,all=document.querySelectorAll('svg.plot');"
            + "all.forEach(function(svg){var p=svg.querySelector('path.values');var r=svg.getBoundingClientRect();"
            + "if(p&&p.getTotalLength()>0&&r.width>0&&r.height>0){svg.setAttribute('data-rendered','true');n++;}});"
            + "var b=document.body;b.setAttribute('data-plots',String(all.length));b.setAttribute('data-plots-rendered',String(n));"
            + "b.setAttribute('data-score-panels',String(document.querySelectorAll('svg.plot[data-score-panel=\\'true\\'] path.score').length));"
            + "function drawn(sel){var c=0;document.querySelectorAll(sel).forEach(function(e){var r=e.getBoundingClientRect();"
            + "if(r.width>0||r.height>0){c++;}});return c;}"
            + "b.setAttribute('data-time-ticks',String(drawn('svg.plot text.tick')));"
            + "['plot','timeline'].forEach(function(where){KINDS.forEach(function(k){b.setAttribute('data-'+where+'-marks-'+k,String(drawn('svg.'+where+' .mark-'+k)));});});});";

    /** Impairment records listed in the page; all of them are in impairments.jsonl. */
    static final int MAX_RECORDS = 2000;

    private HtmlReport() {}

    public static void write(ReplayResult r, String title, Path file) throws IOException {
        write(r, Collections.emptyList(), title, file);
    }

    /** With the actions a live run would take ({@code scripts/replay --actions}), also on each resource's timeline. */
    public static void write(ReplayResult r, List<PlannedAction> planned, String title, Path file) throws IOException {
        ReportActions actions = new ReportActions(r, planned);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
                    + STYLE + ReportActions.STYLE + "</style>\n<script>" + kindsArray() + CHECK + "</script></head>\n<body>\n<h1>" + esc(title) + "</h1>\n");
            summary(w, r);
            w.write(actions.table());
            if (!r.timeline().isEmpty()) {
                timeline(w, r);
            }
            w.write("<h2>Series</h2>\n<p class=\"legend\"><span>— value</span><span style=\"color:#3a7bd5\">▮ expected band</span>"
                    + "<span style=\"color:#8e44ad\">— anomaly score (lower panel, anomaly rules only; dashed: threshold)</span>"
                    + "<span style=\"color:#c9a21f\">▮ labelled window or segment</span>" + markLegend() + "</p>\n");
            int k = 0;
            for (SeriesTrace s : r.series()) {
                String id = "s" + k++;
                w.write("<h3 id=\"" + id + "-title\">" + esc(s.name()) + "</h3>\n");
                SvgPlot plot = new SvgPlot(s, r.timeline().marksFor(s.resourceId()));
                w.write(plot.svg(id, r.scoreThreshold()));
                w.write(actions.strip(id, s, plot));
            }
            w.write("</body></html>\n");
        }
    }

    /** Every resource's marks on one axis, and the dead letters whose bytes state no time. */
    private static void timeline(Writer w, ReplayResult r) throws IOException {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (SeriesTrace s : r.series()) {
            if (s.size() > 0) {
                from = Math.min(from, s.timestamps()[0]);
                to = Math.max(to, s.timestamps()[s.size() - 1]);
            }
        }
        if (from == Long.MAX_VALUE && !r.timeline().all().isEmpty()) {
            from = r.timeline().all().get(0).time();
            to = from;
        }
        w.write("<h2>Timeline</h2>\n<p class=\"legend\"><span style=\"color:#d62728\">▬ impairment open</span>" + markLegend()
                + "</p>\n");
        if (from != Long.MAX_VALUE) {
            w.write(new TimelineSvg(r.timeline(), from, to).svg());
        }
        List<DeadLetter> untimed = r.timeline().untimed();
        if (!untimed.isEmpty()) {
            w.write("<details><summary>dead letters that state no time (" + untimed.size() + ")</summary>\n<table><tr><th>reason</th>"
                    + "<th>message</th><th>original (start)</th></tr>\n");
            for (DeadLetter d : untimed) {
                String original = d.getOriginal() == null ? "" : new String(d.getOriginal(), StandardCharsets.UTF_8);
                w.write("<tr><td>" + esc(d.getReason().name().toLowerCase(Locale.ROOT)) + "</td><td>" + esc(d.getMessage()) + "</td><td>"
                        + esc(original.length() > 80 ? original.substring(0, 80) + "…" : original) + "</td></tr>\n");
            }
            w.write("</table></details>\n");
        }
    }

    private static String markLegend() {
        StringBuilder sb = new StringBuilder();
        for (TimelineMark.Kind k : TimelineMark.Kind.values()) {
            sb.append("<span style=\"color:").append(k.colour()).append("\">").append(k.isLine() ? "| " : "◆ ").append(esc(k.legend()))
                    .append("</span>");
        }
        return sb.toString();
    }

    /** Each kind's colour, from the kinds themselves: a new kind is styled without touching the CSS. */
    private static String markStyle() {
        StringBuilder sb = new StringBuilder();
        for (TimelineMark.Kind k : TimelineMark.Kind.values()) {
            sb.append(".mark-").append(k.cssClass()).append(" line{stroke:").append(k.colour()).append("}.mark-").append(k.cssClass())
                    .append(" path{fill:").append(k.colour()).append("}");
        }
        return sb.toString();
    }

    private static String kindsArray() {
        StringBuilder sb = new StringBuilder("var KINDS=[");
        for (TimelineMark.Kind k : TimelineMark.Kind.values()) {
            sb.append(k.ordinal() == 0 ? "" : ",").append('\'').append(k.cssClass()).append('\'');
        }
        return sb.append("];").toString();
    }

    private static void summary(Writer w, ReplayResult r) throws IOException {
        w.write("<h2>Summary</h2>\n<table><tr>");
        for (Map.Entry<String, Long> e : r.counts().entrySet()) {
            w.write("<th>" + esc(e.getKey()) + "</th>");
        }
        w.write("<th>series</th><th>impairment records</th><th>dead letters</th></tr>\n<tr>");
        for (Long v : r.counts().values()) {
            w.write("<td>" + v + "</td>");
        }
        w.write("<td>" + r.series().size() + "</td><td>" + r.impairments().size() + "</td><td>" + r.deadLetters().size()
                + "</td></tr></table>\n");
        if (r.total() != null) {
            w.write("<table id=\"nab\"><tr><th>file</th><th>standard</th><th>reward_low_FP_rate</th><th>reward_low_FN_rate</th>"
                    + "<th>windows detected</th><th>missed</th><th>false onsets</th><th>mean TTD rows</th><th>mean TTD min</th></tr>\n");
            row(w, "<b>total (NAB normalised)</b>", r.total().files(), r.total());
            int k = 0;
            for (SeriesTrace s : r.series()) {
                String id = "s" + k++;
                if (s.result() != null) {
                    row(w, "<a href=\"#" + id + "-title\">" + esc(s.name()) + "</a>", List.of(s.result()),
                            s.result().windowCount() == 0 ? null : new NabScorer.Total().add(s.result()));
                }
            }
            w.write("</table>\n");
        }
        if (r.events() != null) {
            w.write("<table id=\"events\"><tr><th>file</th><th>event F1</th><th>precision</th><th>recall</th>"
                    + "<th>segments detected</th><th>missed</th><th>false detections</th><th>mean delay (steps)</th></tr>\n");
            eventRow(w, "<b>total (pooled)</b>", r.events());
            int k = 0;
            for (SeriesTrace s : r.series()) {
                String id = "s" + k++;
                if (s.events() != null) {
                    eventRow(w, "<a href=\"#" + id + "-title\">" + esc(s.name()) + "</a>",
                            new EventF1Scorer.Total().add(s.events()));
                }
            }
            w.write("</table>\n");
        }
        if (!r.impairments().isEmpty()) {
            w.write("<details><summary>impairment records (" + r.impairments().size() + ")</summary>\n<table><tr><th>resource</th>"
                    + "<th>state</th><th>type</th><th>severity</th><th>first breach</th><th>detected</th><th>resolved</th><th>summary</th></tr>\n");
            int shown = 0;
            for (Impairment i : r.impairments()) {
                if (++shown > MAX_RECORDS) {
                    w.write("<tr><td colspan=\"8\">... " + (r.impairments().size() - MAX_RECORDS)
                            + " more in impairments.jsonl</td></tr>\n");
                    break;
                }
                w.write("<tr><td>" + esc(i.getResourceId()) + "</td><td>" + i.getState() + "</td><td>" + i.getType() + "</td><td>"
                        + i.getSeverity() + "</td><td>" + Instant.ofEpochMilli(i.getFirstBreachTime()) + "</td><td>"
                        + Instant.ofEpochMilli(i.getDetectionTime()) + "</td><td>"
                        + (i.getResolvedTime() == null ? "" : Instant.ofEpochMilli(i.getResolvedTime())) + "</td><td>"
                        + esc(i.getSummary()) + "</td></tr>\n");
            }
            w.write("</table></details>\n");
        }
    }

    private static void eventRow(Writer w, String label, EventF1Scorer.Total t) throws IOException {
        w.write(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d/%d</td><td>%d</td>"
                        + "<td>%d</td><td>%s</td></tr>%n", label, t.f1(), t.precision(), t.recall(), t.detected(), t.segments(),
                t.segments() - t.detected(), t.falseDetections(), fmt(t.meanDelaySteps())));
    }

    /** One row of the NAB table; {@code normalised} null for a file without windows (its score is raw only). */
    private static void row(Writer w, String label, List<NabScorer.FileResult> files, NabScorer.Total normalised)
            throws IOException {
        NabScorer.Total t = new NabScorer.Total();
        files.forEach(t::add);
        w.write("<tr><td>" + label + "</td>");
        for (NabScorer.Profile p : NabScorer.Profile.ALL) {
            w.write("<td>" + (normalised == null ? String.format(Locale.ROOT, "raw %.2f", t.raw(p))
                    : String.format(Locale.ROOT, "%.2f", normalised.normalised(p))) + "</td>");
        }
        w.write(String.format(Locale.ROOT, "<td>%d/%d</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>%n",
                t.windowsDetected(), t.windows(), t.windows() - t.windowsDetected(), t.falseOnsets(),
                fmt(ReplayResult.meanTimeToDetect(files, false)), fmt(ReplayResult.meanTimeToDetect(files, true))));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

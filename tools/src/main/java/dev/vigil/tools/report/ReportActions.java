package dev.vigil.tools.report;

import dev.vigil.actions.preview.PlannedAction;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The planned actions of a replay ({@code scripts/replay --actions}) in the report: a table of all,
 * and under each resource's plot a strip on the plot's time axis with a marker per action at the
 * event time of the record it was planned for (moved back by the series' replay shift, see
 * {@link SeriesTrace#replayShiftMs()}; green: a live run would do it; grey: skipped;
 * orange: a live run would fail), the action, target, status and reason in its tooltip.
 */
final class ReportActions {
    static final String STYLE = ".act-run{fill:#2ca02c;color:#2ca02c}.act-skip{fill:#999;color:#777}"
            + ".act-fail{fill:#e6550d;color:#e6550d}";
    private static final int HEIGHT = 26;

    private final List<PlannedAction> actions;
    /** Impairment id to the impaired resource: actions are shown where their impairment is, not their target. */
    private final Map<String, String> resourceOf = new HashMap<>();
    private final Map<String, List<PlannedAction>> byResource = new HashMap<>();

    ReportActions(ReplayResult r, List<PlannedAction> actions) {
        this.actions = actions;
        for (Impairment i : r.impairments()) {
            resourceOf.put(i.getId(), i.getResourceId());
        }
        for (PlannedAction a : actions) {
            byResource.computeIfAbsent(resource(a), k -> new ArrayList<>()).add(a);
        }
    }

    private String resource(PlannedAction a) {
        return resourceOf.getOrDefault(a.getImpairmentId(), String.valueOf(a.getAction().getResourceId()));
    }

    /** Every planned action, in the order a live run would consider them; empty without any. */
    String table() {
        if (actions.isEmpty()) {
            return "";
        }
        StringBuilder o = new StringBuilder("<details id=\"actions\"><summary>planned actions (").append(actions.size())
                .append("; no AWS called; under the plots \u25b2 green: would run, grey: skipped, orange: would fail)</summary>\n<table><tr><th>time</th><th>impaired resource</th><th>revision</th>"
                        + "<th>action</th><th>target</th><th>status</th><th>reason</th></tr>\n");
        for (PlannedAction a : actions) {
            o.append("<tr><td>").append(Instant.ofEpochMilli(a.getTime())).append("</td><td>")
                    .append(HtmlReport.esc(resource(a))).append("</td><td>").append(a.getRevision()).append("</td><td>")
                    .append(a.getAction().getType()).append("</td><td>").append(HtmlReport.esc(a.getAction().getResourceId()))
                    .append("</td><td class=\"").append(cls(a)).append("\">").append(a.getStatus()).append("</td><td>")
                    .append(HtmlReport.esc(a.getReason())).append("</td></tr>\n");
        }
        return o.append("</table></details>\n").toString();
    }

    /** The strip under one series' plot (named "resource (rule)"); empty when its resource got no actions. */
    String strip(String id, SeriesTrace s, SvgPlot plot) {
        int paren = s.name().lastIndexOf(" (");
        List<PlannedAction> mine = byResource.getOrDefault(paren < 0 ? s.name() : s.name().substring(0, paren),
                Collections.emptyList());
        if (mine.isEmpty()) {
            return "";
        }
        StringBuilder o = new StringBuilder("<svg class=\"actions\" id=\"").append(id)
                .append("-actions\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(SvgPlot.WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\">\n<text x=\"4\" y=\"16\">actions</text>\n");
        List<PlannedAction> drawn = new ArrayList<>(mine);
        // Records of one moment share a position: what would run or fail is drawn last, on top.
        drawn.sort(Comparator.comparingInt(a -> a.getStatus() == OutcomeStatus.SKIPPED ? 0 : 1));
        for (PlannedAction a : drawn) {
            double x = plot.xAt(a.getTime() - s.replayShiftMs());
            int top = a.getStatus() == OutcomeStatus.SKIPPED ? 12 : 6; // skipped ones are smaller
            o.append("<path class=\"").append(cls(a)).append("\" d=\"M").append(f(x - 5)).append(",20L").append(f(x))
                    .append(',').append(top).append('L').append(f(x + 5)).append(",20Z\"><title>")
                    .append(HtmlReport.esc(Instant.ofEpochMilli(a.getTime()) + " " + a.getStatus() + " "
                            + a.getAction().getType() + " " + a.getAction().getResourceId() + " (revision "
                            + a.getRevision() + "): " + a.getReason()))
                    .append("</title></path>\n");
        }
        return o.append("</svg>\n").toString();
    }

    private static String cls(PlannedAction a) {
        return a.getStatus() == OutcomeStatus.DRY_RUN ? "act-run" : a.getStatus() == OutcomeStatus.FAILED ? "act-fail"
                : "act-skip";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

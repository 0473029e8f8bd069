package dev.vigil.tools.report;

import java.util.Objects;

/**
 * One thing that happened at an instant on a resource's timeline: an impairment opening or
 * resolving, a health event, a dead letter. The report draws every mark on the resource's plots
 * and on the overview timeline, by its kind; a new kind of mark (planned recovery actions, say)
 * is a new {@link Kind} and a place that adds marks to the {@link Timeline}.
 */
public final class TimelineMark implements Comparable<TimelineMark> {
    /** What a mark is; each has its CSS class, colour and legend text, and how it is drawn. */
    public enum Kind {
        OPENED("opened", "#d62728", "impairment opened", true),
        OPENED_BY_EVENT("opened-by-event", "#d62728", "impairment opened by an event (dashed)", true),
        RESOLVED("resolved", "#2ca02c", "impairment resolved", true),
        EVENT("event", "#555555", "health event", false),
        DEAD_LETTER("dead-letter", "#ff7f0e", "dead letter", false);

        private final String cssClass;
        private final String colour;
        private final String legend;
        private final boolean line;

        Kind(String cssClass, String colour, String legend, boolean line) {
            this.cssClass = cssClass;
            this.colour = colour;
            this.legend = legend;
            this.line = line;
        }

        /** The mark's class in report.html ({@code mark-<name>}). */
        public String cssClass() {
            return cssClass;
        }

        /** #rrggbb, in the page and the PNGs alike. */
        public String colour() {
            return colour;
        }

        public String legend() {
            return legend;
        }

        /** True: a line across the plot (a lifecycle change); false: a tick along its top edge. */
        public boolean isLine() {
            return line;
        }
    }

    private final long time;
    private final Kind kind;
    private final String resourceId;
    private final String label;
    private final String span;

    /**
     * @param resourceId the resource it concerns; null when none is known (a dead letter that names none)
     * @param label      what a reader sees on hovering: what happened, in one line
     */
    public TimelineMark(long time, Kind kind, String resourceId, String label) {
        this(time, kind, resourceId, label, null);
    }

    /** @param span marks with the same span (an impairment's id) are drawn joined, from the first to the last */
    public TimelineMark(long time, Kind kind, String resourceId, String label, String span) {
        this.time = time;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.resourceId = resourceId;
        this.label = label == null ? "" : label;
        this.span = span;
    }

    public long time() {
        return time;
    }

    public Kind kind() {
        return kind;
    }

    /** Null when the mark concerns no known resource. */
    public String resourceId() {
        return resourceId;
    }

    public String label() {
        return label;
    }

    /** Null unless the mark is one end of a span (an impairment from OPEN to RESOLVED). */
    public String span() {
        return span;
    }

    @Override
    public int compareTo(TimelineMark o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : kind.compareTo(o.kind);
    }

    @Override
    public String toString() {
        return kind + "@" + time + " " + resourceId + " " + label;
    }
}

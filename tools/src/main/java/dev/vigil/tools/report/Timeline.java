package dev.vigil.tools.report;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened to each resource of a replay, in event time: its impairments opening (by a metric
 * or by an event) and resolving, the health events naming it, the dead letters that mention it.
 * The report draws these on the resource's plots and on the overview timeline; anything else that
 * belongs there (planned actions) is {@link #add}ed as marks of its own kind.
 */
public final class Timeline {
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d{10,16})");
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([0-9][0-9T:.+\\-Z]{9,40})\"");

    private final TreeMap<String, List<TimelineMark>> byResource = new TreeMap<>();
    private final List<TimelineMark> unattributed = new ArrayList<>();
    private final List<DeadLetter> untimed = new ArrayList<>();

    public static Timeline empty() {
        return new Timeline();
    }

    /**
     * @param knownResources resources the replay has series of: a dead letter whose bytes name one is
     *                       placed on it (best effort: the bytes failed to parse, after all)
     */
    public static Timeline of(List<Impairment> impairments, List<HealthEvent> events, List<DeadLetter> deadLetters,
                              Collection<String> knownResources) {
        Timeline t = new Timeline();
        for (Impairment i : impairments) {
            if (i.getState() == LifecycleState.OPEN) {
                t.add(new TimelineMark(i.getDetectionTime(), openedByEvent(i) ? TimelineMark.Kind.OPENED_BY_EVENT
                        : TimelineMark.Kind.OPENED, i.getResourceId(), describe(i), i.getId()));
            } else if (i.getState() == LifecycleState.RESOLVED && i.getResolvedTime() != null) {
                t.add(new TimelineMark(i.getResolvedTime(), TimelineMark.Kind.RESOLVED, i.getResourceId(), describe(i), i.getId()));
            }
        }
        for (HealthEvent e : events) {
            String label = e.getSource() + " " + e.getDetailType() + (e.getCode() == null ? "" : ": " + e.getCode())
                    + (e.getStatus() == null ? "" : " (" + e.getStatus() + ")") + " " + Instant.ofEpochMilli(e.getTime());
            for (String r : e.getAffectedResources()) {
                t.add(new TimelineMark(e.getTime(), TimelineMark.Kind.EVENT, r, label));
            }
        }
        TreeSet<String> known = new TreeSet<>(knownResources);
        known.addAll(t.byResource.keySet());
        for (DeadLetter d : deadLetters) {
            t.place(d, known);
        }
        return t;
    }

    /** Opened with only events as evidence: no series of the resource had breached. */
    static boolean openedByEvent(Impairment i) {
        Evidence[] evidence = i.getEvidence();
        if (evidence.length == 0) {
            return false;
        }
        for (Evidence e : evidence) {
            if (e.getKind() != EvidenceKind.EVENT) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Impairment i) {
        return i.getState() + " " + i.getType() + " " + i.getSeverity() + " " + i.getId() + " "
                + Instant.ofEpochMilli(i.getState() == LifecycleState.RESOLVED ? i.getResolvedTime() : i.getDetectionTime())
                + (i.getSummary() == null ? "" : ": " + i.getSummary());
    }

    /** Adds a mark; one without a resource goes on the timeline's own row. */
    public Timeline add(TimelineMark m) {
        if (m.resourceId() == null) {
            unattributed.add(m);
            Collections.sort(unattributed);
        } else {
            List<TimelineMark> marks = byResource.computeIfAbsent(m.resourceId(), r -> new ArrayList<>());
            marks.add(m);
            Collections.sort(marks);
        }
        return this;
    }

    /** A dead letter at the time its bytes state (if they state one), on the resource they name (if any). */
    private void place(DeadLetter d, TreeSet<String> known) {
        String text = d.getOriginal() == null ? "" : new String(d.getOriginal(), StandardCharsets.UTF_8);
        Long time = timeIn(text);
        if (time == null) {
            untimed.add(d);
            return;
        }
        String resource = null;
        for (String r : known) {
            if (text.contains(r) && (resource == null || r.length() > resource.length())) {
                resource = r;
            }
        }
        add(new TimelineMark(time, TimelineMark.Kind.DEAD_LETTER, resource, d.getReason().name().toLowerCase(java.util.Locale.ROOT)
                + ": " + d.getMessage()));
    }

    static Long timeIn(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (m.find()) {
            long v = Long.parseLong(m.group(1));
            return v < 100_000_000_000L ? v * 1000 : v; // seconds or milliseconds
        }
        m = TIME.matcher(text);
        if (m.find()) {
            try {
                return Instant.parse(m.group(1)).toEpochMilli();
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
        return null;
    }

    /** The resource's marks in time order; empty for a resource with none (or null). */
    public List<TimelineMark> marksFor(String resourceId) {
        List<TimelineMark> m = resourceId == null ? null : byResource.get(resourceId);
        return m == null ? Collections.emptyList() : Collections.unmodifiableList(m);
    }

    /** Resources with marks, sorted. */
    public List<String> resources() {
        return new ArrayList<>(byResource.keySet());
    }

    /** Marks that concern no known resource (dead letters naming none). */
    public List<TimelineMark> unattributed() {
        return Collections.unmodifiableList(unattributed);
    }

    /** Dead letters whose bytes state no time: listed, not drawn. */
    public List<DeadLetter> untimed() {
        return Collections.unmodifiableList(untimed);
    }

    public boolean isEmpty() {
        return byResource.isEmpty() && unattributed.isEmpty() && untimed.isEmpty();
    }

    /** Every mark, resource by resource, then the unattributed ones. */
    public List<TimelineMark> all() {
        List<TimelineMark> all = new ArrayList<>();
        for (Map.Entry<String, List<TimelineMark>> e : byResource.entrySet()) {
            all.addAll(e.getValue());
        }
        all.addAll(unattributed);
        return all;
    }
}

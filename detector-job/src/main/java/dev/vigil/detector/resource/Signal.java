package dev.vigil.detector.resource;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.Objects;

/**
 * One cause's say about a resource at an event time: a rule's series (already through its own
 * M-of-N and healthy-threshold hysteresis) or a health event. {@code key} identifies the cause,
 * so a later signal with the same key replaces or clears it.
 */
public final class Signal {
    private final String key;
    private final boolean firing;
    private final long firstBreachTime;
    private final ImpairmentType type;
    private final Severity severity;
    private final Evidence evidence;
    private final ActionType[] actions;

    public Signal(String key, boolean firing, long firstBreachTime, ImpairmentType type, Severity severity,
                  Evidence evidence, ActionType... actions) {
        this.key = Objects.requireNonNull(key, "key");
        this.firing = firing;
        this.firstBreachTime = firstBreachTime;
        this.type = type;
        this.severity = severity;
        this.evidence = evidence;
        this.actions = actions == null ? new ActionType[0] : actions;
    }

    /** A cause that stopped firing: it counts toward resolving the impairment. */
    public static Signal clear(String key) {
        return new Signal(key, false, 0, null, null, null);
    }

    public String key() {
        return key;
    }

    public boolean firing() {
        return firing;
    }

    /** Event time of the first breaching datapoint or of the event. */
    public long firstBreachTime() {
        return firstBreachTime;
    }

    public ImpairmentType type() {
        return type;
    }

    public Severity severity() {
        return severity;
    }

    public Evidence evidence() {
        return evidence;
    }

    public ActionType[] actions() {
        return actions;
    }
}

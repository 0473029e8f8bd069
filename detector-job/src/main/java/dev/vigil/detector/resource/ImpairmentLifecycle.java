package dev.vigil.detector.resource;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The impairment lifecycle of one resource: HEALTHY until any cause fires (OPEN), UPDATE when the
 * set of causes, the severity, the first breach or what AWS is already doing about it changes,
 * RESOLVED once no cause fires any more.
 *
 * <p>What a record states holds for the impairment's whole life: its {@code type} is the type of
 * the cause that opened it (the most severe at that instant), whatever joins or leaves later;
 * severity follows the worst cause firing now. Its {@code firstBreachTime} is the earliest breach
 * among its causes: at OPEN also a series whose breaching run has not reached M of N yet (the
 * breach started before the event that opened it), later any cause that joins with an earlier
 * breach. The id is fixed at OPEN, so it does not move with the first breach.
 *
 * <p>Flapping is absorbed upstream: a rule's signal keeps firing until its series has had
 * healthyThreshold consecutive good evaluations (and its keep-firing time has passed), so a
 * series oscillating around its threshold keeps one impairment open instead of opening dozens.
 * Plain Java; the Flink function holds an instance per resource in keyed state.
 */
public final class ImpairmentLifecycle {
    private final ResourceKey key;
    private final String resourceId;
    private String resourceType;

    /** Firing causes by key; sorted so evidence order and ids do not depend on arrival order. */
    final TreeMap<String, Signal> firing = new TreeMap<>();
    final Recoveries recoveries = new Recoveries();
    Impairment current;
    /** Id of the last impairment, so that an episode with the same first breach still gets an id of its own. */
    String previousId;
    /** When the resource went (an instance Auto Scaling terminated); Long.MIN_VALUE while it is there. */
    long goneAt = Long.MIN_VALUE;

    public ImpairmentLifecycle(ResourceKey key, String resourceType) {
        this.key = key;
        this.resourceId = key.resourceId();
        this.resourceType = resourceType;
    }

    /** True while an impairment is open. */
    public boolean isOpen() {
        return current != null;
    }

    /** The last record emitted for the open impairment; null when healthy. */
    public Impairment current() {
        return current;
    }

    /** Keys of the causes firing now. */
    public List<String> firingKeys() {
        return new ArrayList<>(firing.keySet());
    }

    /** The recoveries AWS runs on the resource now; change them, then {@link #refresh} or {@link #apply}. */
    public Recoveries recoveries() {
        return recoveries;
    }

    /** Learns the resource type (from a rule or an event) when it was not known yet. */
    public void knowResourceType(String type) {
        if (resourceType == null) {
            resourceType = type;
        }
    }

    /**
     * The resource is gone (e.g. Auto Scaling replaced the instance): every cause clears at once,
     * every recovery has ended, and the impairment resolves in one record. Null when nothing was open.
     */
    public Impairment resolveAll(long eventTime, long emitTime) {
        firing.clear();
        recoveries.clear();
        return current == null ? null : resolve(eventTime, emitTime);
    }

    /** Remembers that the resource went at {@code time} (its ids are never used again); see {@link #goneAt}. */
    public void markGone(long time) {
        goneAt = Math.max(goneAt, time);
    }

    /** When the resource went, or Long.MIN_VALUE. */
    public long goneAt() {
        return goneAt;
    }

    /** Forgets that it went (its last datapoints can no longer come). */
    public void forgetGone() {
        goneAt = Long.MIN_VALUE;
    }

    private Impairment resolve(long eventTime, long emitTime) {
        Impairment resolved = ImpairmentRecords.resolved(current, eventTime)
                .resource(resourceId, resourceType)
                .awsRecovering(recoveries.toArray())
                .emitTime(emitTime)
                .build();
        previousId = current.getId();
        current = null;
        return resolved;
    }

    /** As {@link #apply(Signal, long, long, long)} with no breaching run outside the causes. */
    public Impairment apply(Signal signal, long eventTime, long emitTime) {
        return apply(signal, eventTime, emitTime, Long.MAX_VALUE);
    }

    /**
     * Applies a signal at event time {@code eventTime}; returns the lifecycle record to emit, or
     * null when nothing a consumer cares about changed (recoveries changed since the last record
     * count as a change).
     *
     * @param runStart start of the earliest breaching run among the resource's series that are not
     *                 firing yet (Long.MAX_VALUE for none): when this signal opens the impairment,
     *                 the breach began there
     */
    public Impairment apply(Signal signal, long eventTime, long emitTime, long runStart) {
        Set<String> before = new LinkedHashSet<>(firing.keySet());
        Severity severityBefore = maxSeverity();
        if (signal.firing()) {
            firing.put(signal.key(), signal);
        } else {
            firing.remove(signal.key());
        }
        if (current == null) {
            return firing.isEmpty() ? null : open(Math.min(earliestCause(), runStart), eventTime, emitTime);
        }
        if (firing.isEmpty()) {
            return resolve(eventTime, emitTime);
        }
        long first = signal.firing() ? Math.min(current.getFirstBreachTime(), signal.firstBreachTime())
                : current.getFirstBreachTime();
        boolean changed = !before.equals(firing.keySet()) || severityBefore != maxSeverity()
                || first != current.getFirstBreachTime() || !recoveries.sameAs(current.getAwsRecovering());
        return changed ? update(first, emitTime) : null;
    }

    /** After the recoveries changed with no cause changing: an UPDATE saying so, or null. */
    public Impairment refresh(long emitTime) {
        if (current == null || recoveries.sameAs(current.getAwsRecovering())) {
            return null;
        }
        return update(current.getFirstBreachTime(), emitTime);
    }

    private Impairment open(long firstBreach, long eventTime, long emitTime) {
        String id = ImpairmentRecords.idFor(key.key(), firstBreach);
        if (id.equals(previousId)) {
            // The last episode began at the same instant (a run it counted fired after it resolved).
            id = ImpairmentRecords.idFor(key.key() + "#" + eventTime, firstBreach);
        }
        current = build(ImpairmentRecords.opened(id, firstBreach, eventTime), leadSignal().type(), emitTime);
        return current;
    }

    private Impairment update(long firstBreach, long emitTime) {
        current = build(ImpairmentRecords.updated(current).firstBreachTime(firstBreach), current.getType(), emitTime);
        return current;
    }

    /** The record's content from the causes firing now, under the type fixed at OPEN. */
    private Impairment build(Impairment.Builder b, ImpairmentType type, long emitTime) {
        Signal lead = leadSignal();
        Set<ActionType> actions = new LinkedHashSet<>();
        Evidence[] evidence = new Evidence[firing.size()];
        int i = 0;
        for (Signal s : firing.values()) {
            evidence[i++] = s.evidence();
        }
        // The most severe cause's actions first: it decides what recovery should try first.
        actions.addAll(Arrays.asList(lead.actions()));
        for (Signal s : firing.values()) {
            actions.addAll(Arrays.asList(s.actions()));
        }
        return b.resource(resourceId, resourceType).location(key.account(), key.region())
                .type(type).severity(maxSeverity())
                .summary(type + " on " + resourceId + " (" + String.join(", ", firing.keySet()) + ")")
                .evidence(evidence).recommendedActions(actions.toArray(new ActionType[0]))
                .awsRecovering(recoveries.toArray())
                .emitTime(emitTime).build();
    }

    private long earliestCause() {
        long first = Long.MAX_VALUE;
        for (Signal s : firing.values()) {
            first = Math.min(first, s.firstBreachTime());
        }
        return first;
    }

    /** The most severe firing cause; ties go to the first key, so the choice is deterministic. */
    private Signal leadSignal() {
        Signal lead = null;
        for (Map.Entry<String, Signal> e : firing.entrySet()) {
            if (lead == null || e.getValue().severity().compareTo(lead.severity()) > 0) {
                lead = e.getValue();
            }
        }
        return lead;
    }

    private Severity maxSeverity() {
        Signal lead = firing.isEmpty() ? null : leadSignal();
        return lead == null ? null : lead.severity();
    }

    /** Writes the current layout (see {@link LifecycleCodec}). */
    public void writeTo(DataOutput out) throws IOException {
        LifecycleCodec.write(this, out);
    }

    /** Reads what {@link #writeTo} wrote, or the layout of resource state version {@code version}. */
    public void readFrom(DataInput in, int version) throws IOException {
        LifecycleCodec.read(this, in, version);
    }
}

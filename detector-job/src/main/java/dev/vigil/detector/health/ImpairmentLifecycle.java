package dev.vigil.detector.health;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;

import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The impairment lifecycle of one resource: HEALTHY until any cause fires (OPEN), UPDATE when the
 * set of causes or the severity changes, RESOLVED once no cause fires any more.
 *
 * <p>Flapping is absorbed upstream: a rule's signal keeps firing until its series has had
 * healthyThreshold consecutive good evaluations (and its keep-firing time has passed), so a
 * series oscillating around its threshold keeps one impairment open instead of opening dozens.
 * Plain Java; the Flink function holds an instance per resource in keyed state.
 */
public final class ImpairmentLifecycle {
    private final String resourceKey;
    private final String resourceId;
    private final String resourceType;
    private final String account;
    private final String region;

    /** Firing causes by key; sorted so evidence order and ids do not depend on arrival order. */
    private final TreeMap<String, Signal> firing = new TreeMap<>();
    private Impairment current;

    public ImpairmentLifecycle(String resourceKey, String resourceId, String resourceType, String account, String region) {
        this.resourceKey = resourceKey;
        this.resourceId = resourceId;
        this.resourceType = resourceType;
        this.account = account;
        this.region = region;
    }

    /** True while an impairment is open. */
    public boolean isOpen() {
        return current != null;
    }

    /**
     * The resource is gone (e.g. Auto Scaling replaced the instance): every cause clears at once
     * and the impairment resolves in one record. Null when nothing was open.
     */
    public Impairment resolveAll(long eventTime, long emitTime) {
        firing.clear();
        return current == null ? null : resolve(eventTime, emitTime);
    }

    private Impairment resolve(long eventTime, long emitTime) {
        Impairment resolved = current.toBuilder()
                .revision(current.getRevision() + 1)
                .state(LifecycleState.RESOLVED)
                .resolvedTime(eventTime)
                .emitTime(emitTime)
                .build();
        current = null;
        return resolved;
    }

    /** Keys of the causes firing now. */
    public List<String> firingKeys() {
        return new ArrayList<>(firing.keySet());
    }

    /**
     * Writes the open impairment and its causes. Only impaired resources have any, so the
     * records go as JSON: compact enough, and readable in a state dump.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(current != null);
        if (current != null) {
            writeBytes(out, Json.toBytes(current));
        }
        out.writeInt(firing.size());
        for (Signal s : firing.values()) {
            out.writeUTF(s.key());
            out.writeLong(s.firstBreachTime());
            out.writeByte(s.type().ordinal());
            out.writeByte(s.severity().ordinal());
            writeBytes(out, s.evidence() == null ? new byte[0] : Json.toBytes(s.evidence()));
            out.writeByte(s.actions().length);
            for (ActionType a : s.actions()) {
                out.writeByte(a.ordinal());
            }
        }
    }

    public void readFrom(DataInput in) throws IOException {
        firing.clear();
        current = in.readBoolean() ? Json.fromBytes(readBytes(in), Impairment.class) : null;
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long firstBreach = in.readLong();
            ImpairmentType type = ImpairmentType.values()[in.readByte()];
            Severity severity = Severity.values()[in.readByte()];
            byte[] ev = readBytes(in);
            Evidence evidence = ev.length == 0 ? null : Json.fromBytes(ev, Evidence.class);
            ActionType[] actions = new ActionType[in.readByte()];
            for (int k = 0; k < actions.length; k++) {
                actions[k] = ActionType.values()[in.readByte()];
            }
            firing.put(key, new Signal(key, true, firstBreach, type, severity, evidence, actions));
        }
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** The last record emitted for the open impairment; null when healthy. */
    public Impairment current() {
        return current;
    }

    /**
     * Applies a signal at event time {@code eventTime}; returns the lifecycle record to emit, or
     * null when nothing a consumer cares about changed.
     */
    public Impairment apply(Signal signal, long eventTime, long emitTime) {
        Set<String> before = new LinkedHashSet<>(firing.keySet());
        Severity severityBefore = maxSeverity();
        if (signal.firing()) {
            firing.put(signal.key(), signal);
        } else {
            firing.remove(signal.key());
        }
        if (current == null) {
            if (firing.isEmpty()) {
                return null;
            }
            long firstBreach = signal.firstBreachTime();
            current = build(Impairment.builder()
                    .id(idFor(resourceKey, firstBreach))
                    .revision(0)
                    .state(LifecycleState.OPEN)
                    .firstBreachTime(firstBreach)
                    .detectionTime(eventTime), emitTime);
            return current;
        }
        if (firing.isEmpty()) {
            return resolve(eventTime, emitTime);
        }
        boolean changed = !before.equals(firing.keySet()) || severityBefore != maxSeverity();
        if (!changed) {
            return null;
        }
        current = build(current.toBuilder().revision(current.getRevision() + 1).state(LifecycleState.UPDATE), emitTime);
        return current;
    }

    private Impairment build(Impairment.Builder b, long emitTime) {
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
        return b.resource(resourceId, resourceType).location(account, region)
                .type(lead.type()).severity(maxSeverity())
                .summary(lead.type() + " on " + resourceId + " (" + String.join(", ", firing.keySet()) + ")")
                .evidence(evidence).recommendedActions(actions.toArray(new ActionType[0]))
                .emitTime(emitTime).build();
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

    /** Same resource, same first breach: same id, whichever run or restart computes it. */
    public static String idFor(String resourceKey, long firstBreachTime) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((resourceKey + "|" + firstBreachTime).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("imp-");
            for (int i = 0; i < 12; i++) {
                sb.append(String.format("%02x", h[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

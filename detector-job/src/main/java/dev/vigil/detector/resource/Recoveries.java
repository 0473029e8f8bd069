package dev.vigil.detector.resource;

import dev.vigil.schemas.AwsRecovery;
import dev.vigil.schemas.AwsRecoveryKind;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The recoveries AWS is running on one resource now, as events told: a database failover, an Auto
 * Scaling replacement, an instance stopping, a scheduled retirement. Kept whether or not the
 * resource is impaired (a failover may start before any metric breaches), until the event that
 * ends it. One per kind, except scheduled changes, which AWS Health reports one per event type
 * code and closes one by one.
 */
public final class Recoveries {
    private static final AwsRecovery[] NONE = new AwsRecovery[0];

    /** By slot: the kind's name, plus the code for scheduled changes. Sorted, so records list them in one order. */
    private final TreeMap<String, AwsRecovery> ongoing = new TreeMap<>();

    /** An event that ends recoveries of one kind: every one, or only the one started with {@code code}. */
    public static final class Ending {
        final AwsRecoveryKind kind;
        final String code;

        private Ending(AwsRecoveryKind kind, String code) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.code = code;
        }

        public static Ending all(AwsRecoveryKind kind) {
            return new Ending(kind, null);
        }

        public static Ending only(AwsRecoveryKind kind, String code) {
            return new Ending(kind, code);
        }

        @Override
        public String toString() {
            return code == null ? kind.name() : kind + "(" + code + ")";
        }
    }

    private static String slot(AwsRecoveryKind kind, String code) {
        return kind == AwsRecoveryKind.INSTANCE_RETIREMENT ? kind.name() + "|" + code : kind.name();
    }

    /**
     * A recovery started. A second start of one already under way (failover restarted, stopping
     * then stopped) keeps the first: {@code since} says when AWS began.
     *
     * @return true when something changed
     */
    public boolean start(AwsRecovery r) {
        return ongoing.putIfAbsent(slot(r.getKind(), r.getCode()), r) == null;
    }

    /** @return true when a recovery ended */
    public boolean end(Ending e) {
        if (e.code != null) {
            return ongoing.remove(slot(e.kind, e.code)) != null;
        }
        boolean changed = false;
        Iterator<AwsRecovery> it = ongoing.values().iterator();
        while (it.hasNext()) {
            if (it.next().getKind() == e.kind) {
                it.remove();
                changed = true;
            }
        }
        return changed;
    }

    /** @return true when something changed */
    public boolean apply(AwsRecovery starts, List<Ending> ends) {
        boolean changed = false;
        for (Ending e : ends) {
            changed |= end(e);
        }
        if (starts != null) {
            changed |= start(starts);
        }
        return changed;
    }

    public void clear() {
        ongoing.clear();
    }

    public boolean isEmpty() {
        return ongoing.isEmpty();
    }

    /** What a record says: the ongoing recoveries in slot order. */
    public AwsRecovery[] toArray() {
        return ongoing.isEmpty() ? NONE : ongoing.values().toArray(NONE);
    }

    /** True when {@code shown} (a record's field) lists exactly what is ongoing. */
    public boolean sameAs(AwsRecovery[] shown) {
        return Arrays.equals(toArray(), shown == null ? NONE : shown);
    }

    /** Start of the latest ongoing recovery; Long.MIN_VALUE when none. */
    public long latestSince() {
        long latest = Long.MIN_VALUE;
        for (AwsRecovery r : ongoing.values()) {
            latest = Math.max(latest, r.getSince());
        }
        return latest;
    }

    /**
     * Forgets recoveries that started before {@code before}: an end event AWS never sent must not
     * keep a healthy resource's state alive for ever. Only called while nothing is impaired.
     */
    public void expire(long before) {
        ongoing.values().removeIf(r -> r.getSince() < before);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeShort(ongoing.size());
        for (AwsRecovery r : ongoing.values()) {
            out.writeUTF(r.getKind().name());
            writeNullable(out, r.getEventId());
            writeNullable(out, r.getSource());
            writeNullable(out, r.getCode());
            out.writeLong(r.getSince());
        }
    }

    void readFrom(DataInput in) throws IOException {
        ongoing.clear();
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            AwsRecoveryKind kind = AwsRecoveryKind.valueOf(in.readUTF());
            String eventId = readNullable(in);
            String source = readNullable(in);
            String code = readNullable(in);
            start(new AwsRecovery(kind, eventId, source, code, in.readLong()));
        }
    }

    static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

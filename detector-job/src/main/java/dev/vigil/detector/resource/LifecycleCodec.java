package dev.vigil.detector.resource;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The lifecycle's part of a resource's state bytes. Only impaired resources (or those AWS is
 * recovering) have more than a flags byte and a count, so the records go as JSON: compact enough,
 * and readable in a state dump.
 *
 * <p>Layout of resource state version 3: flags (1 open impairment, 2 previous id, 4 recoveries,
 * 8 gone), the open impairment's JSON, the previous id, the recoveries, when the resource went,
 * then the firing causes with enums by name. (Flag 8 came later within the same layout: it is set
 * only for the few minutes after an instance's termination, and bytes without it read as before.) Version 2 (up to commit 545e0e3) had the open impairment, then the causes with enums
 * as ordinals, no previous id and no recoveries; it is read with the ordinals of that release.
 */
final class LifecycleCodec {
    private static final int CURRENT = 1;
    private static final int PREVIOUS_ID = 2;
    private static final int RECOVERIES = 4;
    private static final int GONE = 8;

    /** The enums' order in the release that wrote version 2 (ordinals were its format). */
    private static final String[] V2_TYPES = {"INSTANCE_FAILURE", "SERVICE_DEGRADATION", "NETWORK",
            "RESOURCE_EXHAUSTION", "APPLICATION_ERROR", "DATABASE", "ZONE", "FLEET"};
    private static final String[] V2_SEVERITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
    private static final String[] V2_ACTIONS = {"REPLACE_INSTANCE", "REBOOT_INSTANCE", "SCALE_OUT", "FAILOVER_DNS",
            "FAILBACK_DNS", "FAILOVER_DATABASE", "RESTART_SERVICE", "DEREGISTER_TARGET", "ZONAL_SHIFT", "NOTIFY"};

    private LifecycleCodec() {}

    static void write(ImpairmentLifecycle l, DataOutput out) throws IOException {
        int flags = (l.current != null ? CURRENT : 0) | (l.previousId != null ? PREVIOUS_ID : 0)
                | (l.recoveries.isEmpty() ? 0 : RECOVERIES) | (l.goneAt != Long.MIN_VALUE ? GONE : 0);
        out.writeByte(flags);
        if (l.current != null) {
            writeBytes(out, Json.toBytes(l.current));
        }
        if (l.previousId != null) {
            out.writeUTF(l.previousId);
        }
        if (!l.recoveries.isEmpty()) {
            l.recoveries.writeTo(out);
        }
        if (l.goneAt != Long.MIN_VALUE) {
            out.writeLong(l.goneAt);
        }
        out.writeShort(l.firing.size());
        for (Signal s : l.firing.values()) {
            out.writeUTF(s.key());
            out.writeLong(s.firstBreachTime());
            out.writeUTF(s.type().name());
            out.writeUTF(s.severity().name());
            writeBytes(out, s.evidence() == null ? new byte[0] : Json.toBytes(s.evidence()));
            out.writeByte(s.actions().length);
            for (ActionType a : s.actions()) {
                out.writeUTF(a.name());
            }
        }
    }

    static void read(ImpairmentLifecycle l, DataInput in, int version) throws IOException {
        l.firing.clear();
        l.recoveries.clear();
        l.previousId = null;
        l.goneAt = Long.MIN_VALUE;
        if (version == 2) {
            readV2(l, in);
            return;
        }
        int flags = in.readUnsignedByte();
        l.current = (flags & CURRENT) != 0 ? Json.fromBytes(readBytes(in), Impairment.class) : null;
        if ((flags & PREVIOUS_ID) != 0) {
            l.previousId = in.readUTF();
        }
        if ((flags & RECOVERIES) != 0) {
            l.recoveries.readFrom(in);
        }
        if ((flags & GONE) != 0) {
            l.goneAt = in.readLong();
        }
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long firstBreach = in.readLong();
            ImpairmentType type = ImpairmentType.valueOf(in.readUTF());
            Severity severity = Severity.valueOf(in.readUTF());
            Evidence evidence = evidence(readBytes(in));
            ActionType[] actions = new ActionType[in.readUnsignedByte()];
            for (int k = 0; k < actions.length; k++) {
                actions[k] = ActionType.valueOf(in.readUTF());
            }
            l.firing.put(key, new Signal(key, true, firstBreach, type, severity, evidence, actions));
        }
    }

    private static void readV2(ImpairmentLifecycle l, DataInput in) throws IOException {
        l.current = in.readBoolean() ? Json.fromBytes(readBytes(in), Impairment.class) : null;
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long firstBreach = in.readLong();
            ImpairmentType type = ImpairmentType.valueOf(V2_TYPES[in.readByte()]);
            Severity severity = Severity.valueOf(V2_SEVERITIES[in.readByte()]);
            Evidence evidence = evidence(readBytes(in));
            ActionType[] actions = new ActionType[in.readByte()];
            for (int k = 0; k < actions.length; k++) {
                actions[k] = ActionType.valueOf(V2_ACTIONS[in.readByte()]);
            }
            l.firing.put(key, new Signal(key, true, firstBreach, type, severity, evidence, actions));
        }
    }

    private static Evidence evidence(byte[] json) {
        return json.length == 0 ? null : Json.fromBytes(json, Evidence.class);
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** Larger than any record the lifecycle keeps: a length beyond it is damage, not a record. */
    private static final int MAX_RECORD_BYTES = 16 << 20;

    private static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        // Checked before allocating: damaged or misaligned bytes must fail the read, not exhaust the heap.
        if (n < 0 || n > MAX_RECORD_BYTES || (in instanceof java.io.DataInputStream && n > ((java.io.DataInputStream) in).available())
                || (in instanceof StateInput && n > ((StateInput) in).available())) {
            throw new IOException("lifecycle record of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}

package dev.vigil.detector.resource;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Json;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A resource's state bytes. Layout: version, a string table (the rule ids and dimension values this
 * resource uses, each once; the resource id itself is entry 0 and never written), the resource
 * type by reference, the newest datapoint's time, then the series by reference, the lifecycle
 * ({@link LifecycleCodec}) and the queued events (JSON). This runs on every datapoint (RocksDB
 * state is bytes either way), so it avoids per-series key strings and {@code writeUTF}'s
 * char-by-char encoding.
 */
final class ResourceCodec {
    /**
     * 2: series stored as rule and dimension values through a per-resource string table.
     * 3: the lifecycle also keeps AWS's ongoing recoveries and the previous impairment's id, and
     * writes its enums by name (LifecycleCodec); version 2 is still read.
     */
    private static final int VERSION = 3;
    private static final int VERSION_ENUMS_BY_ORDINAL = 2;

    private ResourceCodec() {}

    static void write(ResourceDetector d, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        StateStrings strings = new StateStrings(d.key().resourceId());
        int[] refs = new int[d.series().size() * 4];
        int r = 0;
        int typeRef = strings.ref(d.resourceType());
        for (WatchedSeries s : d.series()) {
            if (r + 1 + s.values.length > refs.length) {
                refs = Arrays.copyOf(refs, (r + 1 + s.values.length) * 2);
            }
            refs[r++] = strings.ref(s.rule.id());
            for (String v : s.values) {
                refs[r++] = strings.ref(v);
            }
        }
        strings.writeTable(out);
        StateStrings.writeVarInt(out, typeRef);
        out.writeLong(d.lastDataMs());
        StateStrings.writeVarInt(out, d.series().size());
        r = 0;
        for (WatchedSeries s : d.series()) {
            StateStrings.writeVarInt(out, refs[r++]);
            StateStrings.writeVarInt(out, s.values.length);
            for (int i = 0; i < s.values.length; i++) {
                StateStrings.writeVarInt(out, refs[r++]);
            }
            s.writeTo(out);
        }
        d.lifecycle().writeTo(out);
        StateStrings.writeVarInt(out, d.pendingEvents().size());
        for (HealthEvent e : d.pendingEvents()) {
            byte[] json = Json.toBytes(e);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    static ResourceDetector read(ResourceKey key, RuleSet rules, DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != VERSION_ENUMS_BY_ORDINAL) {
            throw new IOException("unsupported resource state version " + version);
        }
        String[] strings = StateStrings.readTable(in, key.resourceId());
        String type = strings[StateStrings.readVarInt(in)];
        ResourceDetector d = new ResourceDetector(key, type);
        d.restoreLastData(in.readLong());
        int n = StateStrings.readVarInt(in);
        for (int k = 0; k < n; k++) {
            String ruleId = strings[StateStrings.readVarInt(in)];
            String[] values = new String[StateStrings.readVarInt(in)];
            for (int i = 0; i < values.length; i++) {
                values[i] = strings[StateStrings.readVarInt(in)];
            }
            Rule rule = rules.get(ruleId);
            if (rule == null) {
                throw new IOException("state names rule '" + ruleId + "' which the rule set no longer has");
            }
            d.series().restore(WatchedSeries.readFrom(rule, values, in));
        }
        d.lifecycle().readFrom(in, version);
        int pending = StateStrings.readVarInt(in);
        for (int i = 0; i < pending; i++) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            d.pendingEvents().add(Json.fromBytes(json, HealthEvent.class));
        }
        return d;
    }
}

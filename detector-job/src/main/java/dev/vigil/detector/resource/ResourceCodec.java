package dev.vigil.detector.resource;

import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Json;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A resource's state bytes. Layout 4: version, a string table (the rule ids and dimension values
 * this resource uses, each once; the resource id itself is entry 0 and never written), the
 * resource type by reference, the newest datapoint's time, then per series its rule and values by
 * reference, its {@link SeriesShape} and its bytes with their length; the lifecycle
 * ({@link LifecycleCodec}) with its length; the queued events (JSON). This runs on every datapoint
 * (RocksDB state is bytes either way), so it avoids per-series key strings and
 * {@code writeUTF}'s char-by-char encoding. Every released layout is read by
 * {@link ResourceStateReader}.
 *
 * <p>Versions: 2, series stored as rule and dimension values through a per-resource string table;
 * 3, the lifecycle also keeps AWS's ongoing recoveries and the previous impairment's id, and writes
 * its enums by name; 4, each series carries the shape it was written under and its length, the
 * lifecycle its length, so the series of a removed or changed rule is skipped or restarted alone.
 */
final class ResourceCodec {
    static final int VERSION = 4;

    private ResourceCodec() {}

    /** The resource is written here first, then to the caller's output at once; one per thread. */
    private static final ThreadLocal<StateOutput> SCRATCH = ThreadLocal.withInitial(() -> new StateOutput(1024));

    static void write(ResourceDetector d, DataOutput target) throws IOException {
        StateOutput out = SCRATCH.get();
        out.reset();
        out.writeByte(VERSION);
        StateStrings strings = new StateStrings(d.key().resourceId());
        int typeRef = strings.ref(d.resourceType());
        for (WatchedSeries s : d.series()) {
            strings.ref(s.rule.id());
            for (String v : s.values) {
                strings.ref(v);
            }
        }
        strings.writeTable(out);
        StateStrings.writeVarInt(out, typeRef);
        out.writeLong(d.lastDataMs());
        StateStrings.writeVarInt(out, d.series().size());
        for (WatchedSeries s : d.series()) {
            StateStrings.writeVarInt(out, strings.ref(s.rule.id()));
            StateStrings.writeVarInt(out, s.values.length);
            for (String v : s.values) {
                StateStrings.writeVarInt(out, strings.ref(v));
            }
            s.shape().writeTo(out);
            int series = out.openLength();
            s.writeTo(out);
            out.closeLength(series);
        }
        int lifecycle = out.openLength();
        d.lifecycle().writeTo(out);
        out.closeLength(lifecycle);
        StateStrings.writeVarInt(out, d.pendingEvents().size());
        for (HealthEvent e : d.pendingEvents()) {
            byte[] json = Json.toBytes(e);
            out.writeInt(json.length);
            out.write(json);
        }
        target.write(out.buffer(), 0, out.size());
    }
}

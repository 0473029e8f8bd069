package dev.vigil.detector.resource;

import dev.vigil.detector.anomaly.AnomalySeriesDetector;
import dev.vigil.detector.anomaly.LegacyState;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.series.SeriesDetector;
import dev.vigil.detector.series.SeriesEvaluator;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Json;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a resource's state of any released layout under the rules in force now, which may differ
 * from those it was written under. Per series:
 * <ul>
 *   <li>its rule is gone (removed, or renamed: a renamed rule is a removed one plus a new one), or
 *       watches other dimensions now: the series is dropped; if it was firing, its cause clears
 *       at the resource's next evaluation ({@link ResourceDetector});</li>
 *   <li>its rule's period, statistic, detector or metric changed ({@link SeriesShape}): the series
 *       restarts empty, still firing if it was (so the impairment holds until the new series is
 *       healthy);</li>
 *   <li>otherwise the series is read as it was: threshold, M of N (the newest N' periods kept),
 *       missing data, healthy threshold and keep-firing apply from the next period; an anomaly
 *       model keeps each stage whose block still fits and relearns the others;</li>
 *   <li>its bytes cannot be read: the series is dropped.</li>
 * </ul>
 * Each is recorded in the {@link RestoreReport}. Layout 4 gives each series (and the lifecycle) a
 * length and the shape it was written under. Layouts 2 and 3 wrote series back to back without
 * either, so their ends are found from their structure ({@link SeriesBytes}): the rule's shape
 * first, then the others, until the whole resource reads to its last byte; a format-4 anomaly
 * model, whose length its rule's parameters gave, is tried at every length that model could
 * write. Only a resource no combination reads throws: the caller drops it and counts it.
 */
public final class ResourceStateReader {
    static final int LAYOUT = ResourceCodec.VERSION;
    /** Combinations tried before a resource of layout 2 or 3 is given up as unreadable. */
    private static final int MAX_ATTEMPTS = 200_000;
    private static final SeriesShape.Kind[] KINDS = SeriesShape.Kind.values();

    private final ResourceKey key;
    private final String resourceId;
    private final RuleSet rules;
    private final RestoreReport report;
    private byte[] bytes;
    private int version;
    private String[] strings;
    private String type;
    private long lastDataMs;
    private int attempts;
    /** Layouts 2 and 3: per series, where its header, body and end are and how it parsed. */
    private Found[] found;
    private ResourceDetector result;

    private ResourceStateReader(ResourceKey key, RuleSet rules, RestoreReport report) {
        this.key = key;
        this.resourceId = key.resourceId();
        this.rules = rules;
        this.report = report;
    }

    /**
     * @param report receives what could not be carried over (may be null)
     * @throws IOException when the resource's state cannot be read at all
     */
    static ResourceDetector read(ResourceKey key, RuleSet rules, byte[] bytes, RestoreReport report) throws IOException {
        ResourceStateReader r = new ResourceStateReader(key, rules, report == null ? new RestoreReport() : report);
        try {
            return r.read(bytes);
        } catch (RuntimeException e) {
            throw new IOException("unreadable resource state: " + e.getMessage(), e);
        }
    }

    private ResourceDetector read(byte[] bytes) throws IOException {
        this.bytes = bytes;
        StateInput in = input(0);
        version = in.readUnsignedByte();
        if (version != LAYOUT && version != 3 && version != 2) {
            throw new IOException("unsupported resource state version " + version);
        }
        strings = StateStrings.readTable(in, resourceId);
        type = string(strings, StateStrings.readVarInt(in));
        lastDataMs = in.readLong();
        int n = StateStrings.readVarInt(in);
        if (version == LAYOUT) {
            return readLayout4(in, n);
        }
        found = new Found[n];
        if (!seriesFrom(0, bytes.length - in.available())) {
            throw new IOException("no reading of the resource's " + n + " series fits its bytes (layout " + version + ")");
        }
        for (Found f : found) {
            Rule rule = rules.get(f.ruleId);
            if (rule == null) {
                report.dropped(f.ruleId);
            } else if (f.values.length != rule.dimensions().size()) {
                report.dropped(f.ruleId);
            } else {
                SeriesShape now = SeriesShape.of(rule);
                if (now.kind != f.kind || now.stateful != f.stateful) {
                    restart(rule, f.values, f.facts, "statistic or detector changed");
                } else if (!aligned(f.facts, rule.periodMs())) {
                    restart(rule, f.values, f.facts, "period changed");
                } else {
                    keep(rule, f.values, f.bodyStart, f.facts.end);
                }
            }
        }
        return result;
    }

    private ResourceDetector readLayout4(StateInput in, int n) throws IOException {
        ResourceDetector d = newDetector();
        result = d;
        int[] starts = new int[n];
        int[] ends = new int[n];
        String[] ruleIds = new String[n];
        String[][] values = new String[n][];
        SeriesShape[] shapes = new SeriesShape[n];
        for (int k = 0; k < n; k++) {
            ruleIds[k] = string(strings, StateStrings.readVarInt(in));
            values[k] = new String[StateStrings.readVarInt(in)];
            for (int i = 0; i < values[k].length; i++) {
                values[k][i] = string(strings, StateStrings.readVarInt(in));
            }
            shapes[k] = SeriesShape.readFrom(in);
            int length = in.readInt();
            starts[k] = bytes.length - in.available();
            ends[k] = starts[k] + length;
            if (length < 0 || ends[k] > bytes.length) {
                throw new IOException("series of rule '" + ruleIds[k] + "' runs past the state's end");
            }
            in.skipBytes(length);
        }
        int lifecycleLength = in.readInt();
        int lifecycleStart = bytes.length - in.available();
        StateInput lifecycle = input(lifecycleStart, lifecycleLength);
        d.lifecycle().readFrom(lifecycle, version);
        in.skipBytes(lifecycleLength);
        readEvents(in, d);
        for (int k = 0; k < n; k++) {
            Rule rule = rules.get(ruleIds[k]);
            if (rule == null || values[k].length != rule.dimensions().size()) {
                report.dropped(ruleIds[k]);
                continue;
            }
            SeriesShape now = SeriesShape.of(rule);
            if (now.sameAs(shapes[k])) {
                // Left as its bytes until something needs it, when they are what reading and writing it would give.
                StoredSeries stored = StoredSeries.scan(rule, now.kind, bytes, starts[k], ends[k]);
                if (stored != null) {
                    d.series().restore(new WatchedSeries(rule, values[k], stored));
                } else {
                    keep(rule, values[k], starts[k], ends[k]);
                }
                continue;
            }
            try {
                SeriesBytes.Facts facts = SeriesBytes.walk(bytes, starts[k], ends[k], shapes[k].kind, shapes[k].stateful, 0,
                        new SeriesBytes.Facts());
                restart(rule, values[k], facts, now.differences(shapes[k]));
            } catch (IllegalArgumentException e) {
                report.unreadable();
            }
        }
        return d;
    }

    /** Layouts 2 and 3: finds a reading of series {@code k} on (and of what follows it) from {@code pos}. */
    private boolean seriesFrom(int k, int pos) {
        if (k == found.length) {
            return rest(pos);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, pos, bytes.length - pos);
        Found f = new Found();
        try {
            f.ruleId = ref(b);
            if (f.ruleId == null) {
                return false;
            }
            int nv = SeriesBytes.varint(b);
            if (nv > 32) {
                return false;
            }
            f.values = new String[nv];
            for (int i = 0; i < nv; i++) {
                f.values[i] = ref(b);
                if (f.values[i] == null) {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        f.bodyStart = b.position();
        Rule rule = rules.get(f.ruleId);
        SeriesShape own = rule == null ? null : SeriesShape.of(rule);
        int[] tails = LegacyState.tailCandidates(legacyLayout(rule));
        for (int c = -1; c < 2 * KINDS.length; c++) {
            SeriesShape.Kind kind;
            boolean stateful;
            if (c < 0) {
                if (own == null) {
                    continue;
                }
                kind = own.kind;
                stateful = own.stateful;
            } else {
                kind = KINDS[c % KINDS.length];
                stateful = c >= KINDS.length;
                if (own != null && kind == own.kind && stateful == own.stateful) {
                    continue;
                }
            }
            for (int t = 0; t < (stateful ? tails.length : 1); t++) {
                if (++attempts > MAX_ATTEMPTS) {
                    throw new IllegalStateException("gave up after " + MAX_ATTEMPTS + " readings");
                }
                SeriesBytes.Facts facts = new SeriesBytes.Facts();
                try {
                    SeriesBytes.walk(bytes, f.bodyStart, bytes.length, kind, stateful, tails[t], facts);
                } catch (IllegalArgumentException e) {
                    if (facts.legacyModel) {
                        continue;
                    }
                    break;
                }
                f.kind = kind;
                f.stateful = stateful;
                f.facts = facts;
                found[k] = f;
                if (seriesFrom(k + 1, facts.end)) {
                    return true;
                }
                if (!facts.legacyModel) {
                    break;
                }
            }
        }
        return false;
    }

    /** After the last series: the lifecycle and the queued events must read to the last byte. */
    private boolean rest(int pos) {
        try {
            StateInput in = input(pos);
            ResourceDetector d = newDetector();
            d.lifecycle().readFrom(in, version);
            readEvents(in, d);
            if (in.available() != 0) {
                return false;
            }
            result = d;
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void keep(Rule rule, String[] values, int from, int to) {
        try {
            StateInput in = input(from, to - from);
            WatchedSeries s = WatchedSeries.readFrom(rule, values, sliceDetector(rule), in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes left");
            }
            result.series().insert(s);
        } catch (IOException | RuntimeException e) {
            report.unreadable();
        }
    }

    private void restart(Rule rule, String[] values, SeriesBytes.Facts facts, String why) {
        report.restarted(rule.id(), why);
        WatchedSeries s = new WatchedSeries(rule,
                SeriesEvaluator.continuing(rule, SeriesDetectors.forRule(rule), facts.firing, facts.lastAlarmEndMs), values);
        s.episode().restore(facts.wasFiring ? facts.episodeStart : Long.MIN_VALUE, 0, facts.wasFiring);
        result.series().insert(s);
    }

    /** A format-4 model ends where its series ends, which the structure told: read it to there. */
    static SeriesDetector sliceDetector(Rule rule) {
        SeriesDetector d = SeriesDetectors.forRule(rule);
        return d instanceof AnomalySeriesDetector ? ((AnomalySeriesDetector) d).readingLegacyToEnd() : d;
    }

    private LegacyState.Layout legacyLayout(Rule rule) {
        if (rule != null) {
            SeriesDetector d = SeriesDetectors.forRule(rule);
            if (d instanceof AnomalySeriesDetector) {
                return ((AnomalySeriesDetector) d).legacyLayout();
            }
        }
        return LegacyState.Layout.DEFAULT;
    }

    /** Open periods and the next one to evaluate start on the rule's period, or the period changed. */
    private static boolean aligned(SeriesBytes.Facts f, long periodMs) {
        if (f.nextPeriodStartMs != Long.MIN_VALUE && Math.floorMod(f.nextPeriodStartMs, periodMs) != 0) {
            return false;
        }
        for (long start : f.openStarts) {
            if (Math.floorMod(start, periodMs) != 0) {
                return false;
            }
        }
        return true;
    }

    private ResourceDetector newDetector() {
        ResourceDetector d = new ResourceDetector(key, type);
        d.restoreLastData(lastDataMs);
        return d;
    }

    private void readEvents(StateInput in, ResourceDetector d) throws IOException {
        int pending = StateStrings.readVarInt(in);
        for (int i = 0; i < pending; i++) {
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("queued event runs past the state's end");
            }
            byte[] json = new byte[length];
            in.readFully(json);
            d.pendingEvents().add(Json.fromBytes(json, HealthEvent.class));
        }
    }

    private String ref(ByteBuffer b) {
        int r = SeriesBytes.varint(b);
        if (r >= strings.length) {
            throw new IllegalArgumentException("string reference out of range");
        }
        return strings[r];
    }

    static String string(String[] strings, int ref) throws IOException {
        if (ref >= strings.length) {
            throw new IOException("string reference " + ref + " out of range");
        }
        return strings[ref];
    }

    private StateInput input(int from) {
        return input(from, bytes.length - from);
    }

    private StateInput input(int from, int length) {
        return new StateInput(bytes, from, length);
    }

    /** One series of layout 2 or 3 as found. */
    private static final class Found {
        String ruleId;
        String[] values;
        int bodyStart;
        SeriesShape.Kind kind;
        boolean stateful;
        SeriesBytes.Facts facts;
    }
}
